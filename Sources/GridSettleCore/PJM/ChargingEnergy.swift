/// PJM's three metering configurations of an Energy Storage Resource (seed 004; research
/// settlement_rules.md §2.3).
public enum ESRConfiguration: String, Codable, Sendable, Hashable, CaseIterable {
    /// No co-located load: all charging is Direct Charging Energy (F2.1).
    case frontOfMeter
    /// Charges from and discharges to the grid; during outages it serves on-site load through a feed that
    /// meter M3 (role `loadFeed`) measures (F2.2, F2.3).
    case resilience
    /// Behind the retail meter: M1 at the point of interconnection, M2 at the storage (F2.4–F2.7).
    case customerSide
}

/// One month of an ESR's meters on the storage meter's grid, columnar (µkWh per interval).
public struct ESRIntervals: Sendable {
    public var grid: IntervalGrid
    /// chg_t = del_M2: storage charging.
    public var charge: ContiguousArray<Int64>
    /// dis_t = rec_M2: storage discharge.
    public var discharge: ContiguousArray<Int64>
    /// del_M1 / rec_M1 at the point of interconnection (customer-side, and any configuration with on-site
    /// generation); nil when not metered.
    public var siteDelivered: ContiguousArray<Int64>?
    public var siteReceived: ContiguousArray<Int64>?
    /// r3_t: the M3 feed from the storage to on-site load (resilience).
    public var loadFeed: ContiguousArray<Int64>?
    /// Whether on-site generation can charge the storage (a meter with role `onsiteGeneration`).
    public var hasOnsiteGeneration: Bool
    /// Energy driven away per interval (trips departing in it), µkWh.
    public var driven: ContiguousArray<Int64>
    /// Any meter the configuration needs has no data for the interval.
    public var missing: ContiguousArray<Bool>

    public init(
        grid: IntervalGrid, charge: ContiguousArray<Int64>, discharge: ContiguousArray<Int64>,
        siteDelivered: ContiguousArray<Int64>? = nil, siteReceived: ContiguousArray<Int64>? = nil,
        loadFeed: ContiguousArray<Int64>? = nil, hasOnsiteGeneration: Bool = false, driven: ContiguousArray<Int64>? = nil,
        missing: ContiguousArray<Bool>? = nil
    ) {
        self.grid = grid
        self.charge = charge
        self.discharge = discharge
        self.siteDelivered = siteDelivered
        self.siteReceived = siteReceived
        self.loadFeed = loadFeed
        self.hasOnsiteGeneration = hasOnsiteGeneration
        self.driven = driven ?? ContiguousArray(repeating: 0, count: grid.count)
        self.missing = missing ?? ContiguousArray(repeating: false, count: grid.count)
    }
}

/// A month's Direct Charging Energy and Load Serving Charging Energy, with every interval's split.
public struct ChargingEnergyResult: Sendable {
    public var grid: IntervalGrid
    public var configuration: ESRConfiguration
    public var efficiency: RoundTripEfficiency
    public var policy: InventoryPolicy
    /// Which formulas made LSCE: the closed forms when every charge is wholesale-bought, the pools otherwise.
    public var method: String
    /// Charging from the grid (wholesale-bought, pool W) and from on-site generation (pool R), per interval.
    public var gridCharge: ContiguousArray<Int64>
    public var onsiteCharge: ContiguousArray<Int64>
    /// Resale_t (output that left the site) and ToLoad_t (output consumed on site).
    public var resale: ContiguousArray<Int64>
    public var toLoad: ContiguousArray<Int64>
    /// Wholesale-origin (pool W) charge-equivalent energy that served on-site load, and that was driven away.
    public var loadFromWholesale: ContiguousArray<Int64>
    public var drivenFromWholesale: ContiguousArray<Int64>
    /// Draws the pools could not cover (state of charge unknown).
    public var shortfall: ContiguousArray<Int64>
    public var dce: Int64
    public var lsce: Int64
    /// Of ``lsce``: energy driven away (end-use load, M28 §13.1).
    public var lsceDriven: Int64
    public var closingWholesale: Int64
    public var closingRetail: Int64
    /// Intervals without data: contributing nothing, so the month is provisional.
    public var missingIntervals: [Int]
    /// Data that contradicts the configuration (e.g. M3 above the storage's discharge), by interval.
    public var findings: [String]

    public var gridChargeTotal: Int64 { gridCharge.reduce(0, +) }
}

/// Splits a month's charging into DCE and LSCE per configuration (research §2.3, §2.6; all `[D]` on
/// verified definitions).
///
/// - Front-of-meter (F2.1): `LSCE = 0`, `DCE = Σ chg`.
/// - Resilience (F2.2, F2.3): `LSCE = Σ r3 / η`, `DCE = Σ chg − LSCE`.
/// - Customer-side (F2.4–F2.6): `Resale = min(dis, rec_M1)`, `ToLoad = dis − Resale`, `LSCE = Σ ToLoad / η`,
///   `DCE = Σ chg − LSCE`.
/// - With on-site generation (F2.7) `chg^grid = min(chg, del_M1)` and the rest is on-site; or with vehicle
///   trips, the closed forms no longer hold and the inventory pools decide (§2.6): LSCE is the W-origin
///   energy that served load or was driven away, `DCE = Σ chg^grid − LSCE`.
///
/// The closed forms divide the month's sum by η once (exactly as the formulas read); the pools gross up
/// each interval's discharge. Both are run, so the pools' balances are always reported.
public enum ChargingEnergy {
    public static func split(
        _ x: ESRIntervals, configuration: ESRConfiguration, efficiency eta: RoundTripEfficiency, policy: InventoryPolicy,
        openingWholesale: Int64 = 0, openingRetail: Int64 = 0
    ) -> ChargingEnergyResult {
        let n = x.grid.count
        let z = ContiguousArray<Int64>(repeating: 0, count: n)
        var r = ChargingEnergyResult(
            grid: x.grid, configuration: configuration, efficiency: eta, policy: policy, method: "", gridCharge: z, onsiteCharge: z, resale: z, toLoad: z,
            loadFromWholesale: z, drivenFromWholesale: z, shortfall: z, dce: 0, lsce: 0, lsceDriven: 0, closingWholesale: 0,
            closingRetail: 0, missingIntervals: [], findings: [])
        var pools = ChargingInventory(policy: policy, openingWholesale: openingWholesale, openingRetail: openingRetail)
        let splitsCharge = x.hasOnsiteGeneration && x.siteDelivered != nil
        for i in 0..<n {
            if x.missing[i] {
                r.missingIntervals.append(i)
                continue
            }
            let chg = x.charge[i]
            let dis = x.discharge[i]
            let grid = splitsCharge ? min(chg, x.siteDelivered![i]) : chg
            r.gridCharge[i] = grid
            r.onsiteCharge[i] = chg - grid
            switch configuration {
            case .frontOfMeter:
                r.resale[i] = dis
            case .resilience:
                let feed = x.loadFeed?[i] ?? 0
                if feed > dis {
                    r.findings.append("\(x.grid.startOf(i)): M3 load feed \(Units.formatKWh(feed)) kWh exceeds the storage's discharge \(Units.formatKWh(dis)) kWh; the feed is capped at the discharge")
                }
                r.toLoad[i] = min(feed, dis)
                r.resale[i] = dis - r.toLoad[i]
            case .customerSide:
                r.resale[i] = min(dis, x.siteReceived?[i] ?? 0)
                r.toLoad[i] = dis - r.resale[i]
            }
            // trips leave before the interval charges (as in the storage ledger)
            if x.driven[i] > 0 {
                let d = pools.drive(x.driven[i])
                r.drivenFromWholesale[i] = d.fromWholesale
                r.shortfall[i] += d.shortfall
            }
            pools.add(grid, to: .wholesale, interval: i)
            pools.add(chg - grid, to: .retail, interval: i)
            if dis > 0 {
                let (e, l) = pools.discharge(export: eta.grossUp(r.resale[i]), load: eta.grossUp(r.toLoad[i]))
                r.loadFromWholesale[i] = l.fromWholesale
                r.shortfall[i] += e.shortfall + l.shortfall
            }
        }
        r.closingWholesale = pools.wholesale
        r.closingRetail = pools.retail
        let closedForm = !splitsCharge && !x.driven.contains(where: { $0 > 0 }) && openingRetail == 0
        let grid = r.gridChargeTotal
        if closedForm {
            switch configuration {
            case .frontOfMeter:
                r.method = "F2.1"
                r.lsce = 0
            case .resilience:
                r.method = "F2.2, F2.3"
                r.lsce = eta.grossUp(r.toLoad.reduce(0, +))
            case .customerSide:
                r.method = "F2.4–F2.6"
                r.lsce = eta.grossUp(r.toLoad.reduce(0, +))
            }
        } else {
            r.method = "§2.6 inventory pools, \(policy.rawValue)" + (splitsCharge ? ", F2.7 grid share of charging" : "")
            r.lsceDriven = r.drivenFromWholesale.reduce(0, +)
            r.lsce = r.loadFromWholesale.reduce(0, +) + r.lsceDriven
        }
        r.dce = grid - r.lsce
        if r.dce < 0 {
            r.findings.append("LSCE \(Units.formatKWh(r.lsce)) kWh exceeds the month's grid charging \(Units.formatKWh(grid)) kWh: energy charged in an earlier month served load; DCE is floored at 0 and LSCE at the grid charging")
            r.lsce = grid
            r.dce = 0
        }
        return r
    }
}
