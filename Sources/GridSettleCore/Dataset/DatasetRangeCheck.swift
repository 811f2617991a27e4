/// Checks a site file and a loaded dataset against ``DatasetRanges``.
///
/// The validator runs this first and stops when it finds an error: the later checks (and settlement) multiply
/// these numbers, and an out-of-range one would overflow there. Reported values are the numbers as given.
public enum DatasetRangeCheck {
    /// Every number of `site.json` (meters, resource, fleet, policies, tariff block, period).
    public static func siteIssues(_ c: SiteConfig, file: String = "site.json") -> [DatasetIssue] {
        var out: [DatasetIssue] = []
        func err(_ field: String, _ value: String, _ expected: String) {
            out.append(DatasetIssue(location: file, field: field, value: value, expected: expected))
        }
        func kW(_ field: String, _ v: Double, positive: Bool) {
            if !DatasetRanges.holds(DatasetRanges.powerKW, v) || (positive && v == 0) {
                err(field, String(v), "kW \(positive ? "above 0 and at most" : "between 0 and") 1000000 (1 GW)")
            }
        }
        for y in [c.period.start.year, c.period.end.year] where !DatasetRanges.periodYears.contains(y) {
            err("period", "\(c.period.start)…\(c.period.end)", "dates in the years \(DatasetRanges.periodYears.lowerBound)…\(DatasetRanges.periodYears.upperBound)")
        }
        if out.isEmpty, c.period.start < c.period.end {
            let b = c.period.bounds(in: c.zone)
            if b.end.secondsSinceEpoch - b.start.secondsSinceEpoch > DatasetRanges.maximumPeriodSeconds {
                err("period", "\(c.period.start)…\(c.period.end)", "a period of at most 366 days (settle a longer span period by period)")
            }
        }
        if let cap = c.site.capacityKW { kW("site.capacityKW", cap, positive: false) }
        out += PriorPeak.issues(c.tariff.priorPeaks, location: file)
        for m in c.meters {
            if !DatasetRanges.intervalMinutes.contains(m.intervalMinutes) {
                err("meters[\(m.id)].intervalMinutes", String(m.intervalMinutes), "one of 1, 5, 15, 30, 60")
            }
            kW("meters[\(m.id)].ratingKW", m.ratingKW, positive: true)
        }
        let r = c.resource
        if !DatasetRanges.holds(DatasetRanges.roundTripEfficiency, r.roundTripEfficiency) {
            err("resource.roundTripEfficiency", String(r.roundTripEfficiency),
                "0.01 ≤ η ≤ 1 (a measured value above 1 means state-of-charge drift; the pools divide by η in millionths)")
        }
        if !DatasetRanges.holds(DatasetRanges.inventoryKWh, r.initialInventoryKWh) {
            err("resource.initialInventoryKWh", String(r.initialInventoryKWh), "kWh between 0 and 10000000 (10 GWh)")
        }
        for (i, g) in (r.fleet ?? []).enumerated() {
            if !DatasetRanges.fleetCount.contains(g.count) { err("resource.fleet[\(i)].count", String(g.count), "a count \(DatasetRanges.between(DatasetRanges.fleetCount))") }
            kW("resource.fleet[\(i)].chargerKW", g.chargerKW, positive: false)
            if !DatasetRanges.holds(DatasetRanges.fleetBatteryKWh, g.batteryKWh) {
                err("resource.fleet[\(i)].batteryKWh", String(g.batteryKWh), "kWh between 0 and 100000")
            }
        }
        if let pjm = c.pjm {
            // energy in the storage, as resource.initialInventoryKWh
            var stored = [("pjm.openingWholesaleKWh", pjm.openingWholesaleKWh), ("pjm.openingRetailKWh", pjm.openingRetailKWh)]
            if let m = pjm.measuredEfficiency {
                stored += [("pjm.measuredEfficiency.storedAtStartKWh", m.storedAtStartKWh), ("pjm.measuredEfficiency.storedAtEndKWh", m.storedAtEndKWh)]
            }
            for (field, v) in stored where !DatasetRanges.holds(DatasetRanges.inventoryKWh, v) {
                err(field, String(v), "kWh between 0 and 10000000 (10 GWh)")
            }
        }
        let p = c.policies
        if !DatasetRanges.policyVersion.contains(p.version) { err("policies.version", String(p.version), "a policy version \(DatasetRanges.between(DatasetRanges.policyVersion))") }
        kW("policies.idleThresholdKW", p.idleThresholdKW, positive: true)
        if !DatasetRanges.minutesInDay.contains(p.idleMinimumMinutes) {
            err("policies.idleMinimumMinutes", String(p.idleMinimumMinutes), "minutes between 0 and 1440 (a day)")
        }
        if !DatasetRanges.gapIntervals.contains(p.maxEstimatedGapIntervals) {
            err("policies.maxEstimatedGapIntervals", String(p.maxEstimatedGapIntervals), "intervals between 0 and 1440 (a day of 1-minute data)")
        }
        out += tariffIssues(demandWindowMinutes: c.tariff.demandWindowMinutes, minimumBillingDemandKW: c.tariff.minimumBillingDemandKW, file: file)
        for (i, period) in (c.tariff.ratchetTOUPeriods ?? []).enumerated() where !(0...1_000).contains(period) {
            err("tariff.ratchetTOUPeriods[\(i)]", String(period), "a TOU demand period index between 0 and 1000")
        }
        return out
    }

    /// The site file's tariff block; also checked on the loaded ``Tariff``.
    static func tariffIssues(demandWindowMinutes: Int, minimumBillingDemandKW: Int?, file: String) -> [DatasetIssue] {
        var out: [DatasetIssue] = []
        if !(1...DatasetRanges.minutesInDay.upperBound).contains(demandWindowMinutes) {
            out.append(DatasetIssue(location: file, field: "tariff.demandWindowMinutes", value: String(demandWindowMinutes),
                                    expected: "minutes between 1 and 1440 (a day)"))
        }
        if let kw = minimumBillingDemandKW, !(0...1_000_000).contains(kw) {
            out.append(DatasetIssue(location: file, field: "tariff.minimumBillingDemandKW", value: String(kw),
                                    expected: "kW between 0 and 1000000 (1 GW)"))
        }
        return out
    }

    /// Every number of a loaded dataset: the site file, the tariff's window, each meter interval and each
    /// record. One issue per meter channel (the first interval out of range, with a count), one per record.
    public static func issues(_ d: Dataset) -> [DatasetIssue] {
        var out = siteIssues(d.config, file: d.siteFile)
        // the checks below use the site's interval lengths; out of range, they would overflow
        if !out.isEmpty { return out }
        if d.tariff.demandWindowMinutes != d.config.tariff.demandWindowMinutes {
            out += tariffIssues(demandWindowMinutes: d.tariff.demandWindowMinutes, minimumBillingDemandKW: nil, file: d.siteFile)
        }
        func err(_ loc: String, _ field: String, _ value: String, _ expected: String) {
            out.append(DatasetIssue(location: loc, field: field, value: value, expected: expected))
        }
        for id in d.meters.keys.sorted() {
            let ch = d.meters[id]!
            let most = DatasetRanges.maximumMicroKWh(intervalSeconds: ch.grid.seconds)
            for (name, s) in [("delivered_kwh", ch.delivered), ("received_kwh", ch.received)] {
                var bad = 0
                var first = 0
                for i in 0..<s.count where s.microKWh[i] < 0 || s.microKWh[i] > most {
                    if bad == 0 { first = i }
                    bad += 1
                }
                if bad > 0 {
                    err("readings.csv", name, "meter \(id) at \(s.grid.startOf(first)): \(Units.formatKWh(s.microKWh[first], digits: 6)) kWh (\(bad) interval(s) out of range)",
                        "kWh between 0 and \(Units.formatKWh(most, digits: 6)) per \(ch.grid.seconds / 60)-minute interval (1 GW)")
                }
            }
        }
        for a in d.awards where !DatasetRanges.awardMicroMW.contains(a.microMW) {
            err(a.source, "mw", FixedPointFormat.decimal(a.microMW, scale: 6, fractionDigits: 6), "MW between -1000 and 1000")
        }
        for p in d.prices where !DatasetRanges.microPrice.contains(p.microPrice) {
            err(p.source, "price", FixedPointFormat.decimal(p.microPrice, scale: 6, fractionDigits: 6), "a price between -10000 and 10000 $")
        }
        for m in d.mileage where !DatasetRanges.mileageMicroMW.contains(m.instructedMicroMW) {
            err(m.source, "instructed_mileage_mw", FixedPointFormat.decimal(m.instructedMicroMW, scale: 6, fractionDigits: 6), "MW between 0 and 10000")
        }
        for t in d.trips where !DatasetRanges.tripMicroKWh.contains(t.drivenMicroKWh) {
            err(t.source, "driven_kwh", Units.formatKWh(t.drivenMicroKWh, digits: 6), "kWh between 0 and 10000")
        }
        for b in d.baselineSeries where !DatasetRanges.baselineMicroKW.contains(b.microKW) {
            err(b.source, "baseline_kw", FixedPointFormat.decimal(b.microKW, scale: 6, fractionDigits: 6), "kW between -1000000 and 1000000")
        }
        for e in d.edits {
            let seconds = d.config.meters.first { $0.id == e.meterID }.map { Int64($0.intervalMinutes) * 60 } ?? 3_600
            let most = DatasetRanges.maximumMicroKWh(intervalSeconds: seconds)
            if e.newMicroKWh < 0 || e.newMicroKWh > most {
                err(e.source, "new_kwh", Units.formatKWh(e.newMicroKWh, digits: 6), "kWh between 0 and \(Units.formatKWh(most, digits: 6)) for meter \(e.meterID)'s interval (1 GW)")
            }
        }
        return out
    }
}
