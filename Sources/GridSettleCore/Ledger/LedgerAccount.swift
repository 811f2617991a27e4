/// The owners a metered kWh can have. Every interval of every storage-meter channel is split into these,
/// and the parts sum exactly to the metered energy (checked on every settlement).
public enum LedgerAccount: String, Sendable, Hashable, CaseIterable, Codable {
    /// Settled by the ISO: charging or discharging in award periods outside BESS Idle.
    case wholesale
    /// Billed on the retail tariff: idle consumption, charging and discharging outside award periods.
    case retail
    /// Station power / auxiliary load on its own circuit: always retail, netted per policy.
    case stationPower
    /// Energy that left in vehicles and was driven: end-use load, retail, never wholesale.
    case endUse
}

/// Why an interval was classified the way it was (bit flags), so every ledger entry names its rule.
public struct IntervalFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Inside a CAISO award period (F3.9).
    public static let award = IntervalFlags(rawValue: 1)
    /// Idle by DISPATCH_TO_ZERO / MANUAL_MODE signal (F3.2, Method 1).
    public static let idleSignal = IntervalFlags(rawValue: 2)
    /// Idle by calculation (F3.3, Method 2).
    public static let idleCalculated = IntervalFlags(rawValue: 4)
    /// Only part of the interval was covered (E1).
    public static let partial = IntervalFlags(rawValue: 8)
    /// Some of the data was estimated or edited by VEE.
    public static let estimated = IntervalFlags(rawValue: 16)
    /// Data missing: nothing can be owned.
    public static let missing = IntervalFlags(rawValue: 32)
    /// Discharge in a demand-response dispatch event, paid as performance (``DemandResponseOwnership``).
    public static let demandResponse = IntervalFlags(rawValue: 64)
}
