/// Cross-file checks of a loaded dataset, run before anything is settled (syntax errors are caught by the
/// reader). Returns every issue found.
public enum DatasetValidator {
    public static func validate(_ d: Dataset) -> [DatasetIssue] {
        // numbers first: every later check and all of settlement multiply them, so an out-of-range one stops here
        let ranges = DatasetRangeCheck.issues(d)
        if !ranges.isEmpty { return ranges }
        var out: [DatasetIssue] = []
        let c = d.config
        func err(_ loc: String, _ field: String, _ value: String, _ expected: String, _ sev: DatasetIssue.Severity = .error) {
            out.append(DatasetIssue(severity: sev, location: loc, field: field, value: value, expected: expected))
        }
        // 2: a unit of a portfolio, whose site file was checked when it was read
        if c.formatVersion != 1 && c.formatVersion != 2 { err(d.siteFile, "formatVersion", String(c.formatVersion), "1") }
        if !(c.period.start < c.period.end) {
            err(d.siteFile, "period", "\(c.period.start)…\(c.period.end)", "start before end")
            return out
        }
        var ids = Set<String>()
        for m in c.meters {
            if !ids.insert(m.id).inserted { err(d.siteFile, "meters[].id", m.id, "unique meter ids") }
            if !IntervalGrid.supportedSeconds.contains(m.intervalSeconds) {
                err(d.siteFile, "meters[\(m.id)].intervalMinutes", String(m.intervalMinutes), "one of 1, 5, 15, 30, 60")
            }
            if !(m.ratingKW > 0) { err(d.siteFile, "meters[\(m.id)].ratingKW", String(m.ratingKW), "a positive kW rating") }
            if d.meters[m.id] == nil { err("readings.csv", "meter_id", m.id, "readings for every meter in \(d.siteFile)") }
            if let ch = d.meters[m.id], ch.grid.seconds != m.intervalSeconds {
                err("readings.csv", "interval_minutes", String(ch.grid.seconds / 60), "\(m.intervalMinutes) for meter \(m.id)")
            }
        }
        for role in [MeterRole.retailMaster, .storage] {
            let n = c.meters.filter { $0.role == role }.count
            // a front-of-meter PJM ESR has no retail meter of its own
            let optional = role == .retailMaster && c.market == .pjm && c.pjm?.configuration == .frontOfMeter
            if optional ? n > 1 : n != 1 { err(d.siteFile, "meters[].role", "\(n) meter(s) with role \(role.rawValue)", optional ? "at most one" : "exactly one") }
        }
        out += PJMValidation.issues(d)
        if let m1 = c.meter(role: .retailMaster), let m2 = c.meter(role: .storage) {
            if c.market == .caiso && !(m2.intervalMinutes == 1 || m2.intervalMinutes == 5) {
                err(d.siteFile, "meters[\(m2.id)].intervalMinutes", String(m2.intervalMinutes),
                    "1 or 5: CAISO settles real-time energy in 5-minute intervals")
            }
            if m1.intervalSeconds % m2.intervalSeconds != 0 {
                err(d.siteFile, "meters[\(m1.id)].intervalMinutes", String(m1.intervalMinutes),
                    "a multiple of the storage meter's \(m2.intervalMinutes) minutes")
            }
            let w = Int64(d.tariff.demandWindowMinutes) * 60
            if w % m1.intervalSeconds != 0 {
                err(d.siteFile, "tariff.demandWindowMinutes", String(d.tariff.demandWindowMinutes),
                    "a multiple of the master meter's \(m1.intervalMinutes)-minute interval")
            }
        }
        let eta = c.resource.roundTripEfficiency
        if !(eta > 0 && eta <= 1) {
            err(d.siteFile, "resource.roundTripEfficiency", String(eta), "0 < η ≤ 1 (a measured value above 1 means state-of-charge drift)")
        }
        if !(c.resource.initialInventoryKWh >= 0) { err(d.siteFile, "resource.initialInventoryKWh", String(c.resource.initialInventoryKWh), "≥ 0") }
        let p = c.policies
        if !(p.idleThresholdKW > 0) { err(d.siteFile, "policies.idleThresholdKW", String(p.idleThresholdKW), "> 0") }
        if p.idleMinimumMinutes < 0 { err(d.siteFile, "policies.idleMinimumMinutes", String(p.idleMinimumMinutes), "≥ 0") }
        if p.maxEstimatedGapIntervals < 0 { err(d.siteFile, "policies.maxEstimatedGapIntervals", String(p.maxEstimatedGapIntervals), "≥ 0") }

        let (start, end) = d.periodBounds
        // awards
        struct AwardSlot: Hashable { var run: MarketRun; var product: AwardProduct; var start: Int64 }
        var seenAward = Set<AwardSlot>(minimumCapacity: d.awards.count)
        var outside = 0
        for a in d.awards {
            let expected = a.run.intervalSeconds
            if a.seconds != expected {
                err(a.source, "interval_minutes", String(a.seconds / 60), "\(expected / 60) for \(a.run.rawValue) awards")
            }
            if a.start.secondsSinceEpoch % expected != 0 {
                err(a.source, "interval_start", a.start.description, "a \(a.run.rawValue) interval boundary (every \(expected / 60) minutes)")
            }
            if a.product != .energy && a.microMW < 0 {
                err(a.source, "mw", FixedPointFormat.decimal(a.microMW, scale: 6, fractionDigits: 6), "regulation capacity ≥ 0")
            }
            if !seenAward.insert(AwardSlot(run: a.run, product: a.product, start: a.start.secondsSinceEpoch)).inserted {
                err(a.source, "interval_start", a.start.description, "one \(a.run.rawValue) \(a.product.rawValue) award per interval (duplicate)")
            }
            if a.end <= start || a.start >= end { outside += 1 }
        }
        if outside > 0 {
            err("awards.csv", "interval_start", "\(outside) award(s) outside the period \(start)…\(end)", "awards inside the period; these are not settled", .warning)
        }
        for s in d.signals where !(s.start < s.end) {
            err(s.source, "end", s.end.description, "after start \(s.start)")
        }
        for t in d.trips {
            if !(t.departure < t.returnTime) { err(t.source, "return", t.returnTime.description, "after departure \(t.departure)") }
            if t.drivenMicroKWh < 0 { err(t.source, "driven_kwh", Units.formatKWh(t.drivenMicroKWh), "≥ 0") }
        }
        for m in d.mileage where m.accuracyMicro < 0 || m.accuracyMicro > 1_000_000 {
            err(m.source, "accuracy", FixedPointFormat.decimal(m.accuracyMicro, scale: 6, fractionDigits: 6), "between 0 and 1")
        }
        // prices: duplicates and the ones settlement will need
        let table = PriceGrids.grid(d.priceGrids, prices: d.prices, node: c.resource.pricingNode, start: start, end: end)
        for pr in table.repeated {
            err(pr.source, "interval_start", pr.start.description, "one \(pr.run.rawValue) \(pr.product.rawValue) price per interval at \(pr.node) (duplicate)")
        }
        for pr in d.prices {
            let expected = pr.run.intervalSeconds
            let cap = pr.product == .mileageUp || pr.product == .mileageDown
            let want = cap ? 900 : expected
            if pr.seconds != want {
                err(pr.source, "interval_minutes", String(pr.seconds / 60), "\(want / 60) for \(pr.run.rawValue) \(pr.product.rawValue) prices")
            } else if pr.start.secondsSinceEpoch % want != 0 {
                err(pr.source, "interval_start", pr.start.description, "a \(want / 60)-minute boundary")
            }
        }
        struct MileageSlot: Hashable { var direction: MileageRecord.Direction; var start: Int64 }
        var seenMileage = Set<MileageSlot>()
        for m in d.mileage {
            if m.seconds != 900 || m.start.secondsSinceEpoch % 900 != 0 {
                err(m.source, "interval_start", "\(m.start) (\(m.seconds / 60) min)", "a 15-minute interval on a 15-minute boundary")
            }
            if !seenMileage.insert(MileageSlot(direction: m.direction, start: m.start.secondsSinceEpoch)).inserted {
                err(m.source, "interval_start", m.start.description, "one \(m.direction.rawValue) mileage record per interval (duplicate)")
            }
        }
        for e in d.edits {
            guard let spec = c.meters.first(where: { $0.id == e.meterID }) else {
                err(e.source, "meter_id", e.meterID, "a meter id from \(d.siteFile)")
                continue
            }
            if d.grid(for: spec).index(startingAt: e.intervalStart) == nil {
                err(e.source, "interval_start", e.intervalStart.description, "an interval start of meter \(spec.id) inside the period")
            }
        }
        var missingRTD = 0
        var firstMissing: Instant?
        var t = start
        while t < end {
            if table.price(.realTimeDispatch, .lmp, t) == nil {
                missingRTD += 1
                if firstMissing == nil { firstMissing = t }
            }
            t = t.adding(seconds: 300)
        }
        if missingRTD > 0, c.market == .caiso {
            err("prices.csv", "price", "no RTD LMP at \(c.resource.pricingNode) for \(missingRTD) five-minute interval(s), first \(firstMissing!)",
                "an RTD LMP for every 5-minute interval of the period (uninstructed imbalance energy is settled at it)")
        }
        for a in d.awards where a.microMW != 0 && a.start >= start && a.start < end {
            let needed: [(MarketRun, PriceProduct)]
            switch a.product {
            case .energy: needed = [(a.run, .lmp)]
            case .regulationUp: needed = [(a.run, .regulationUp)]
            case .regulationDown: needed = [(a.run, .regulationDown)]
            }
            for (run, product) in needed where table.price(run, product, a.start) == nil {
                err(a.source, "price", "no \(run.rawValue) \(product.rawValue) price at \(c.resource.pricingNode) for \(a.start)", "a price for every awarded interval")
            }
        }
        if let program = c.demandResponse { out += demandResponseIssues(program, d) }
        if let i = billMagnitudeIssue(d) { out.append(i) }
        return out
    }

    /// The tariff's largest rates on all of the period's energy and its highest demand must give bill amounts
    /// that fit (``BillMagnitude``): in-range readings on in-range URDB rates can still overflow together.
    static func billMagnitudeIssue(_ d: Dataset) -> DatasetIssue? {
        let channels = d.meters.values.flatMap { [$0.delivered, $0.received] }
        let bound = BillMagnitude.bound(tariff: d.tariff, series: channels)
        guard bound > BillMagnitude.limitMicros else { return nil }
        let energy = channels.reduce(Int128(0)) { sum, s in s.microKWh.reduce(sum) { $0 + Int128($1.magnitude) } }
        return DatasetIssue(location: d.siteFile, field: "tariff.urdbFile", value: "\(d.config.tariff.urdbFile): bill amounts up to $\(bound / 1_000_000)",
                            expected: "rates that, on this period's \(energy / 1_000_000_000) MWh, give bill amounts below $\(BillMagnitude.limitMicros / 1_000_000) (check the tariff's rates and units)")
    }

    /// The demand-response program must name a method that exists and can run; without dispatch events it
    /// settles nothing, which is worth a warning.
    static func demandResponseIssues(_ program: DemandResponseProgram, _ d: Dataset) -> [DatasetIssue] {
        var out: [DatasetIssue] = []
        let names = DatasetBaselines.methodNames
        if !names.contains(program.method) {
            out.append(DatasetIssue(location: d.siteFile, field: "demandResponse.method", value: program.method, expected: "one of " + names.joined(separator: ", ")))
        } else if let m = BaselinePresets.named(program.method), let problem = m.problem {
            out.append(DatasetIssue(location: d.siteFile, field: "demandResponse.method", value: program.method, expected: problem))
        }
        if !d.events.contains(where: { $0.kind == .dispatch }) {
            out.append(DatasetIssue(severity: .warning, location: "events.csv", field: "type", value: "no dispatch events",
                                    expected: "dispatch events for the demand-response program to settle"))
        }
        return out
    }
}
