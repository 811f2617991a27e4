/// Formats and parses fixed-point integers as decimal text, without Foundation and without `Double`.
///
/// Parsing is exact: "12.3456" with scale 6 becomes 12_345_600. More fractional digits than the scale can
/// hold is an error, never a silent rounding, because input must not be changed without saying so.
public enum FixedPointFormat {
    /// Renders `value / 10^scale` with `fractionDigits` decimals (rounding half away from zero when
    /// `fractionDigits < scale`).
    public static func decimal(_ value: Int64, scale: Int, fractionDigits: Int) -> String {
        precondition(fractionDigits >= 0 && fractionDigits <= scale && scale <= 18)
        var v = Int128(value)
        let drop = scale - fractionDigits
        if drop > 0 { v = Rounding.divideHalfAwayFromZero(v, by: pow10(drop)) }
        let negative = v < 0
        let mag = v.magnitude
        let unit = UInt128(pow10(fractionDigits))
        let whole = mag / unit
        let frac = mag % unit
        var s = negative ? "-" : ""
        s += String(whole)
        if fractionDigits > 0 {
            var f = String(frac)
            while f.count < fractionDigits { f = "0" + f }
            s += "." + f
        }
        return s
    }

    /// Why a decimal could not be parsed.
    public enum ParseFailure: Error, Equatable, Sendable {
        case empty
        case notANumber
        case tooManyDecimals(max: Int)
        case outOfRange
    }

    /// Parses ASCII decimal text ("-12.5", "+3", "0.000001") into `value · 10^scale`.
    ///
    /// Inlinable so that the readers' call on a byte slice is specialised: a month of 5-minute readings for a
    /// thousand resources is 36 million calls.
    @inlinable
    public static func parse<C: Collection>(_ bytes: C, scale: Int) -> Result<Int64, ParseFailure>
    where C.Element == UInt8 {
        // A negative scale would silently multiply by 1 (pow10 of a negative is 1); above 18 no Int64 fits.
        precondition(scale >= 0 && scale <= 18, "scale must be 0…18")
        var negative = false
        var seenDigit = false
        var seenDot = false
        var fracDigits = 0
        var acc: UInt64 = 0
        var first = true
        for b in bytes {
            if first {
                first = false
                if b == UInt8(ascii: "-") { negative = true; continue }
                if b == UInt8(ascii: "+") { continue }
            }
            if b == UInt8(ascii: ".") {
                if seenDot { return .failure(.notANumber) }
                seenDot = true
                continue
            }
            guard b >= 48 && b <= 57 else { return .failure(.notANumber) }
            seenDigit = true
            if seenDot {
                fracDigits += 1
                if fracDigits > scale {
                    // Trailing zeros beyond the scale change nothing and are accepted.
                    if b == 48 { fracDigits -= 1; continue }
                    return .failure(.tooManyDecimals(max: scale))
                }
            }
            let (times10, o1) = acc.multipliedReportingOverflow(by: 10)
            let (next, o2) = times10.addingReportingOverflow(UInt64(b - 48))
            if o1 || o2 { return .failure(.outOfRange) }
            acc = next
        }
        if first { return .failure(.empty) }
        guard seenDigit else { return .failure(.notANumber) }
        var wide = Int128(acc) * Int128(tenTo(scale - fracDigits))
        if negative { wide = -wide }
        guard let v = Int64(exactly: wide) else { return .failure(.outOfRange) }
        return .success(v)
    }

    /// Convenience for strings.
    public static func parse(_ text: String, scale: Int) -> Result<Int64, ParseFailure> {
        parse(Array(text.utf8), scale: scale)
    }

    @inlinable
    public static func pow10(_ n: Int) -> Int128 {
        // a table lookup: every parsed number scales by one of these (perf: the loop was 2 % of a portfolio settle)
        if n >= 0 && n < powersOf10.count { return powersOf10[n] }
        var r: Int128 = 1
        for _ in 0..<n { r *= 10 }
        return r
    }

    /// 10ⁿ for n in 0…18, the powers a parsed number is scaled by, without the table: reading a global `let` costs
    /// its once-check per call, and the readings parser calls this for every value (1 % of a portfolio settle).
    @inlinable @inline(__always) static func tenTo(_ n: Int) -> UInt64 {
        switch n {
        case 0: 1
        case 1: 10
        case 2: 100
        case 3: 1_000
        case 4: 10_000
        case 5: 100_000
        case 6: 1_000_000
        case 7: 10_000_000
        case 8: 100_000_000
        case 9: 1_000_000_000
        case 10: 10_000_000_000
        case 11: 100_000_000_000
        case 12: 1_000_000_000_000
        case 13: 10_000_000_000_000
        case 14: 100_000_000_000_000
        case 15: 1_000_000_000_000_000
        case 16: 10_000_000_000_000_000
        case 17: 100_000_000_000_000_000
        default: 1_000_000_000_000_000_000
        }
    }

    /// 10⁰ … 10³⁸, every power of ten an `Int128` holds.
    @usableFromInline static let powersOf10: [Int128] = (0...38).map { n in (0..<n).reduce(Int128(1)) { r, _ in r * 10 } }
}
