/// One dispatch event settled: its baseline (with the full audit), the performance paid per slot and in
/// total, its value at the LMP, and what MGO left uncredited.
public struct DemandResponseEventSettlement: Sendable {
    public var event: DemandResponseEvent
    public var baseline: BaselineResult
    public var quantity: BaselineQuantity
    /// Performance paid per event slot (``BaselineResult/eventSlots``), µkW, after the export rule and the
    /// negative-performance policy; nil where data are missing.
    public var performance: [Int64?]
    /// Σ performance × time over the event, µkWh, rounded once.
    public var performanceMicroKWh: Int64
    /// Σ performance × time × LMP, µ$ (exact, rounded once from µ$ × 3.6·10¹²).
    public var amount: Money
    /// Device output beyond the site's gross load over the event (MGO: not credited), µkWh.
    public var exportNotCreditedMicroKWh: Int64
    /// Event slots without performance (missing meter data or no baseline value).
    public var missingSlots: [Int]
    /// Seconds of the event outside its first local day (not covered by the day's baseline).
    public var secondsPastEventDay: Int64
    /// The intervals the lines trace to.
    public var runs: [IntervalRun]
    /// The pieces the event was paid in, in time order: their energy and money add up to
    /// ``performanceMicroKWh`` and ``amount`` before those are rounded.
    public var pieces: [DemandResponsePiece] = []
    /// Mean price paid, µ$/MWh (amount ÷ quantity), nil when the quantity is zero or the mean is no price
    /// (beyond `Int64`: a net quantity near zero from slots of both signs).
    ///
    /// The quantity may be negative (policy `net`: the site used more than its baseline).
    public var averagePriceMicro: Int64? {
        guard performanceMicroKWh != 0 else { return nil }
        return Int64(exactly: Rounding.divideHalfAwayFromZero(Int128(amount.micros) * 1_000_000_000, bySigned: Int128(performanceMicroKWh)))
    }
}

/// The demand-response part of a settlement: every dispatch event's performance, the claims it makes on
/// the storage meter's discharge, and the prices it could not find.
public struct DemandResponseMeasurement: Sendable {
    public var program: DemandResponseProgram
    public var quantity: BaselineQuantity
    public var events: [DemandResponseEventSettlement]
    public var claims: [DemandResponseClaim]
    public var missingPrices: [CaisoShadowSettlement.MissingPrice]
}

/// Measures and values demand-response performance (research baselines.md §2.8, settlement_rules.md §3.10,
/// F3.14; docs/rules.md "Demand-response performance settlement").
///
/// Per event: the program's baseline → performance per slot (load reduction for a site-load baseline; output
/// above typical output for a device baseline, with MGO's `min(output, gross load)` unless exports are
/// credited) → the negative-performance policy → value. The event is walked in pieces short enough that
/// each lies in one baseline slot, one price interval and one storage interval, so a 60-minute baseline
/// priced at 5-minute LMPs, or a DST day, needs no special case; money and energy are summed exactly and
/// rounded once.
public enum DemandResponseSettlement {
    public static func measure(
        _ d: Dataset, vee: VEEResult, program: DemandResponseProgram, storageGrid: IntervalGrid, pricingNode: String
    ) throws(BaselineInputError) -> DemandResponseMeasurement {
        let meters = DatasetBaselines.MeterSeries(d, vee: vee)
        let (results, quantity) = try baselines(d, program: program, meters: meters)
        let events = d.events.filter { $0.kind == .dispatch }.sorted { $0.start < $1.start }
        let tz = d.config.calendar.timeZone
        let node = program.pricingNode ?? pricingNode
        var prices = [Int64: Int64]()
        let runSeconds = program.priceRun.intervalSeconds
        for p in d.prices where p.node == node && p.run == program.priceRun && p.product == .lmp {
            prices[p.start.secondsSinceEpoch] = p.microPrice
        }
        var missing = Set<CaisoShadowSettlement.MissingPrice>()
        var claims: [DemandResponseClaim] = []
        var out: [DemandResponseEventSettlement] = []

        for (n, (event, r)) in zip(events, results).enumerated() {
            let slotSeconds = Int64(r.slotMinutes) * 60
            let (credited, exported) = creditedOutput(r, quantity: quantity, program: program, meters: meters, tz: tz)
            let performance: [Int64?] = (0..<r.eventSlots.count).map { j in
                let k = r.eventSlots.lowerBound + j
                guard let c = credited[j], let b = r.adjusted[k] else { return nil }
                let p = quantity == .siteLoad ? b - c : c - b
                return program.negativePerformance == .floorAtZero ? max(0, p) : p
            }
            let piece = gcd(gcd(slotSeconds, runSeconds), storageGrid.seconds)
            let group = lcm(slotSeconds, storageGrid.seconds)
            var energy: Int128 = 0  // µkW·s
            var money: Int128 = 0  // µkW·s·µ$/MWh
            var exportedEnergy: Int128 = 0
            var outside: Int64 = 0
            var runs = IntervalRunBuilder()
            var pieces: [DemandResponsePiece] = []
            var groupStart = Int64.min
            var groupEnergy: Int128 = 0
            func closeGroup() {
                guard groupStart != Int64.min else { return }
                claims.append(
                    DemandResponseClaim(
                        event: n, start: Instant(secondsSinceEpoch: groupStart), end: Instant(secondsSinceEpoch: groupStart + group),
                        microKWh: Rounding.int64(Rounding.divideHalfAwayFromZero(groupEnergy, by: 3600))))
                groupEnergy = 0
            }
            var t = event.start.secondsSinceEpoch
            let end = event.end.secondsSinceEpoch
            while t < end {
                let next = min(end, (floorDiv(t, piece) + 1) * piece)
                let len = next - t
                defer { t = next }
                let local = tz.localTime(Instant(secondsSinceEpoch: t))
                guard local.date == r.eventDay else {
                    outside += len
                    continue
                }
                let j = Int(Int64(local.secondOfDay) / slotSeconds) - r.eventSlots.lowerBound
                guard j >= 0, j < performance.count, let p = performance[j] else { continue }
                let priceStart = floorDiv(t, runSeconds) * runSeconds
                let price: Int64
                if let v = prices[priceStart] {
                    price = v
                } else {
                    missing.insert(.init(node: node, run: program.priceRun, product: .lmp, intervalStart: Instant(secondsSinceEpoch: priceStart)))
                    price = 0
                }
                energy += Int128(p) * Int128(len)
                money += Int128(p) * Int128(len) * Int128(price)
                if let x = exported[j] { exportedEnergy += Int128(x) * Int128(len) }
                runs.add(start: Instant(secondsSinceEpoch: t), seconds: len)
                pieces.append(DemandResponsePiece(start: Instant(secondsSinceEpoch: t), seconds: len, microKW: p, priceMicro: price))
                let g = floorDiv(t, group) * group
                if g != groupStart {
                    closeGroup()
                    groupStart = g
                }
                groupEnergy += Int128(p) * Int128(len)
            }
            closeGroup()
            // µkW·s·µ$/MWh → µ$: ÷ 3600 (s → h) ÷ 10⁹ (µkWh → MWh at µ$)
            let amount = Money(micros: Rounding.int64(Rounding.divideHalfAwayFromZero(money, by: 3_600_000_000_000)))
            out.append(
                DemandResponseEventSettlement(
                    event: event, baseline: r, quantity: quantity, performance: performance,
                    performanceMicroKWh: Rounding.int64(Rounding.divideHalfAwayFromZero(energy, by: 3600)), amount: amount,
                    exportNotCreditedMicroKWh: Rounding.int64(Rounding.divideHalfAwayFromZero(exportedEnergy, by: 3600)),
                    missingSlots: performance.indices.filter { performance[$0] == nil }.map { $0 + r.eventSlots.lowerBound },
                    secondsPastEventDay: outside, runs: runs.runs, pieces: pieces))
        }
        return DemandResponseMeasurement(
            program: program, quantity: quantity, events: out, claims: claims,
            missingPrices: missing.sorted { ($0.intervalStart, $0.run.rawValue) < ($1.intervalStart, $1.run.rawValue) })
    }

    /// The program's baseline for every dispatch event (a preset or `external`), and the quantity it is of.
    static func baselines(_ d: Dataset, program: DemandResponseProgram, meters: DatasetBaselines.MeterSeries) throws(BaselineInputError)
        -> ([BaselineResult], BaselineQuantity)
    {
        guard let q = program.quantity ?? DatasetBaselines.defaultQuantity(methodName: program.method) else {
            throw BaselineInputError(message: "demandResponse.method '\(program.method)' is not a baseline method")
        }
        return (try DatasetBaselines.results(d, methodName: program.method, quantity: q, meters: meters), q)
    }

    /// The event day's measured quantity per event slot as credited, and the export left uncredited (µkW).
    /// A site-load baseline credits the load as metered. A device baseline under MGO credits
    /// `min(output, max(0, gross load))` with gross load = site net import + device output, on the site
    /// meter's slot when that is coarser than the baseline's (its mean kW over the longer slot).
    static func creditedOutput(
        _ r: BaselineResult, quantity: BaselineQuantity, program: DemandResponseProgram, meters: DatasetBaselines.MeterSeries,
        tz: MarketTimeZone
    ) -> (credited: [Int64?], exported: [Int64?]) {
        let actual = r.eventSlots.map { r.actual[$0] }
        guard quantity == .deviceOutput, program.exportCredit == .none, let site = meters.siteNet else {
            return (actual, actual.map { _ in nil })
        }
        let siteMinutes = max(r.slotMinutes, Int(site.grid.seconds / 60))
        let siteProfile = DayProfiles(site, timeZone: tz, slotMinutes: siteMinutes)
        let ratio = siteMinutes / r.slotMinutes
        var credited: [Int64?] = []
        var exported: [Int64?] = []
        for (j, k) in r.eventSlots.enumerated() {
            guard let out = actual[j], let net = siteProfile.value(r.eventDay, k / ratio) else {
                credited.append(nil)
                exported.append(nil)
                continue
            }
            let gross = max(0, net + out)
            credited.append(min(out, gross))
            exported.append(max(0, out - gross))
        }
        return (credited, exported)
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
    static func gcd(_ a: Int64, _ b: Int64) -> Int64 { b == 0 ? a : gcd(b, a % b) }
    static func lcm(_ a: Int64, _ b: Int64) -> Int64 { a / gcd(a, b) * b }
}
