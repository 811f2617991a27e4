import GridSettleCore

/// Strict field parsers shared by the OpenADR 2.0b and 3.0 readers: ISO 8601 instants and durations, and
/// exact decimals (xs:float / JSON number spelling, exponent allowed) scaled to fixed point.
///
/// Each returns a failure with the reason rather than guessing; the readers turn that into an issue naming
/// the file, the line or JSON path, the field and the value.
enum OpenADRFields {
    // MARK: Instants

    /// An instant read from `YYYY-MM-DDTHH:MM:SS[.fff…](Z|±HH:MM)`. GridSettle's ``Instant`` holds whole
    /// seconds; `droppedFraction` says a non-zero fraction of a second was cut off (openleadr writes
    /// microseconds, e.g. `2020-12-03T14:23:07.606894Z`).
    struct Stamp: Equatable {
        var instant: Instant
        var droppedFraction: Bool
    }

    static let instantExpected =
        "an ISO 8601 UTC instant with Z or an offset, e.g. 2024-07-02T00:00:00Z or 2024-07-02T00:00:00.000000Z"

    static func instant(_ text: String) -> Stamp? {
        let b = Array(text.utf8)
        guard b.count >= 20 else { return nil }
        func digit(_ k: Int) -> Int? { b[k] >= 48 && b[k] <= 57 ? Int(b[k] - 48) : nil }
        func num(_ k: Int, _ len: Int) -> Int? {
            var v = 0
            for x in k..<(k + len) {
                guard let d = digit(x) else { return nil }
                v = v * 10 + d
            }
            return v
        }
        guard b[4] == 45, b[7] == 45, b[10] == 84 || b[10] == 116, b[13] == 58, b[16] == 58,
            let y = num(0, 4), let mo = num(5, 2), let da = num(8, 2), let h = num(11, 2), let mi = num(14, 2),
            let se = num(17, 2), y >= 1, (1...12).contains(mo), da >= 1, da <= LocalDate.daysInMonth(year: y, month: mo),
            h < 24, mi < 60, se < 60
        else { return nil }
        var k = 19
        var fraction = false
        if k < b.count && b[k] == 46 {  // '.'
            k += 1
            let first = k
            while k < b.count, let d = digit(k) {
                if d != 0 { fraction = true }
                k += 1
            }
            guard k > first else { return nil }
        }
        guard k < b.count else { return nil }
        var offset = 0
        if b[k] == 90 || b[k] == 122 {  // Z
            guard k + 1 == b.count else { return nil }
        } else if b[k] == 43 || b[k] == 45 {
            guard k + 6 == b.count, b[k + 3] == 58, let oh = num(k + 1, 2), let om = num(k + 4, 2), oh < 24, om < 60 else {
                return nil
            }
            offset = (oh * 3600 + om * 60) * (b[k] == 45 ? -1 : 1)
        } else {
            return nil
        }
        let days = LocalDate(year: y, month: mo, day: da).daysSinceEpoch
        let seconds = days * 86_400 + Int64(h * 3600 + mi * 60 + se) - Int64(offset)
        return Stamp(instant: Instant(secondsSinceEpoch: seconds), droppedFraction: fraction)
    }

    // MARK: Durations

    static let durationExpected =
        "an ISO 8601 duration PnW or PnDTnHnMnS in whole seconds, e.g. PT15M, PT1H, P1DT2H (months and years have no fixed length)"

    /// Seconds of a strict ISO 8601 duration: `PnW`, or `P[nD][T[nH][nM][nS]]` with at least one part,
    /// each part at most once and in that order, whole numbers only. Months and years (`P1M`, `P1Y`,
    /// OpenADR 3's `P9999Y` "infinity") have no fixed length and are refused, as are negative and fractional
    /// durations. Returns the reason on failure.
    /// The longest duration read (100 years): longer ones are refused, so sums of them cannot overflow.
    static let maxDurationSeconds: Int64 = 100 * 366 * 86_400

    static func duration(_ text: String) -> Result<Int64, DurationFailure> {
        let b = Array(text.utf8)
        guard !b.isEmpty else { return .failure(.malformed) }
        if b[0] == UInt8(ascii: "-") { return .failure(.negative) }
        guard b[0] == UInt8(ascii: "P") else { return .failure(.malformed) }
        var k = 1
        var total: Int64 = 0
        var inTime = false
        var parts = 0
        var timeParts = 0
        // Units in the order they may appear; `rank` only moves forward.
        var rank = 0
        while k < b.count {
            if b[k] == UInt8(ascii: "T") {
                guard !inTime else { return .failure(.malformed) }
                inTime = true
                k += 1
                continue
            }
            let start = k
            var n: Int64 = 0
            while k < b.count, b[k] >= 48, b[k] <= 57 {
                let (m, o1) = n.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(b[k] - 48))
                if o1 || o2 { return .failure(.tooLong) }
                n = a
                k += 1
            }
            guard k > start, k < b.count else { return .failure(.malformed) }
            if b[k] == UInt8(ascii: ".") || b[k] == UInt8(ascii: ",") { return .failure(.fractional) }
            let unit = b[k]
            k += 1
            let factor: Int64
            let r: Int
            switch (unit, inTime) {
            case (UInt8(ascii: "Y"), false): return .failure(.calendarUnit)
            case (UInt8(ascii: "M"), false): return .failure(.calendarUnit)
            case (UInt8(ascii: "W"), false): (factor, r) = (604_800, 1)
            case (UInt8(ascii: "D"), false): (factor, r) = (86_400, 2)
            case (UInt8(ascii: "H"), true): (factor, r) = (3600, 3)
            case (UInt8(ascii: "M"), true): (factor, r) = (60, 4)
            case (UInt8(ascii: "S"), true): (factor, r) = (1, 5)
            default: return .failure(.malformed)
            }
            guard r > rank else { return .failure(.malformed) }
            // Weeks stand alone (ISO 8601: PnW is its own form).
            if rank == 1 || (r == 1 && parts > 0) { return .failure(.malformed) }
            rank = r
            let (m, o1) = n.multipliedReportingOverflow(by: factor)
            let (a, o2) = total.addingReportingOverflow(m)
            if o1 || o2 { return .failure(.tooLong) }
            total = a
            parts += 1
            if inTime { timeParts += 1 }
        }
        guard parts > 0, !inTime || timeParts > 0 else { return .failure(.malformed) }
        guard total <= maxDurationSeconds else { return .failure(.tooLong) }
        return .success(total)
    }

    enum DurationFailure: Error, Equatable {
        case malformed, negative, fractional, calendarUnit, tooLong

        var expected: String {
            switch self {
            case .malformed: return OpenADRFields.durationExpected
            case .negative: return "a duration ≥ 0 (ISO 8601 has no negative durations here)"
            case .fractional: return "a duration in whole seconds (GridSettle never rounds input)"
            case .calendarUnit:
                return "a duration in weeks, days, hours, minutes or seconds; months and years (and OpenADR 3's P9999Y 'infinity') have no fixed length"
            case .tooLong: return "a duration of at most 100 years"
            }
        }
    }

    // MARK: Decimals

    enum DecimalFailure: Error, Equatable {
        case notANumber, tooPrecise, outOfRange
    }

    /// `value · 10^scale` exactly, from decimal text with an optional exponent (`-250`, `8.0`, `1.25E2`,
    /// `-0`). Trailing zeros past the scale are fine; any other digit past it is refused (`tooPrecise`):
    /// GridSettle never rounds input. `INF`, `NaN`, hexadecimal and empty text are not numbers.
    static func fixed(_ text: String, scale: Int) -> Result<Int64, DecimalFailure> {
        precondition(scale >= 0 && scale <= 18)
        let b = Array(text.utf8)
        var k = 0
        var negative = false
        if k < b.count && (b[k] == UInt8(ascii: "-") || b[k] == UInt8(ascii: "+")) {
            negative = b[k] == UInt8(ascii: "-")
            k += 1
        }
        var digits: [UInt8] = []  // significant digits of the mantissa, leading zeros dropped
        var fracDigits = 0
        var sawDigit = false
        while k < b.count, b[k] >= 48, b[k] <= 57 {
            sawDigit = true
            if !(digits.isEmpty && b[k] == 48) { digits.append(b[k] - 48) }
            k += 1
        }
        if k < b.count && b[k] == UInt8(ascii: ".") {
            k += 1
            while k < b.count, b[k] >= 48, b[k] <= 57 {
                sawDigit = true
                if !(digits.isEmpty && b[k] == 48) { digits.append(b[k] - 48) }
                fracDigits += 1
                k += 1
            }
        }
        guard sawDigit else { return .failure(.notANumber) }
        var exponent = 0
        if k < b.count && (b[k] == UInt8(ascii: "e") || b[k] == UInt8(ascii: "E")) {
            k += 1
            var expNegative = false
            if k < b.count && (b[k] == UInt8(ascii: "-") || b[k] == UInt8(ascii: "+")) {
                expNegative = b[k] == UInt8(ascii: "-")
                k += 1
            }
            let start = k
            var e = 0
            while k < b.count, b[k] >= 48, b[k] <= 57 {
                if e < 100_000 { e = e * 10 + Int(b[k] - 48) }
                k += 1
            }
            guard k > start else { return .failure(.notANumber) }
            exponent = expNegative ? -e : e
        }
        guard k == b.count else { return .failure(.notANumber) }
        // Strip trailing zeros of the significant digits into the exponent.
        var power = exponent - fracDigits + scale
        while let last = digits.last, last == 0 {
            digits.removeLast()
            power += 1
        }
        if digits.isEmpty { return .success(0) }
        if power < 0 { return .failure(.tooPrecise) }
        if digits.count + power > 19 { return .failure(.outOfRange) }
        var v: Int128 = 0
        for d in digits { v = v * 10 + Int128(d) }
        for _ in 0..<power { v *= 10 }
        if negative { v = -v }
        guard v >= Int128(Int64.min + 1), v <= Int128(Int64.max) else { return .failure(.outOfRange) }
        return .success(Int64(v))
    }

    /// A non-negative whole number (uid, modificationNumber, interval id) that fits in an `Int`.
    static func wholeNumber(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int(text)
    }

    /// The text of a value for an issue, cut to a readable length.
    static func shown(_ text: String, limit: Int = 80) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }
}
