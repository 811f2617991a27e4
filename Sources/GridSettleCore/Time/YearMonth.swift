/// A calendar month.
public struct YearMonth: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int

    public init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    /// `YYYY-MM` in digits, the year in ``DatasetRanges/periodYears`` (the range every date of a dataset is held to).
    public init?(_ text: String) {
        let b = Array(text.utf8)
        func number(_ r: Range<Int>) -> Int? {
            // digits only: `Int("+1")` would read "2016-+1" as January
            guard b[r].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
            return Int(String(decoding: b[r], as: UTF8.self))
        }
        guard b.count == 7, b[4] == UInt8(ascii: "-"), let y = number(0..<4), let m = number(5..<7),
            DatasetRanges.periodYears.contains(y), (1...12).contains(m)
        else { return nil }
        year = y
        month = m
    }

    /// The calendar month a period is, nil when it is not exactly one (a format 1 dataset may span several).
    public init?(period: SettlementPeriod) {
        let s = period.start
        guard s.day == 1 else { return nil }
        self.init(year: s.year, month: s.month)
        guard self.period == period else { return nil }
    }

    public var previous: YearMonth { month == 1 ? YearMonth(year: year - 1, month: 12) : YearMonth(year: year, month: month - 1) }
    public var next: YearMonth { month == 12 ? YearMonth(year: year + 1, month: 1) : YearMonth(year: year, month: month + 1) }
    public var firstDay: LocalDate { LocalDate(year: year, month: month, day: 1) }
    public var period: SettlementPeriod { SettlementPeriod(start: firstDay, end: next.firstDay) }

    public static func < (a: YearMonth, b: YearMonth) -> Bool { (a.year, a.month) < (b.year, b.month) }
    public var description: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }
}
