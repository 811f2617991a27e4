import GridSettleCore
import Testing

/// The PJM pipeline on datasets: P1 and P2 through `SettlementEngine.settle` on hourly America/New_York data,
/// the two initial settlements, F1.2, provisional months and the fall-back day.
@Suite("PJM settlement engine")
struct PJMSettlementEngineTests {
    static let zone = MarketTimeZone.newYork
    static func mwh(_ x: Double) -> Int64 { Int64((x * 1e9).rounded()) }

    /// A one-day dataset (`day`, hourly) whose hours `first…` carry the given MWh; every other hour is zero.
    static func dataset(
        day: LocalDate = LocalDate(year: 2019, month: 7, day: 1), first: Int = 10, settings: PJMStorageSettings, eta: Double,
        chg: [Double], dis: [Double], m1del: [Double]? = nil, m1rec: [Double]? = nil, m3: [Double]? = nil, lmp: [Double],
        missingStorageHour: Int? = nil, retailNetting: Bool = true, withPV: Bool = false
    ) -> Dataset {
        let g = IntervalGrid(start: zone.startOfDay(day), end: zone.startOfDay(day.adding(days: 1)), seconds: 3600)
        func series(_ v: [Double]?, missing: Int? = nil) -> EnergySeries {
            var e = ContiguousArray<Int64>(repeating: 0, count: g.count)
            var q = ContiguousArray<DataQuality>(repeating: .actual, count: g.count)
            for (k, x) in (v ?? []).enumerated() { e[first + k] = mwh(x) }
            if let m = missing { e[first + m] = 0; q[first + m] = .missing }
            return EnergySeries(grid: g, microKWh: e, quality: q)
        }
        var meters: [String: MeterChannels] = [
            "M2": MeterChannels(delivered: series(chg, missing: missingStorageHour), received: series(dis, missing: missingStorageHour)),
        ]
        var specs = [MeterSpec(id: "M2", role: .storage, intervalMinutes: 60, ratingKW: 100_000)]
        if settings.configuration != .frontOfMeter {
            meters["M1"] = MeterChannels(delivered: series(m1del ?? []), received: series(m1rec ?? []))
            specs.append(MeterSpec(id: "M1", role: .retailMaster, intervalMinutes: 60, ratingKW: 100_000))
        }
        if let m3 {
            meters["M3"] = MeterChannels(delivered: series(m3), received: series(nil))
            specs.append(MeterSpec(id: "M3", role: .loadFeed, intervalMinutes: 60, ratingKW: 100_000))
        }
        if withPV {
            meters["PV"] = MeterChannels(delivered: series(nil), received: series(nil))
            specs.append(MeterSpec(id: "PV", role: .onsiteGeneration, intervalMinutes: 60, ratingKW: 100_000))
        }
        let prices = lmp.enumerated().map { k, p in
            PricePoint(node: "PN", run: .realTimeHourly, product: .lmp, start: g.startOf(first + k), seconds: 3600, microPrice: Int64((p * 1e6).rounded()), source: "test")
        }
        let sched = Array(repeating: Array(repeating: 0, count: 24), count: 12)
        let tariff = Tariff(label: "t", utility: "u", name: "flat 0.12", energyRates: [120_000], energyWeekdaySchedule: sched, energyWeekendSchedule: sched,
                            demandRates: [], demandWeekdaySchedule: sched, demandWeekendSchedule: sched, flatDemandRates: [],
                            flatDemandMonths: Array(repeating: 0, count: 12), fixedMonthlyCharge: 0, demandWindowMinutes: 60, holidaysAsWeekends: true)
        var policies = SettlementPolicies()
        policies.retailNettingAvailable = retailNetting
        let config = SiteConfig(
            site: SiteInfo(id: "S", name: "PJM site"), market: .pjm, period: SettlementPeriod(start: day, end: day.adding(days: 1)), meters: specs,
            resource: ResourceSpec(id: "ESR1", participationModel: "ESR", pricingNode: "PN", roundTripEfficiency: eta, initialInventoryKWh: 0),
            tariff: TariffReference(urdbFile: "t.json"), policies: policies, pjm: settings)
        return Dataset(config: config, meters: meters, awards: [], signals: [], prices: prices, tariff: tariff)
    }

    static func p2(_ initial: InitialChargingSettlement, retailNetting: Bool = true, missingStorageHour: Int? = nil) -> Dataset {
        dataset(settings: PJMStorageSettings(configuration: .customerSide, initialSettlement: initial, lse: "LSE-A", edc: "EDC-X"), eta: 0.85,
                chg: [2.5, 1.5, 0, 0], dis: [0, 0, 2.4, 1.0], m1del: [3.5, 2.5, 0, 0.2], m1rec: [0, 0, 1.4, 0], lmp: [18, 22, 60, 45],
                missingStorageHour: missingStorageHour, retailNetting: retailNetting)
    }

    func line(_ r: SettlementResult, _ code: String) throws -> StatementLine {
        try #require(r.statement.lines.first { $0.code == code })
    }

    @Test("P2 through the dataset: −$78.00 charging, +$84.00 resale, +$45.88 correction; the LSE takes 2.352941 MWh")
    func p2NegativeGeneration() throws {
        let r = try SettlementEngine.settle(Self.p2(.negativeGeneration))
        #expect(try line(r, "PJM-DCE").quantityMicro == 1_647_058_824)
        #expect(try line(r, "PJM-LSCE").quantityMicro == 2_352_941_176)
        #expect(try line(r, "PJM-INITIAL-CHARGING").roundedAmount == Money(cents: -7800))
        #expect(try line(r, "PJM-RESALE").roundedAmount == Money(cents: 8400))
        #expect(try line(r, "PJM-METER-CORRECTION").roundedAmount == Money(cents: 4588))
        #expect(try line(r, "PJM-LOAD-RECONCILIATION").quantityMicro == 2_352_941_176)
        #expect(r.statement.total(.pjm) == Money(cents: 5188))
        #expect(r.statement.status == .final)
        #expect(r.statement.checks.allSatisfy { $0.status == .pass })
        // the ledger: DCE charging wholesale (backed out of the retail bill), LSCE retail; resale wholesale
        let t = r.ledger.totals
        #expect(t.chargeWholesale == 1_647_058_824 && t.chargeRetail == 2_352_941_176)
        #expect(t.dischargeWholesale == Self.mwh(1.4) && t.dischargeRetail == Self.mwh(2.0))
        // retail at $0.12/kWh: DCE 1,647.058824 kWh netted out → −$197.65; the 1.4 MWh export earns no credit (flat rate, none anyway)
        #expect(r.statement.total(.retailAdjusted) - r.statement.total(.retailAsMetered) == Money(cents: -19765))
        #expect(r.pjm?.loadReconciliation.map(\.microKWh) == [1_470_588_235, 882_352_941])
    }

    @Test("initially settled as load: no ESR charging charge; the correction charges DCE at the charging hours' LMP and takes it off the LSE")
    func p2Load() throws {
        let r = try SettlementEngine.settle(Self.p2(.load))
        #expect(try line(r, "PJM-INITIAL-CHARGING").amount == .zero)
        // DCE 1.647059 MWh spread 2.5 : 1.5 → 1.029412 at $18 + 0.617647 at $22 = $18.53 + $13.59 = $32.12
        #expect(try line(r, "PJM-METER-CORRECTION").quantityMicro == 1_647_058_824)
        #expect(try line(r, "PJM-METER-CORRECTION").roundedAmount == Money(cents: -3212))
        #expect(try line(r, "PJM-LOAD-RECONCILIATION").quantityMicro == -1_647_058_824)
        // the ESR pays the same either way: −78 + 84 + 45.88 = 51.88 vs 84 − 32.12 = 51.88
        #expect(r.statement.total(.pjm) == Money(cents: 5188))
        #expect(r.statement.checks.first { $0.id == "PJM-LOAD-RECONCILIATION-MATCHES-CORRECTION" }?.status == .pass)
    }

    @Test("F1.2: without retail netting PJM charges nothing for charging, and nothing is corrected or reconciled")
    func noRetailNetting() throws {
        let r = try SettlementEngine.settle(Self.p2(.negativeGeneration, retailNetting: false))
        #expect(try line(r, "PJM-INITIAL-CHARGING").amount == .zero && line(r, "PJM-INITIAL-CHARGING").rule == "F1.2")
        #expect(try line(r, "PJM-METER-CORRECTION").amount == .zero)
        #expect(try line(r, "PJM-LOAD-RECONCILIATION").quantityMicro == 0)
        #expect(r.ledger.totals.chargeWholesale == 0)
        #expect(r.statement.total(.pjm) == Money(cents: 8400))
    }

    @Test("η measured over the month (F2.8): P2's 3.4 MWh out of 4.0 in with no stored-energy change is 0.85 — the same month; drift above 1 is refused")
    func measuredEfficiency() throws {
        var d = Self.p2(.negativeGeneration)
        d.config.resource.roundTripEfficiency = 0.5  // ignored when measured
        d.config.pjm?.measuredEfficiency = .init(storedAtStartKWh: 0, storedAtEndKWh: 0)
        let r = try SettlementEngine.settle(d)
        #expect(r.statement.policies.contains { $0.name == "pjm.roundTripEfficiency" && $0.value == "0.850000" })
        #expect(try line(r, "PJM-LSCE").quantityMicro == 2_352_941_176)
        #expect(try line(r, "PJM-METER-CORRECTION").roundedAmount == Money(cents: 4588))
        d.config.pjm?.measuredEfficiency = .init(storedAtStartKWh: 0, storedAtEndKWh: 1000)  // (3.4 + 1.0) / 4.0 = 1.1
        #expect {
            try SettlementEngine.settle(d)
        } throws: { e in
            (e as? DatasetInvalid)?.issues.contains { $0.field == "pjm.measuredEfficiency" && $0.expected.contains("1.100000 is outside (0, 1]") } == true
        }
    }

    @Test("P1 through the dataset: a resilience ESR with M3 — credit $250.00")
    func p1() throws {
        let d = Self.dataset(
            settings: PJMStorageSettings(configuration: .resilience, initialSettlement: .negativeGeneration), eta: 0.8,
            chg: [30, 40, 20, 30], dis: [0, 0, 0, 10, 80], m1del: [30, 40, 20, 30], m3: [0, 0, 0, 10], lmp: [20, 25, -5, 30, 40])
        let r = try SettlementEngine.settle(d)
        #expect(try line(r, "PJM-LSCE").quantityMicro == Self.mwh(12.5))
        #expect(try line(r, "PJM-DCE").quantityMicro == Self.mwh(107.5))
        #expect(try line(r, "PJM-METER-CORRECTION").roundedAmount == Money(cents: 25_000))
        #expect(try line(r, "PJM-METER-CORRECTION").note.contains("closed form F2.12: 250.00 $"))
    }

    @Test("missing storage data: PROVISIONAL, naming the interval and the figures that may change")
    func provisional() throws {
        var d = Self.p2(.negativeGeneration, missingStorageHour: 1)
        d.config.policies.maxEstimatedGapIntervals = 0  // VEE would estimate a one-hour gap
        let r = try SettlementEngine.settle(d)
        #expect(r.statement.status == .provisional)
        let reason = try #require(r.statement.statusReasons.first { $0.contains("without meter data") })
        #expect(reason.contains("2019-07-01T15:00:00Z") && reason.contains("PJM-METER-CORRECTION"))
    }

    @Test("a PJM site without its pjm block, or a resilience ESR without M3, is refused with the field named")
    func validation() throws {
        var d = Self.p2(.negativeGeneration)
        d.config.pjm = nil
        #expect(DatasetValidator.validate(d).isEmpty)  // fine for baselines …
        #expect {
            try SettlementEngine.settle(d)
        } throws: { e in  // … but not settled without the ESR rules
            (e as? DatasetInvalid)?.issues.contains { $0.field == "pjm" && $0.value == "missing" } == true
        }
        let noFeed = Self.dataset(settings: PJMStorageSettings(configuration: .resilience, initialSettlement: .negativeGeneration), eta: 0.8,
                                  chg: [1], dis: [0], m1del: [1], lmp: [20])
        #expect(DatasetValidator.validate(noFeed).contains { $0.field == "meters[].role" && $0.expected.contains("loadFeed") })
        var bad = Self.p2(.negativeGeneration)
        bad.config.resource.roundTripEfficiency = 1.2
        #expect(throws: DatasetInvalid.self) { try SettlementEngine.settle(bad) }
    }

    @Test("the fall-back day has 25 hourly intervals; the repeated hour is settled twice at its own prices")
    func fallBack() throws {
        let day = LocalDate(year: 2019, month: 11, day: 3)
        // hours 0…3 of the UTC grid from local midnight: 00:00 EDT, 01:00 EDT, 01:00 EST, 02:00 EST
        let d = Self.dataset(day: day, first: 0, settings: PJMStorageSettings(configuration: .frontOfMeter, initialSettlement: .negativeGeneration),
                             eta: 0.9, chg: [1, 1, 1, 0], dis: [0, 0, 0, 2.7], lmp: [10, 20, 30, 50])
        let r = try SettlementEngine.settle(d)
        #expect(r.ledger.grid.count == 25)
        #expect(try line(r, "PJM-INITIAL-CHARGING").roundedAmount == Money(cents: -6000))
        #expect(try line(r, "PJM-RESALE").roundedAmount == Money(cents: 13_500))
        #expect(try line(r, "PJM-LSCE").quantityMicro == 0)
    }
}
