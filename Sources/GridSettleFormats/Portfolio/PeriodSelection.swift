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
