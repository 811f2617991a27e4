/// A calendar month.
public struct YearMonth: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int

    public init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    /// `YYYY-MM` in digits, the year in ``DatasetRanges/periodYears`` (the range every date of a dataset is held to):
    /// read as the first day of the month by ``LocalDate/init(parsing:)``, the one date parser.
    public init?(_ text: String) {
        guard text.utf8.count == 7, let day = LocalDate(parsing: text + "-01"), DatasetRanges.periodYears.contains(day.year) else { return nil }
        self.init(year: day.year, month: day.month)
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
