/// A demand-response event of the resource (dataset file `events.csv`): a dispatch to measure against a
/// baseline, a test (excluded from look-backs like an event, but not settled), or an outage (its days are
/// not like days).
public struct DemandResponseEvent: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case dispatch, test, outage
    }

    public var kind: Kind
    public var start: Instant
    public var end: Instant
    /// `file:line` it was read from.
    public var source: String

    public init(kind: Kind, start: Instant, end: Instant, source: String = "") {
        self.kind = kind
        self.start = start
        self.end = end
        self.source = source
    }

    /// The local days `[start, end)` touches.
    public func days(in tz: MarketTimeZone) -> [LocalDate] {
        let first = tz.localTime(start).date
        let last = tz.localTime(end.adding(seconds: -1)).date
        var out: [LocalDate] = []
        var d = first
        while !(last < d) {
            out.append(d)
            d = d.adding(days: 1)
        }
        return out
    }
}
