/// What a local wall-clock time means in a zone with daylight saving time.
///
/// Foreign files (Green Button CSV, CMEP, PJM `_ept` columns) label intervals with local time and no offset.
/// On the fall-back day one hour of labels happens twice and on the spring-forward day one hour never
/// happens, so a label alone is not an instant. Readers ask this and refuse to guess (research
/// data_formats.md §1.7, §3.1).
public enum LocalTimeMatch: Sendable, Hashable {
    /// The label names exactly one instant.
    case unique(Instant)
    /// The label happens twice (fall-back): first in daylight time, then in standard time.
    case repeated(daylight: Instant, standard: Instant)
    /// The label never happens (spring-forward gap).
    case skipped
}

extension MarketTimeZone {
    /// The instant(s) at which the wall clock in this zone reads `local`.
    public func instants(atLocal local: LocalDateTime) -> LocalTimeMatch {
        let wall = local.secondsSinceLocalEpoch
        let asStandard = Instant(secondsSinceEpoch: wall - standardOffsetSeconds)
        let asDaylight = Instant(secondsSinceEpoch: wall - standardOffsetSeconds - 3600)
        let standardFits = !observesDST || !isDaylightTime(asStandard)
        let daylightFits = observesDST && isDaylightTime(asDaylight)
        switch (daylightFits, standardFits) {
        case (true, true): return .repeated(daylight: asDaylight, standard: asStandard)
        case (true, false): return .unique(asDaylight)
        case (false, true): return .unique(asStandard)
        case (false, false): return .skipped
        }
    }
}
