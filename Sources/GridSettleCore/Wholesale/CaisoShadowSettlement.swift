/// CAISO shadow settlement of a Non-Generator Resource providing energy and regulation
/// (research valuation_and_tariffs.md §4.3, docs/rules.md "CAISO charge codes"). Payments to the
/// resource are positive.
///
/// | code | formula |
/// |---|---|
/// | 6011 | Σ_h DA_MW_h · 1 h · LMP_DA,h |
/// | 6460 | Σ_i (FMM_MW_i − DA_MW_h(i)) · ¼ h · LMP_FMM,i |
/// | 6470 | Σ_j (RTD_MW_j − FMM_MW_i(j)) · 1/12 h · LMP_RTD,j |
/// | 6475 | Σ_j (Metered_j − Expected_j) · LMP_RTD,j, Expected_j = RTD_MW_j · 1/12 h |
/// | RU/RD capacity | Σ_h DA_Reg_MW_h · ASMP_DA,h + Σ_i (FMM_Reg_MW_i − DA_Reg_MW_h(i)) · ¼ · ASMP_FMM,i |
/// | RU/RD mileage | Σ_i InstructedMileage_i · Accuracy_i · MileagePrice_i |
///
/// A schedule missing in a finer market carries the coarser one (no RTD instruction = the FMM schedule,
/// no FMM = DA). Metered energy is what the CAISO meter reports, from the ledger. With
/// `retailNettingAvailable == false` charging energy is not settled (F1.2).
public struct CaisoShadowSettlement: Sendable {
    public var pricingNode: String
    public var policies: SettlementPolicies

    public init(pricingNode: String, policies: SettlementPolicies) {
        self.pricingNode = pricingNode
        self.policies = policies
    }

    /// Why a settlement could not be computed: a price that is needed is missing.
    public struct MissingPrice: Error, Sendable, Hashable, CustomStringConvertible {
        public var node: String
        public var run: MarketRun
        public var product: PriceProduct
        public var intervalStart: Instant
        public var description: String {
            "missing \(run.rawValue) \(product.rawValue) price at node \(node) for the interval starting \(intervalStart)"
        }
    }

    /// `recordIntervals` keeps each code's per-interval quantities and amounts (``ChargeCodeResult/intervals``)
    /// for a drill-down (``LineBreakdowns``); a settlement leaves it off and pays nothing for it.
    public func settle(
        ledger: StorageLedger, awards: [Award], prices: [PricePoint], mileage: [MileageRecord], priceGrids: PriceGrids? = nil,
        recordIntervals: Bool = false
    ) -> (results: [ChargeCodeResult], missingPrices: [MissingPrice]) {
        let start = ledger.grid.start
        let end = ledger.grid.end
        let priceTable = PriceGrids.grid(priceGrids, prices: prices, node: pricingNode, start: start, end: end)
        var missing = Set<MissingPrice>()
        func price(_ run: MarketRun, _ product: PriceProduct, _ t: Instant) -> Int64 {
            if let v = priceTable.price(run, product, t) { return v }
            missing.insert(MissingPrice(node: pricingNode, run: run, product: product, intervalStart: t))
            return 0
        }
        let sched = Schedules(awards: awards, start: start, end: end)
        let chargingSettled = policies.retailNettingAvailable
        var out: [ChargeCodeResult] = []

        // 6011 DA energy
        var cc6011 = Accumulator(code: "CC6011", name: "Day-Ahead Energy, Congestion, Loss Settlement",
                                 formula: "Σ_h DA_MW_h · 1h · LMP_DA,h", unit: "nMW·s", denominator: 3_600_000_000_000, record: recordIntervals)
        // 6460 FMM IIE
        var cc6460 = Accumulator(code: "CC6460", name: "FMM Instructed Imbalance Energy",
                                 formula: "Σ_i (FMM_MW_i − DA_MW_h) · ¼h · LMP_FMM,i", unit: "nMW·s", denominator: 3_600_000_000_000, record: recordIntervals)
        var cc6470 = Accumulator(code: "CC6470", name: "RTD Instructed Imbalance Energy",
                                 formula: "Σ_j (RTD_MW_j − FMM_MW_i) · 1/12h · LMP_RTD,j", unit: "nMW·s", denominator: 3_600_000_000_000, record: recordIntervals)
        var cc6475 = Accumulator(code: "CC6475", name: "Real-Time Uninstructed Imbalance Energy",
                                 formula: "Σ_j (Metered_j − RTD_MW_j · 1/12h) · LMP_RTD,j", unit: "nMW·s", denominator: 3_600_000_000_000, record: recordIntervals)
        let regulation: [(AwardProduct, PriceProduct)] = [(.regulationUp, .regulationUp), (.regulationDown, .regulationDown)]
        var capacity: [AwardProduct: Accumulator] = [:]
        capacity[.regulationUp] = Accumulator(code: "REG-UP-CAP", name: "Regulation Up capacity (DA award + FMM increment)",
                                formula: "Σ_h RU_DA · ASMP_DA + Σ_i (RU_FMM − RU_DA) · ¼ · ASMP_FMM", unit: "µMW·s", denominator: 3_600_000_000, record: recordIntervals)
        capacity[.regulationDown] = Accumulator(code: "REG-DOWN-CAP", name: "Regulation Down capacity (DA award + FMM increment)",
                                formula: "Σ_h RD_DA · ASMP_DA + Σ_i (RD_FMM − RD_DA) · ¼ · ASMP_FMM", unit: "µMW·s", denominator: 3_600_000_000, record: recordIntervals)

        func energy(_ acc: inout Accumulator, nMWs: Int128, price: Int64, t: Instant, seconds: Int64) {
            guard nMWs != 0 else { return }
            if nMWs < 0 && !chargingSettled {
                acc.skippedCharging += 1
                return
            }
            acc.add(quantity: nMWs, amount: nMWs * Int128(price), t: t, seconds: seconds, price: price)
        }

        // hourly
        var t = start
        while t < end {
            let da = sched.value(.dayAhead, .energy, t)
            if da != 0 { energy(&cc6011, nMWs: Int128(da) * 3600 * 1000, price: price(.dayAhead, .lmp, t), t: t, seconds: 3600) }
            for (product, priceProduct) in regulation {
                let mw = sched.value(.dayAhead, product, t)
                if mw != 0 {
                    let q = Int128(mw) * 3600
                    let p = price(.dayAhead, priceProduct, t)
                    capacity[product]!.add(quantity: q, amount: q * Int128(p), t: t, seconds: 3600, price: p)
                }
            }
            t = t.adding(seconds: 3600)
        }
        // 15-minute
        t = start
        while t < end {
            let da = sched.value(.dayAhead, .energy, t)
            let fmm = sched.fmm(.energy, t)
            if fmm != da {
                energy(&cc6460, nMWs: Int128(fmm - da) * 900 * 1000, price: price(.fifteenMinute, .lmp, t), t: t, seconds: 900)
            }
            for (product, priceProduct) in regulation {
                let d = sched.fmm(product, t) - sched.value(.dayAhead, product, t)
                if d != 0 {
                    let q = Int128(d) * 900
                    let p = price(.fifteenMinute, priceProduct, t)
                    capacity[product]!.add(quantity: q, amount: q * Int128(p), t: t, seconds: 900, price: p)
                }
            }
            t = t.adding(seconds: 900)
        }
        // 5-minute: RTD instructed and uninstructed imbalance on the CAISO meter
        let per = Int(300 / ledger.grid.seconds)
        var missingMeter = 0
        var j = 0
        t = start
        while t < end {
            let fmm = sched.fmm(.energy, t)
            let rtd = sched.rtd(.energy, t)
            if rtd != fmm {
                energy(&cc6470, nMWs: Int128(rtd - fmm) * 300 * 1000, price: price(.realTimeDispatch, .lmp, t), t: t, seconds: 300)
            }
            var metered: Int128 = 0
            var complete = true
            for k in (j * per)..<((j + 1) * per) {
                if ledger.flags[k].contains(.missing) { complete = false }
                metered += Int128(ledger.caisoReceived[k] - ledger.caisoDelivered[k]) * 3600
            }
            if !complete {
                missingMeter += 1
            } else {
                let deviation = metered - Int128(rtd) * 300 * 1000
                if deviation != 0 {
                    energy(&cc6475, nMWs: deviation, price: price(.realTimeDispatch, .lmp, t), t: t, seconds: 300)
                }
            }
            j += 1
            t = t.adding(seconds: 300)
        }
        if missingMeter > 0 {
            cc6475.notes.append("\(missingMeter) five-minute interval(s) without meter data are not settled: provisional")
        }

        // mileage
        var ruMil = Accumulator(code: "REG-UP-MILEAGE", name: "Regulation Up mileage",
                                formula: "Σ_i InstructedMileage_i · Accuracy_i · RMU_i", unit: "µMW", denominator: 1_000_000_000_000, record: recordIntervals)
        var rdMil = Accumulator(code: "REG-DOWN-MILEAGE", name: "Regulation Down mileage",
                                formula: "Σ_i InstructedMileage_i · Accuracy_i · RMD_i", unit: "µMW", denominator: 1_000_000_000_000, record: recordIntervals)
        for m in mileage.sorted(by: { ($0.start, $0.direction.rawValue) < ($1.start, $1.direction.rawValue) })
        where m.start >= start && m.start < end {
            let p = price(.fifteenMinute, m.direction == .up ? .mileageUp : .mileageDown, m.start)
            let a = Int128(m.instructedMicroMW) * Int128(m.accuracyMicro) * Int128(p)
            if m.direction == .up {
                ruMil.add(quantity: Int128(m.instructedMicroMW), amount: a, t: m.start, seconds: m.seconds, price: p)
            } else {
                rdMil.add(quantity: Int128(m.instructedMicroMW), amount: a, t: m.start, seconds: m.seconds, price: p)
            }
        }
        for acc in [cc6011, cc6460, cc6470, cc6475, capacity[.regulationUp]!, capacity[.regulationDown]!, ruMil, rdMil] { out.append(acc.result) }
        let missingList = missing.sorted { ($0.intervalStart, $0.run.rawValue, $0.product.rawValue) < ($1.intervalStart, $1.run.rawValue, $1.product.rawValue) }
        return (out, missingList)
    }
}

struct PriceKey: Hashable {
    var run: MarketRun
    var product: PriceProduct
    var start: Int64
}

/// Awards on the period's grid of each market run and product; finer markets fall back to coarser ones.
///
/// Dense arrays rather than a hash table: the 5-minute pass asks for every interval's RTD, FMM and DA
/// schedule, and an array index is what makes that cheap.
struct Schedules {
    /// `MarketRun.ordinal * 3 + product`, every lane present.
    private var lanes: [IntervalLane]

    private static func lane(_ run: MarketRun, _ product: AwardProduct) -> Int {
        let p: Int
        switch product {
        case .energy: p = 0
        case .regulationUp: p = 1
        case .regulationDown: p = 2
        }
        return run.ordinal * 3 + p
    }

    /// Awards outside `[start, end)` are never asked for and are left out.
    init(awards: [Award], start: Instant, end: Instant) {
        var lanes: [IntervalLane] = []
        for run in [MarketRun.dayAhead, .fifteenMinute, .realTimeDispatch, .realTimeHourly] {
            for _ in 0..<3 { lanes.append(IntervalLane(start: start, end: end, grain: run.intervalSeconds)) }
        }
        for a in awards {
            // DA awards are hourly, FMM 15-minute, RTD 5-minute; longer records are split to that grain.
            let k = Self.lane(a.run, a.product)
            var t = a.start.secondsSinceEpoch
            while t < a.end.secondsSinceEpoch {
                if let i = lanes[k].index(containing: t) {
                    lanes[k].value[i] += a.microMW
                    lanes[k].present[i] = true
                }
                t += a.run.intervalSeconds
            }
        }
        self.lanes = lanes
    }

    func value(_ run: MarketRun, _ product: AwardProduct, _ t: Instant) -> Int64 {
        let lane = lanes[Self.lane(run, product)]
        return lane.index(containing: t.secondsSinceEpoch).map { lane.value[$0] } ?? 0
    }

    func has(_ run: MarketRun, _ product: AwardProduct, _ t: Instant) -> Bool {
        let lane = lanes[Self.lane(run, product)]
        return lane.index(containing: t.secondsSinceEpoch).map { lane.present[$0] } ?? false
    }

    func fmm(_ product: AwardProduct, _ t: Instant) -> Int64 {
        has(.fifteenMinute, product, t) ? value(.fifteenMinute, product, t) : value(.dayAhead, product, t)
    }

    func rtd(_ product: AwardProduct, _ t: Instant) -> Int64 {
        has(.realTimeDispatch, product, t) ? value(.realTimeDispatch, product, t) : fmm(product, t)
    }
}

struct Accumulator {
    var code: String
    var name: String
    var formula: String
    var unit: String
    var denominator: Int128
    var quantity: Int128 = 0
    var numerator: Int128 = 0
    var runs = IntervalRunBuilder()
    var skippedCharging = 0
    var notes: [String] = []
    /// Each interval's quantity and amount, kept only for a drill-down (nil in a settlement).
    var intervals: [ChargeCodeInterval]?

    init(code: String, name: String, formula: String, unit: String, denominator: Int128, record: Bool) {
        self.code = code
        self.name = name
        self.formula = formula
        self.unit = unit
        self.denominator = denominator
        self.intervals = record ? [] : nil
    }

    mutating func add(quantity q: Int128, amount a: Int128, t: Instant, seconds: Int64, price: Int64) {
        quantity += q
        numerator += a
        runs.add(start: t, seconds: seconds)
        intervals?.append(ChargeCodeInterval(start: t, seconds: seconds, quantity: q, numerator: a, price: price))
    }

    var result: ChargeCodeResult {
        var n = notes
        if skippedCharging > 0 {
            n.append("\(skippedCharging) charging interval(s) not settled: the distribution utility cannot net wholesale charging out of the retail bill (F1.2)")
        }
        return ChargeCodeResult(
            code: code, name: name, formula: formula, quantity: quantity, quantityUnit: unit, numerator: numerator,
            denominator: denominator, runs: runs.runs, intervalCount: runs.intervalCount, notes: n, intervals: intervals ?? [])
    }
}
