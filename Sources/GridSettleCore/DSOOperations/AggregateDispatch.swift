/// An aggregate ISO award for the DSO's aggregation: signed average power per interval (+ discharge/export,
/// − charge/import), what the ISO expects the aggregation as a whole to deliver.
public struct AggregateAward: Sendable, Hashable {
    public var grid: IntervalGrid
    public var microKW: [Int64]

    public init(grid: IntervalGrid, microKW: [Int64]) {
        precondition(microKW.count == grid.count, "one award value per interval")
        self.grid = grid
        self.microKW = microKW
    }

    /// From ISO units: µMW (the engine's market-power unit), × 1 000 to µkW, exact.
    public init(grid: IntervalGrid, microMW: [Int64]) {
        self.init(grid: grid, microKW: microMW.map { Rounding.int64(Int128($0) * 1_000) })
    }
}

/// Splits an aggregate award across storage members interval by interval (docs/dso-operations.md §2).
///
/// For each interval, in time order:
/// 1. Each member's available power: its rated limit, reduced so the interval cannot take its stored energy
///    outside `[min, max]` (``DispatchSOC``).
/// 2. Served = the award, capped at the fleet's available power in the award's direction; unserved = award −
///    served, reported with why (rated power or state of charge), never hidden.
/// 3. Served is shared by ``DispatchAllocationRule`` through ``ProRataAllocation`` (exact sum, each member
///    within its available power); every member moves in the award's direction, none against it.
/// 4. Each member's stored energy steps by the SOC model.
///
/// Greedy by design: the dispatcher does not look ahead (the award of the next interval may not be known when
/// this one is dispatched), so it serves as much as it can now.
public struct AggregateDispatch: Sendable {
    public let members: [DispatchMember]
    public let rule: DispatchAllocationRule

    /// Rejects members with bad parameters or duplicate ids, listing every problem.
    public init(members: [DispatchMember], rule: DispatchAllocationRule = .energyHeadroom) throws(DispatchInputError) {
        var problems = members.flatMap(\.problems)
        var seen = Set<String>()
        for m in members where !seen.insert(m.id).inserted { problems.append("member id \(m.id) is used twice") }
        if !problems.isEmpty { throw DispatchInputError(problems: problems) }
        self.members = members
        self.rule = rule
    }

    public func dispatch(_ award: AggregateAward) -> AggregateDispatchResult {
        let n = award.grid.count
        let s = award.grid.seconds
        var soc = members.map(\.initialSOCMicroKWh)
        var out = members.map {
            AggregateDispatchResult.Member(
                id: $0.id, setPointMicroKW: [], socMicroKWh: [$0.initialSOCMicroKWh], availableDischargeMicroKW: [], availableChargeMicroKW: [])
        }
        var served = [Int64](repeating: 0, count: n)
        var unserved = [Int64](repeating: 0, count: n)
        var shortfall = [AggregateDispatchResult.Shortfall](repeating: .none, count: n)
        for t in 0..<n {
            let dis = members.indices.map { i in
                min(members[i].maxDischargeMicroKW, DispatchSOC.dischargeLimit(soc: soc[i], minSOC: members[i].minSOCMicroKWh, seconds: s, efficiency: members[i].efficiency))
            }
            let chg = members.indices.map { i in
                min(members[i].maxChargeMicroKW, DispatchSOC.chargeLimit(soc: soc[i], maxSOC: members[i].maxSOCMicroKWh, seconds: s, efficiency: members[i].efficiency))
            }
            let a = award.microKW[t]
            let discharging = a >= 0
            let caps = discharging ? dis : chg
            let rated = discharging ? members.map(\.maxDischargeMicroKW) : members.map(\.maxChargeMicroKW)
            let available = caps.reduce(Int128(0)) { $0 + Int128($1) }
            let want = Int128(a.magnitude)
            let give = Int64(min(want, available))
            let weights: [Int64]
            switch rule {
            case .powerHeadroom: weights = caps
            case .energyHeadroom:
                weights = members.indices.map { i in
                    discharging ? soc[i] - members[i].minSOCMicroKWh : members[i].maxSOCMicroKWh - soc[i]
                }
            }
            let shares = ProRataAllocation.allocate(give, weights: weights, caps: caps)
            served[t] = discharging ? give : -give
            unserved[t] = a - served[t]
            if want > available {
                shortfall[t] = want > rated.reduce(Int128(0)) { $0 + Int128($1) } ? .ratedPower : .stateOfCharge
            }
            for i in members.indices {
                let p = discharging ? shares[i] : -shares[i]
                soc[i] = DispatchSOC.next(soc: soc[i], setPointMicroKW: p, seconds: s, efficiency: members[i].efficiency)
                out[i].setPointMicroKW.append(p)
                out[i].socMicroKWh.append(soc[i])
                out[i].availableDischargeMicroKW.append(dis[i])
                out[i].availableChargeMicroKW.append(chg[i])
            }
        }
        return AggregateDispatchResult(
            grid: award.grid, rule: rule, awardMicroKW: award.microKW, servedMicroKW: served, unservedMicroKW: unserved,
            shortfall: shortfall, members: out)
    }
}
