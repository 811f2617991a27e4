/// What a bill is computed from: the site (retail) meter and, where export credits need them, the
/// channels that decide which exported kWh may earn a credit.
///
/// Every series must share the grid of ``netImport``.
public struct BillInput: Sendable {
    /// Site meter, µkWh per interval: positive = import from the grid, negative = export.
    public var netImport: EnergySeries
    /// On-site generation (PV) output, µkWh ≥ 0: the PV meter for the NEM-paired-storage interval rule
    /// (F4.5) and the sold energy under buy-all/sell-all.
    public var generation: EnergySeries?
    /// Storage meter, positive = discharge, negative = charge: checked against the PCS modes (F4.6).
    public var storage: EnergySeries?
    /// Exported energy already settled in the wholesale market: it never earns a retail credit (F4.3).
    public var wholesaleSettled: EnergySeries?
    public var pairedStorage: PairedStorageCreditLimit
    /// System coincident-peak hours (UTC hour starts), e.g. PJM 5CP; when given they replace the tariff's
    /// coincident schedule.
    public var coincidentPeakHours: [Instant]?

    public init(
        netImport: EnergySeries, generation: EnergySeries? = nil, storage: EnergySeries? = nil,
        wholesaleSettled: EnergySeries? = nil, pairedStorage: PairedStorageCreditLimit = .none,
        coincidentPeakHours: [Instant]? = nil
    ) {
        self.netImport = netImport
        self.generation = generation
        self.storage = storage
        self.wholesaleSettled = wholesaleSettled
        self.pairedStorage = pairedStorage
        self.coincidentPeakHours = coincidentPeakHours
    }

    /// The net import of a load with a battery behind the same meter: `load − discharge` (discharge > 0,
    /// charge < 0), interval by interval; an interval missing in either is missing.
    public static func net(load: EnergySeries, storage: EnergySeries) -> EnergySeries {
        precondition(load.grid == storage.grid, "load and storage must share a grid")
        var e = load.microKWh
        var q = load.quality
        for i in e.indices {
            e[i] -= storage.microKWh[i]
            q[i] = max(q[i], storage.quality[i])
            if q[i] == .missing { e[i] = 0 }
        }
        return EnergySeries(grid: load.grid, microKWh: e, quality: q)
    }
}

/// Export credit limits for storage paired with a NEM generator (research settlement_rules.md §4.3).
public enum PairedStorageCreditLimit: Sendable, Hashable {
    /// No storage limit: every export is creditable.
    case none
    /// F4.4 (≤ 10 kW): credited export per cycle = min(export, estimated PV production of that month), µkWh
    /// per month 1…12.
    case monthlyPVEstimate(microKWhByMonth: [Int64])
    /// F4.5 (> 10 kW, PV meter): credited export per interval = min(export, PV output); needs
    /// ``BillInput/generation``.
    case pvMeter
    /// F4.6 PCS "solar-only charging": the battery never charges from the grid, so every export earns a
    /// credit; intervals where charging exceeds PV output are reported.
    case solarOnlyCharging
    /// F4.6 PCS "no grid export": the battery never exports; exports above PV output are not credited and
    /// are reported.
    case noGridExport
}
