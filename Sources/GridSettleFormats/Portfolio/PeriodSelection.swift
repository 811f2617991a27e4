import GridSettleCore

/// Which periods of a portfolio to settle, chosen when it is settled (`gridsettle settle --period`).
///
/// A period is a calendar month in the site's time zone, `[first local midnight, next month's)`.
public enum PeriodSelection: Sendable, Hashable, CustomStringConvertible {
    /// The months from `first` to `last`, both included.
    case months(first: YearMonth, last: YearMonth)
    /// Every month the site's readings cover entirely: all its meters have rows from before its first
    /// local midnight to after its last interval.
    case allComplete

    /// Parses `2026-01` or `2026-01..2026-03`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 1, let m = YearMonth(String(parts[0])) {
            self = .months(first: m, last: m)
        } else if parts.count == 3, parts[1].isEmpty, let a = YearMonth(String(parts[0])), let b = YearMonth(String(parts[2])), a <= b {
            self = .months(first: a, last: b)
        } else {
            return nil
        }
    }

    public static let expected = "a month YYYY-MM or a range YYYY-MM..YYYY-MM (first ≤ last), e.g. 2026-01 or 2026-01..2026-03"

    public var description: String {
        switch self {
        case .allComplete: "every complete month"
        case .months(let a, let b): a == b ? "\(a)" : "\(a)..\(b)"
        }
    }
}

/// A calendar month.
public struct YearMonth: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int

    public init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    /// `YYYY-MM`, year 1900…2200 (the range every date of a dataset is held to).
    public init?(_ text: String) {
        let b = Array(text.utf8)
        guard b.count == 7, b[4] == UInt8(ascii: "-"), let y = Int(String(decoding: b[0..<4], as: UTF8.self)),
            let m = Int(String(decoding: b[5..<7], as: UTF8.self)), (1900...2200).contains(y), (1...12).contains(m)
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
