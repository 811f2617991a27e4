/// How the ESR's charging is settled before the monthly reconciliation (seed 004: "PJM expects ESR Power
/// Meter submitter … to report initial ESR charging settlement as either 100% load or 100% negative
/// generation").
public enum InitialChargingSettlement: String, Codable, Sendable, Hashable, CaseIterable {
    /// The ESR pays all grid charging at the LMP; the correction credits LSCE back to it and the LSE's load
    /// rises by the same energy.
    case negativeGeneration
    /// All charging is the LSE's load; the correction charges DCE to the ESR and the LSE's load falls by it
    /// (only where the EDC can take it off the retail bill, F1.2).
    case load
}

/// The PJM ESR rules a site is settled under (`site.json` → `pjm`), each a named, recorded choice.
public struct PJMStorageSettings: Codable, Sendable, Hashable {
    public var configuration: ESRConfiguration
    public var initialSettlement: InitialChargingSettlement
    public var inventoryPolicy: InventoryPolicy
    public var correctionAllocation: CorrectionAllocation
    /// The LSE serving the site (load reconciliation records name it) and the EDC submitting them.
    public var lse: String
    public var edc: String
    /// Measure η over the month with F2.8 instead of using the declared `resource.roundTripEfficiency`;
    /// needs the stored energy at the start and end of the month.
    public var measuredEfficiency: MeasuredEfficiency?
    /// Pools carried in from the previous month, kWh (charge-equivalent).
    public var openingWholesaleKWh: Double
    public var openingRetailKWh: Double

    public struct MeasuredEfficiency: Codable, Sendable, Hashable {
        public var storedAtStartKWh: Double
        public var storedAtEndKWh: Double
        public init(storedAtStartKWh: Double, storedAtEndKWh: Double) {
            self.storedAtStartKWh = storedAtStartKWh
            self.storedAtEndKWh = storedAtEndKWh
        }
    }

    public init(
        configuration: ESRConfiguration, initialSettlement: InitialChargingSettlement, inventoryPolicy: InventoryPolicy = .proRata,
        correctionAllocation: CorrectionAllocation = .chargingEnergy, lse: String = "LSE", edc: String = "EDC",
        measuredEfficiency: MeasuredEfficiency? = nil, openingWholesaleKWh: Double = 0, openingRetailKWh: Double = 0
    ) {
        self.configuration = configuration
        self.initialSettlement = initialSettlement
        self.inventoryPolicy = inventoryPolicy
        self.correctionAllocation = correctionAllocation
        self.lse = lse
        self.edc = edc
        self.measuredEfficiency = measuredEfficiency
        self.openingWholesaleKWh = openingWholesaleKWh
        self.openingRetailKWh = openingRetailKWh
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case configuration, initialSettlement, inventoryPolicy, correctionAllocation, lse, edc, measuredEfficiency
        case openingWholesaleKWh, openingRetailKWh
    }

    /// The keys `site.json` accepts in `pjm`.
    public static let keys = CodingKeys.allCases.map(\.rawValue)

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        configuration = try c.decode(ESRConfiguration.self, forKey: .configuration)
        initialSettlement = try c.decode(InitialChargingSettlement.self, forKey: .initialSettlement)
        inventoryPolicy = try c.decodeIfPresent(InventoryPolicy.self, forKey: .inventoryPolicy) ?? .proRata
        correctionAllocation = try c.decodeIfPresent(CorrectionAllocation.self, forKey: .correctionAllocation) ?? .chargingEnergy
        lse = try c.decodeIfPresent(String.self, forKey: .lse) ?? "LSE"
        edc = try c.decodeIfPresent(String.self, forKey: .edc) ?? "EDC"
        measuredEfficiency = try c.decodeIfPresent(MeasuredEfficiency.self, forKey: .measuredEfficiency)
        openingWholesaleKWh = try c.decodeIfPresent(Double.self, forKey: .openingWholesaleKWh) ?? 0
        openingRetailKWh = try c.decodeIfPresent(Double.self, forKey: .openingRetailKWh) ?? 0
    }

    public var summary: [(name: String, value: String)] {
        [
            ("pjm.configuration", configuration.rawValue), ("pjm.initialSettlement", initialSettlement.rawValue),
            ("pjm.inventoryPolicy", inventoryPolicy.rawValue), ("pjm.correctionAllocation", correctionAllocation.rawValue),
            ("pjm.lse", lse), ("pjm.edc", edc), ("pjm.efficiency", measuredEfficiency == nil ? "declared" : "measured (F2.8)"),
        ]
    }
}

/// One interval of the LSE's load reconciliation: the energy added to (+) or taken off (−) its load.
public struct LoadReconciliationRecord: Sendable, Hashable {
    public var start: Instant
    public var seconds: Int64
    public var microKWh: Int64
    public var priceMicro: Int64?
    /// µ$ the LSE is charged (+) or credited (−) at the interval's LMP, rounded to µ$.
    public var amountMicro: Int64
}

/// The ESR's month under PJM Order 841 (seed 004; research §1–§2): the initial charging settlement, the
/// resale, the ESR meter correction and the LSE's load reconciliation.
public struct PJMStorageSettlementResult: Sendable {
    public var settings: PJMStorageSettings
    public var energy: ChargingEnergyResult
    /// The LMP of each interval of the split's grid, µ$/MWh (nil: missing, valued at 0).
    public var prices: [Int64?]
    /// The ESR's first-pass charging settlement (negative: paid by the ESR); 0 when initially settled as load
    /// or under F1.2.
    public var initialCharging: Money
    /// Σ Resale × LMP (F0.2 generation side), paid to the ESR.
    public var resale: Money
    /// The meter correction: LSCE credited (negative generation) or DCE charged (load), spread by F2.9.
    public var correction: MeterCorrection
    /// The correction as paid to the ESR: + credit, − charge.
    public var correctionAmount: Money
    public var loadReconciliation: [LoadReconciliationRecord]
    /// F1.2: the EDC cannot net wholesale charging out of the retail bill, so charging is not charged.
    public var retailNettingUnavailable: Bool
    public var net: Money { initialCharging + resale + correctionAmount }
}

public enum PJMStorageSettlement {
    /// Settles a month whose DCE/LSCE split is `energy`, at `prices` (µ$/MWh per interval of the split's grid).
    public static func settle(
        _ energy: ChargingEnergyResult, prices: [Int64?], settings: PJMStorageSettings, retailNettingAvailable: Bool
    ) throws(MeterCorrection.Refused) -> PJMStorageSettlementResult {
        let grid = energy.gridCharge.count
        precondition(prices.count == grid)
        var charging: Int128 = 0
        var resale: Int128 = 0
        for i in 0..<grid {
            let p = Int128(prices[i] ?? 0)
            charging += Int128(energy.gridCharge[i]) * p
            resale += Int128(energy.resale[i]) * p
        }
        func money(_ nano: Int128) -> Money { Money(micros: Rounding.int64(Rounding.divideHalfAwayFromZero(nano, by: 1_000_000_000))) }
        let unavailable = !retailNettingAvailable
        let quantity = unavailable ? 0 : (settings.initialSettlement == .negativeGeneration ? energy.lsce : energy.dce)
        let correction = try MeterCorrection.allocate(
            quantity: quantity, chargingEnergy: energy.gridCharge, grid: energy.grid, prices: prices, allocation: settings.correctionAllocation)
        let toESR: Int64 = settings.initialSettlement == .negativeGeneration ? 1 : -1
        let records = correction.shares.map { s in
            LoadReconciliationRecord(
                start: s.start, seconds: energy.grid.seconds, microKWh: s.microKWh * toESR,
                priceMicro: s.priceMicro, amountMicro: Rounding.int64(Rounding.divideHalfAwayFromZero(s.valueNano * Int128(toESR), by: 1_000_000_000)))
        }
        return PJMStorageSettlementResult(
            settings: settings, energy: energy, prices: prices,
            initialCharging: unavailable || settings.initialSettlement == .load ? .zero : money(-charging),
            resale: money(resale), correction: correction,
            correctionAmount: Money(micros: correction.amount.micros * toESR), loadReconciliation: records,
            retailNettingUnavailable: unavailable)
    }
}
