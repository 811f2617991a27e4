/// A storage member of a DSO aggregation as the dispatcher sees it: power limits at its meter, usable energy
/// window, where it starts and how much it loses (``DispatchSOC`` is the state-of-charge model).
///
/// Energy is the stored energy in µkWh (what is inside the battery), power is µkW at the member's meter,
/// positive = discharge (export), negative = charge.
public struct DispatchMember: Sendable, Hashable, Codable {
    public var id: String
    /// Largest discharge set-point, µkW (≥ 0).
    public var maxDischargeMicroKW: Int64
    /// Largest charge set-point as a magnitude, µkW (≥ 0).
    public var maxChargeMicroKW: Int64
    /// Nameplate stored energy, µkWh (> 0).
    public var capacityMicroKWh: Int64
    /// The stored energy the member must never go below or above (reserve for backup, warranty limits),
    /// µkWh, `0 ≤ min ≤ max ≤ capacity`.
    public var minSOCMicroKWh: Int64
    public var maxSOCMicroKWh: Int64
    /// Stored energy at the start of the first interval, µkWh, within `[min, max]`.
    public var initialSOCMicroKWh: Int64
    public var efficiency: DispatchEfficiency

    public init(
        id: String, maxDischargeMicroKW: Int64, maxChargeMicroKW: Int64, capacityMicroKWh: Int64, minSOCMicroKWh: Int64 = 0,
        maxSOCMicroKWh: Int64? = nil, initialSOCMicroKWh: Int64, efficiency: DispatchEfficiency = .roundTrip(ppm: 1_000_000)
    ) {
        self.id = id
        self.maxDischargeMicroKW = maxDischargeMicroKW
        self.maxChargeMicroKW = maxChargeMicroKW
        self.capacityMicroKWh = capacityMicroKWh
        self.minSOCMicroKWh = minSOCMicroKWh
        self.maxSOCMicroKWh = maxSOCMicroKWh ?? capacityMicroKWh
        self.initialSOCMicroKWh = initialSOCMicroKWh
        self.efficiency = efficiency
    }

    /// What is wrong with the member's parameters (empty when it can be dispatched).
    public var problems: [String] {
        var out: [String] = []
        if id.isEmpty { out.append("a member has no id") }
        if maxDischargeMicroKW < 0 || maxChargeMicroKW < 0 { out.append("\(id): power limits must not be negative") }
        if capacityMicroKWh <= 0 { out.append("\(id): capacity must be positive") }
        if !(0 <= minSOCMicroKWh && minSOCMicroKWh <= maxSOCMicroKWh && maxSOCMicroKWh <= capacityMicroKWh) {
            out.append("\(id): need 0 ≤ min SOC (\(minSOCMicroKWh)) ≤ max SOC (\(maxSOCMicroKWh)) ≤ capacity (\(capacityMicroKWh)) µkWh")
        }
        if !(minSOCMicroKWh <= initialSOCMicroKWh && initialSOCMicroKWh <= maxSOCMicroKWh) {
            out.append("\(id): initial SOC (\(initialSOCMicroKWh)) must lie within [\(minSOCMicroKWh), \(maxSOCMicroKWh)] µkWh")
        }
        let (c, d) = (efficiency.chargePPM, efficiency.dischargePPM)
        if !(1...1_000_000).contains(c) || !(1...1_000_000).contains(d) {
            out.append("\(id): efficiencies must lie in (0, 1] (1…1,000,000 ppm; saw charge \(c), discharge \(d))")
        }
        return out
    }
}

/// Where a member's losses are taken. Efficiencies are ppm (10⁶ = lossless).
public enum DispatchEfficiency: Sendable, Hashable, Codable {
    /// A round-trip efficiency, all of it charged on the way in: stored += grid energy × η, stored −= grid
    /// energy. Putting the loss on one side keeps the arithmetic exact (√η is not a fixed-point number) and
    /// is how round-trip efficiency is metered: the energy that comes back over the energy that went in.
    case roundTrip(ppm: Int64)
    /// Separate one-way efficiencies: stored += grid energy × η_charge when charging, stored −= grid energy
    /// / η_discharge when discharging.
    case oneWay(chargePPM: Int64, dischargePPM: Int64)

    public var chargePPM: Int64 {
        switch self {
        case .roundTrip(let ppm): return ppm
        case .oneWay(let c, _): return c
        }
    }

    public var dischargePPM: Int64 {
        switch self {
        case .roundTrip: return 1_000_000
        case .oneWay(_, let d): return d
        }
    }
}

/// Why an aggregation cannot be dispatched: every problem with its members, at once.
public struct DispatchInputError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [String]
    public init(problems: [String]) { self.problems = problems }
    public var description: String { problems.joined(separator: "; ") }
}
