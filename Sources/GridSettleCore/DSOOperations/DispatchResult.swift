/// An aggregate award split across members: per-member set-points and stored-energy trajectories, and the
/// part of the award the fleet could not deliver, per interval.
///
/// Invariants (``violations(members:)`` checks them all; the property tests run it on many random fleets):
/// `Σ set-points = served` exactly per interval; `served + unserved = award`; served has the award's sign
/// and no larger magnitude; every set-point within the member's rated and available power; every stored
/// energy within `[min, max]` and equal to the SOC model applied to the set-points; and unserved only when
/// every member is at its available power in the award's direction.
public struct AggregateDispatchResult: Sendable, Hashable {
    /// Why part of an interval's award was not served.
    public enum Shortfall: String, Sendable, Hashable, Codable {
        case none
        /// The award exceeds the fleet's rated power in its direction.
        case ratedPower = "rated power"
        /// Rated power would suffice, but members are too empty (discharge) or too full (charge).
        case stateOfCharge = "state of charge"
    }

    public struct Member: Sendable, Hashable {
        public var id: String
        /// µkW per interval, + discharge, − charge.
        public var setPointMicroKW: [Int64]
        /// Stored energy, µkWh: `[0]` is the initial value, `[t + 1]` the value at the end of interval t.
        public var socMicroKWh: [Int64]
        /// What the member could have discharged / charged (magnitude) in each interval, µkW.
        public var availableDischargeMicroKW: [Int64]
        public var availableChargeMicroKW: [Int64]
    }

    public var grid: IntervalGrid
    public var rule: DispatchAllocationRule
    public var awardMicroKW: [Int64]
    public var servedMicroKW: [Int64]
    /// award − served; same sign as the award, zero when fully served.
    public var unservedMicroKW: [Int64]
    public var shortfall: [Shortfall]
    public var members: [Member]

    /// Intervals with some of the award unserved.
    public var unservedIntervals: Int { unservedMicroKW.reduce(0) { $0 + ($1 != 0 ? 1 : 0) } }

    /// Unserved energy, µkWh, as magnitudes: Σ |unserved| × seconds / 3600, summed exactly and rounded once
    /// (half away from zero).
    public var unservedEnergyMicroKWh: Int64 {
        let sum = unservedMicroKW.reduce(Int128(0)) { $0 + Int128($1.magnitude) }
        return Rounding.int64(Rounding.divideHalfAwayFromZero(sum * Int128(grid.seconds), by: 3600))
    }

    /// Every broken invariant, as text; empty when the dispatch is sound. `members` are the members it was
    /// dispatched with (their limits and efficiencies).
    public func violations(members specs: [DispatchMember]) -> [String] {
        var out: [String] = []
        let n = grid.count
        guard specs.count == members.count, specs.map(\.id) == members.map(\.id) else { return ["members do not match the dispatch"] }
        guard awardMicroKW.count == n, servedMicroKW.count == n, unservedMicroKW.count == n, shortfall.count == n else {
            return ["series lengths do not match the grid"]
        }
        for (m, spec) in zip(members, specs) {
            if m.setPointMicroKW.count != n || m.socMicroKWh.count != n + 1 { return ["\(m.id): series lengths do not match the grid"] }
            if m.socMicroKWh[0] != spec.initialSOCMicroKWh { out.append("\(m.id): trajectory does not start at the initial SOC") }
        }
        for t in 0..<n {
            let a = awardMicroKW[t]
            let sv = servedMicroKW[t]
            let sum = members.reduce(Int128(0)) { $0 + Int128($1.setPointMicroKW[t]) }
            if sum != Int128(sv) { out.append("interval \(t): Σ set-points \(sum) ≠ served \(sv)") }
            if Int128(sv) + Int128(unservedMicroKW[t]) != Int128(a) { out.append("interval \(t): served + unserved ≠ award") }
            if (a >= 0 && !(0...a).contains(sv)) || (a < 0 && !(a...0).contains(sv)) {
                out.append("interval \(t): served \(sv) is not between 0 and the award \(a)")
            }
            for (m, spec) in zip(members, specs) {
                let p = m.setPointMicroKW[t]
                if p > spec.maxDischargeMicroKW || -p > spec.maxChargeMicroKW { out.append("\(m.id) interval \(t): set-point \(p) beyond rated power") }
                // available power recomputed from the trajectory, not trusted from the dispatcher
                let soc = m.socMicroKWh[t]
                let avD = min(spec.maxDischargeMicroKW, DispatchSOC.dischargeLimit(soc: soc, minSOC: spec.minSOCMicroKWh, seconds: grid.seconds, efficiency: spec.efficiency))
                let avC = min(spec.maxChargeMicroKW, DispatchSOC.chargeLimit(soc: soc, maxSOC: spec.maxSOCMicroKWh, seconds: grid.seconds, efficiency: spec.efficiency))
                if avD != m.availableDischargeMicroKW[t] || avC != m.availableChargeMicroKW[t] {
                    out.append("\(m.id) interval \(t): reported available power differs from the SOC model")
                }
                if p > avD || -p > avC { out.append("\(m.id) interval \(t): set-point \(p) beyond available power") }
                if (a >= 0 && p < 0) || (a < 0 && p > 0) { out.append("\(m.id) interval \(t): set-point \(p) against the award \(a)") }
                let next = DispatchSOC.next(soc: m.socMicroKWh[t], setPointMicroKW: p, seconds: grid.seconds, efficiency: spec.efficiency)
                if next != m.socMicroKWh[t + 1] { out.append("\(m.id) interval \(t): SOC \(m.socMicroKWh[t + 1]) ≠ model \(next)") }
                let e = m.socMicroKWh[t + 1]
                if e < spec.minSOCMicroKWh || e > spec.maxSOCMicroKWh { out.append("\(m.id) interval \(t): SOC \(e) outside [\(spec.minSOCMicroKWh), \(spec.maxSOCMicroKWh)]") }
            }
            if unservedMicroKW[t] != 0 {
                let idle = members.filter { a >= 0 ? $0.setPointMicroKW[t] < $0.availableDischargeMicroKW[t] : -$0.setPointMicroKW[t] < $0.availableChargeMicroKW[t] }
                if !idle.isEmpty { out.append("interval \(t): unserved \(unservedMicroKW[t]) while \(idle.map(\.id).joined(separator: ", ")) had headroom") }
                if shortfall[t] == .none { out.append("interval \(t): unserved without a shortfall reason") }
            } else if shortfall[t] != .none {
                out.append("interval \(t): shortfall reason without unserved award")
            }
        }
        return out
    }
}
