/// CAISO award hours (research F3.9, seed 000: "Identify hours where resource received CAISO award").
///
/// A minute is in an award period if any non-zero award or dispatch instruction — day-ahead, FMM or RTD,
/// energy or regulation — covers it. With ``SettlementPolicies/AwardScope/clockHour`` (the pilot's
/// practice) the whole clock hour containing an award is an award hour; with `.awardInterval` only the
/// award's own interval counts. Clock hours are taken in UTC, which equals local clock hours because
/// CAISO and PJM offsets are whole hours.
public enum AwardHours {
    public static func mask(awards: [Award], start: Instant, end: Instant, scope: SettlementPolicies.AwardScope) -> MinuteMask {
        var mask = MinuteMask(start: start, end: end)
        for a in awards where a.microMW != 0 {
            switch scope {
            case .awardInterval:
                mask.mark(from: a.start, to: a.end)
            case .clockHour:
                let h0 = a.start.secondsSinceEpoch - ((a.start.secondsSinceEpoch % 3600) + 3600) % 3600
                let endS = a.end.secondsSinceEpoch
                let h1 = endS % 3600 == 0 ? endS : endS - (endS % 3600 + 3600) % 3600 + 3600
                mask.mark(from: Instant(secondsSinceEpoch: h0), to: Instant(secondsSinceEpoch: h1))
            }
        }
        return mask
    }
}
