/// Performance paid for one stretch of a demand-response event: the µkWh the market pays over
/// `[start, end)` (a baseline slot, or a storage interval when that is longer). Built by
/// ``DemandResponseSettlement``; the ledger decides which metered discharge it owns.
public struct DemandResponseClaim: Sendable, Hashable {
    /// Index of the event in the settlement's dispatch-event list.
    public var event: Int
    public var start: Instant
    public var end: Instant
    /// Performance paid over the range, µkWh (negative performance claims nothing).
    public var microKWh: Int64

    public init(event: Int, start: Instant, end: Instant, microKWh: Int64) {
        self.event = event
        self.start = start
        self.end = end
        self.microKWh = microKWh
    }
}

/// What became of a claim in the ledger.
public struct DemandResponseClaimOutcome: Sendable, Hashable {
    public var claim: DemandResponseClaim
    /// Retail discharge in the range that the performance now owns (moved to wholesale, added back).
    public var owned: Int64
    /// Performance the range's award-period discharge would have to back: that discharge is already settled
    /// by CAISO, so paying it as performance too is a double payment (check DP8).
    public var alsoAwardSettled: Int64
    /// Performance no storage discharge backs: load curtailment or avoided charging. Not storage energy, so
    /// it has no owner on the storage meter (the LSE's default load adjustment still covers it).
    public var notDischarge: Int64
    /// Storage-meter intervals in the range without data: the outcome may change with complete data.
    public var missingIntervals: Int
}

/// Gives each demand-response claim the storage discharge it pays for (research settlement_rules.md §3.10,
/// F4.3 "each MWh paid once", docs/rules.md "Demand-response performance settlement").
///
/// Rule `[D]`: in the claim's range, performance owns retail discharge first, up to the claim; that energy
/// moves from `dischargeRetail` to `dischargeWholesale` (and `dischargeDemandResponse`) and is added back to
/// the retail bill, exactly like award-period discharge (F3.10), so the kWh paid as performance never also
/// lowers the retail bill. The share of each interval is proportional to its retail discharge, by cumulative
/// rounding, so the parts sum exactly to the owned total and no interval gives more than it has.
public enum DemandResponseOwnership {
    public static func apply(_ claims: [DemandResponseClaim], to L: inout StorageLedger) -> [DemandResponseClaimOutcome] {
        claims.map { apply($0, to: &L) }
    }

    /// The storage intervals starting inside the claim's range.
    static func indices(_ claim: DemandResponseClaim, in g: IntervalGrid) -> Range<Int> {
        let lo = max(0, Int((claim.start.secondsSinceEpoch - g.start.secondsSinceEpoch + g.seconds - 1) / g.seconds))
        let hi = min(g.count, Int((claim.end.secondsSinceEpoch - g.start.secondsSinceEpoch + g.seconds - 1) / g.seconds))
        return lo..<max(lo, hi)
    }

    static func apply(_ claim: DemandResponseClaim, to L: inout StorageLedger) -> DemandResponseClaimOutcome {
        let range = indices(claim, in: L.grid)
        var retail: Int64 = 0
        var award: Int64 = 0
        var missing = 0
        for i in range {
            if L.flags[i].contains(.missing) {
                missing += 1
                continue
            }
            retail += L.dischargeRetail[i]
            award += L.dischargeWholesale[i] - L.dischargeDemandResponse[i]
        }
        let want = max(0, claim.microKWh)
        let owned = min(want, retail)
        if owned > 0 {
            // cumulative rounding: share_i = round(owned·cum_i/retail) − round(owned·cum_{i−1}/retail)
            var cumulative: Int64 = 0
            var given: Int64 = 0
            for i in range where !L.flags[i].contains(.missing) && L.dischargeRetail[i] > 0 {
                cumulative += L.dischargeRetail[i]
                let upTo = Rounding.int64(Rounding.divideHalfAwayFromZero(Int128(owned) * Int128(cumulative), by: Int128(retail)))
                let share = upTo - given
                given = upTo
                guard share > 0 else { continue }
                L.dischargeRetail[i] -= share
                L.dischargeWholesale[i] += share
                L.dischargeDemandResponse[i] += share
                L.addBack[i] += share
                L.flags[i].insert(.demandResponse)
            }
        }
        let alsoAward = min(want - owned, award)
        return DemandResponseClaimOutcome(
            claim: claim, owned: owned, alsoAwardSettled: alsoAward, notDischarge: want - owned - alsoAward, missingIntervals: missing)
    }
}
