/// Cross-file checks for the market rules: a PJM site names its ESR rules and has the meters its
/// configuration reads, all on the storage meter's interval; PJM-only price runs stay out of CAISO data.
enum PJMValidation {
    static func issues(_ d: Dataset) -> [DatasetIssue] {
        var out: [DatasetIssue] = []
        let c = d.config
        func err(_ loc: String, _ field: String, _ value: String, _ expected: String) {
            out.append(DatasetIssue(location: loc, field: field, value: value, expected: expected))
        }
        if c.market == .caiso {
            if c.pjm != nil { err(d.siteFile, "pjm", "present", "no pjm block for a CAISO site (market is CAISO)") }
            for p in d.prices where p.run == .realTimeHourly {
                err(p.source, "market_run", p.run.rawValue, "DA, FMM or RTD: hourly real-time (RT) prices are PJM's")
                break
            }
            return out
        }
        // a PJM dataset used only for baselines needs no ESR rules; settling one without them is refused by
        // PJMSettlementEngine
        guard let pjm = c.pjm else { return out }
        if c.demandResponse != nil {
            err(d.siteFile, "demandResponse", "present", "no demandResponse block: demand-response settlement is implemented for CAISO sites")
        }
        guard let m2 = c.meter(role: .storage) else { return out }
        let feeds = c.meters.filter { $0.role == .loadFeed }
        if pjm.configuration == .resilience && feeds.count != 1 {
            err(d.siteFile, "meters[].role", "\(feeds.count) meter(s) with role loadFeed", "exactly one M3 (role loadFeed) for a resilience ESR")
        }
        if pjm.configuration != .resilience && !feeds.isEmpty {
            err(d.siteFile, "meters[].role", "loadFeed", "a loadFeed meter only for pjm.configuration resilience")
        }
        if pjm.configuration == .customerSide && c.meter(role: .retailMaster) == nil {
            err(d.siteFile, "meters[].role", "no retailMaster", "M1 (role retailMaster) at the point of interconnection for a customer-side ESR")
        }
        if c.meter(role: .onsiteGeneration) != nil && c.meter(role: .retailMaster) == nil {
            err(d.siteFile, "meters[].role", "onsiteGeneration without retailMaster", "M1 (role retailMaster): with on-site generation the grid share of charging is min(charging, M1 import) (F2.7)")
        }
        for m in c.meters where [.retailMaster, .loadFeed, .onsiteGeneration].contains(m.role) && m.intervalMinutes != m2.intervalMinutes {
            err(d.siteFile, "meters[\(m.id)].intervalMinutes", String(m.intervalMinutes), "\(m2.intervalMinutes), the storage meter's interval (PJM meters are compared interval by interval)")
        }
        if pjm.openingWholesaleKWh < 0 || pjm.openingRetailKWh < 0 {
            err(d.siteFile, "pjm.openingWholesaleKWh", "\(pjm.openingWholesaleKWh) / \(pjm.openingRetailKWh)", "opening pools ≥ 0 kWh")
        }
        if let m = pjm.measuredEfficiency, m.storedAtStartKWh < 0 || m.storedAtEndKWh < 0 {
            err(d.siteFile, "pjm.measuredEfficiency", "\(m.storedAtStartKWh) / \(m.storedAtEndKWh)", "stored energy ≥ 0 kWh")
        }
        return out
    }
}
