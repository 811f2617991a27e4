import GridSettleCore

/// Field parsers for foreign files, where dates, clock times and decimals come in the sender's spelling.
/// Each returns `nil` on anything it does not fully understand; the caller turns that into an issue naming
/// the file, line, field and value.
enum ForeignFields {
    /// A decimal with at most `scale` decimals as a fixed-point integer, or the reason it is not one.
    static func decimal(_ text: String, scale: Int) -> Result<Int64, FixedPointFormat.ParseFailure> {
        FixedPointFormat.parse(ArraySlice(Array(text.utf8)), scale: scale)
    }

    /// The expectation text for a failed decimal.
    static func expectation(_ failure: FixedPointFormat.ParseFailure, what: String) -> String {
        switch failure {
        case .tooManyDecimals(let m): return "\(what) with at most \(m) decimals (GridSettle never rounds input)"
        case .outOfRange: return "\(what) small enough to hold exactly"
        case .empty, .notANumber: return what
        }
    }

    /// `YYYY-MM-DD` or `M/D/YYYY` (US utility exports).
    static func date(_ text: String) -> LocalDate? {
        let t = text.trimmedField
        if t.count == 10, t.utf8[t.utf8.index(t.utf8.startIndex, offsetBy: 4)] == UInt8(ascii: "-") {
            return LocalDate(parsing: t)
        }
        let parts = t.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].count == 4, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count),
            let m = Int(parts[0]), let d = Int(parts[1]), let y = Int(parts[2]),
            (1...12).contains(m), d >= 1, d <= LocalDate.daysInMonth(year: y, month: m)
        else { return nil }
        return LocalDate(year: y, month: m, day: d)
    }

    /// Minutes after midnight for `HH:MM` / `H:MM` (24-hour) or `h:mm AM` / `h:mm PM`.
    static func clockMinutes(_ text: String) -> Int? {
        var t = text.trimmedField.uppercased()
        var pm: Bool? = nil
        if t.hasSuffix("AM") || t.hasSuffix("PM") {
            pm = t.hasSuffix("PM")
            t = String(t.dropLast(2)).trimmedField
        }
        let parts = t.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, (1...2).contains(parts[0].count), parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) && !$0.isEmpty }),
            var h = Int(parts[0]), let m = Int(parts[1]), m < 60
        else { return nil }
        if parts.count == 3 && Int(parts[2]) != 0 { return nil }
        if let pm {
            guard (1...12).contains(h) else { return nil }
            h = h % 12 + (pm ? 12 : 0)
        }
        guard h < 24 else { return nil }
        return h * 60 + m
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    var trimmedField: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
