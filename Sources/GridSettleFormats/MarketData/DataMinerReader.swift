import GridSettleCore

/// Reads PJM Data Miner 2 CSV exports (the web UI's CSV, or API items written out with the same column names)
/// into price points.
///
/// The feed is recognised by its header, columns bound by name (research data_formats.md §3):
///
/// | Feed | Header has | Run | Interval | Product (node) |
/// |---|---|---|---|---|
/// | `da_hrl_lmps` | `total_lmp_da` | DA | 60 min | LMP (`pnode_id`) |
/// | `rt_hrl_lmps` | `total_lmp_rt` | RT | 60 min | LMP (`pnode_id`) |
/// | `rt_fivemin_hrl_lmps` | `total_lmp_rt` | RTD | 5 min | LMP (`pnode_id`) |
/// | `reg_zone_prelim_bill` | `rmccp`, `rmpcp` (or `capability_clearing_price`, `performance_clearing_price`) | RT | 60 min | RMCCP, RMPCP (`PJM-RTO`) |
/// | `reg_market_results` | `regd_mileage`, `rega_mileage` | RT | 60 min | MILEAGE_RATIO (`PJM-RTO`) |
/// | `ancillary_services` | `ancillary_service`, `value` | RT | 60 min | see below (`PJM-RTO`) |
///
/// `rt_hrl_lmps` and `rt_fivemin_hrl_lmps` have the same columns. The reader tells them apart, in this order:
/// 1. a run hint: ``ImportOptions/awardRun`` `.realTimeHourly` (RT) or `.realTimeDispatch` (RTD) is reused as the
///    hint for this feed (any other run is refused for a `total_lmp_rt` file);
/// 2. the file name: containing `fivemin` → RTD, containing `rt_hrl_lmps` → RT (a hint and a name that disagree
///    are an error);
/// 3. a `datetime_ending_utc` column: end − begin of 300 s → RTD, 3600 s → RT;
/// 4. the rows: a start off the hour → RTD; otherwise a pnode with two or more distinct starts (all on the
///    hour) → RT.
/// If none of these decides (e.g. one hourly row per pnode), the file is refused with an error asking for the
/// hint. Whatever decides, every row must then fit the interval (start on its grid, and
/// `datetime_ending_utc − datetime_beginning_utc` equal to it when that column is present).
///
/// Rules:
/// - The key is always `datetime_beginning_utc` (UTC, written `2024-11-03T05:00:00` or, as the UI exports it,
///   `11/3/2024 5:00:00 AM`; an explicit `Z` or offset is accepted too). `datetime_beginning_ept`, when present,
///   is only checked: it must be the America/New_York wall-clock time of the UTC start (so it repeats on the
///   fall-back day); a contradiction is an error. ``ImportOptions/zone`` is not used: EPT is Eastern by definition.
/// - LMP node = `pnode_id` (an integer; `pnode_name` only appears in messages). The value is `total_lmp_da` /
///   `total_lmp_rt`; the component columns (`system_energy_price_*`, `congestion_price_*`,
///   `marginal_loss_price_*`) are not imported: one warning with the count of rows that carry them.
/// - `reg_zone_prelim_bill`: `rmccp` → RMCCP and `rmpcp` → RMPCP (the 2025 names `capability_clearing_price` /
///   `performance_clearing_price` are accepted too; both names for one price is an error), run RT, node
///   `PJM-RTO` (PJM clears one RTO-wide regulation market; the feed has no node column).
/// - `reg_market_results`: MILEAGE_RATIO = `regd_mileage / rega_mileage`, node `PJM-RTO`, run RT, stored in
///   millionths. This division is the one place a price reader rounds: half away from zero to 1e-6 (e.g.
///   2.9 / 0.7 = 4.142857142… → 4.142857). `rega_mileage` 0 or a negative mileage is an error. Rows with
///   `is_approved` FALSE are imported, with one warning giving their count.
/// - `ancillary_services` (long format, one row per service and hour): "RTO Regulation Capability" → RMCCP,
///   "RTO Regulation Performance" → RMPCP, "RTO Mileage Ratio" → MILEAGE_RATIO (the value is the ratio, at most 6
///   decimals), node `PJM-RTO`, run RT; every other service is counted and reported, one warning per service.
/// - Corrections: rows for the same (feed, node, product, UTC start) with a higher `version_nbr` replace lower
///   ones; rows with `row_is_current` FALSE are superseded ones. One warning gives how many rows were superseded.
///   Rows marked FALSE with no current row in the file are not imported, with one warning and their count. Two
///   rows with the same key and version and different values are an error naming both lines; with the same
///   value, one is imported and a warning names the duplicate.
/// - Prices are $ with at most 6 decimals, stored as µ$; more decimals, overflow or anything else than a plain
///   decimal is an error. Output is sorted by (node, run, product, start).
public enum DataMinerReader {
    /// The feeds the reader knows, as listed in its "unknown header" error.
    public static let knownFeeds = [
        "da_hrl_lmps (datetime_beginning_utc, pnode_id, total_lmp_da)",
        "rt_hrl_lmps / rt_fivemin_hrl_lmps (datetime_beginning_utc, pnode_id, total_lmp_rt)",
        "reg_zone_prelim_bill (datetime_beginning_utc, rmccp, rmpcp or capability_clearing_price, performance_clearing_price)",
        "reg_market_results (datetime_beginning_utc, regd_mileage, rega_mileage)",
        "ancillary_services (datetime_beginning_utc, ancillary_service, value)",
    ]

    /// The node the RTO-wide regulation prices and the mileage ratio are filed under.
    public static let regulationNode = "PJM-RTO"

    static let zone = MarketTimeZone.newYork

    enum Feed {
        case lmp(name: String, value: String, suffix: String)
        case regZonePrelimBill(capability: String, performance: String)
        case regMarketResults
        case ancillaryServices

        var name: String {
            switch self {
            case .lmp(let name, _, _): return name
            case .regZonePrelimBill: return "reg_zone_prelim_bill"
            case .regMarketResults: return "reg_market_results"
            case .ancillaryServices: return "ancillary_services"
            }
        }
    }

    public static func read(_ bytes: [UInt8], file: String, options: ImportOptions) throws(DatasetInvalid) -> ImportedRecords {
        if let what = MarketSniff.notCSV(bytes, source: "Data Miner") {
            throw DatasetInvalid(issues: [DatasetIssue(location: "\(file):1", field: "file", value: "", expected: what)])
        }
        let table = try MarketCSV(file: file, bytes: bytes)
        let feed = try detect(table)
        var issues = MarketIssues(file: file)

        // Pass 1: the UTC start of every row, needed before the run of a total_lmp_rt file can be decided.
        var rows: [(record: QuotedCSV.Record, start: Instant)] = []
        rows.reserveCapacity(table.rows.count)
        for r in table.rows {
            guard table.checkWidth(r, &issues) else { continue }
            let text = table.text(r, "datetime_beginning_utc")
            guard let start = DataMinerTime.utc(text) else {
                issues.error(table.location(r, "datetime_beginning_utc"), field: table.written("datetime_beginning_utc"), value: text,
                             expected: "a UTC time such as 2024-11-03T05:00:00 or 11/3/2024 5:00:00 AM")
                continue
            }
            rows.append((r, start))
        }

        let run: MarketRun
        switch feed {
        case .lmp(_, _, "da"): run = .dayAhead
        case .lmp: run = try realTimeRun(table, rows: rows, hint: options.awardRun)
        default: run = .realTimeHourly
        }
        let interval = run.intervalSeconds

        var candidates: [PriceCandidate] = []
        candidates.reserveCapacity(rows.count)
        var skipped = SkippedRows()
        var componentRows = 0
        var firstComponentLine = 0
        var unapproved = 0
        var firstUnapproved = 0
        var names: [String: String] = [:]

        for (r, start) in rows {
            var ok = true
            if start.secondsSinceEpoch % interval != 0 {
                ok = false
                issues.error(table.location(r, "datetime_beginning_utc"), field: table.written("datetime_beginning_utc"),
                             value: table.text(r, "datetime_beginning_utc"),
                             expected: "a start on the \(interval / 60)-minute grid of \(feed.name) (\(run.rawValue))")
            }
            if table.has("datetime_ending_utc") {
                let text = table.text(r, "datetime_ending_utc")
                if let end = DataMinerTime.utc(text) {
                    if end.secondsSinceEpoch - start.secondsSinceEpoch != interval {
                        ok = false
                        issues.error(table.location(r, "datetime_ending_utc"), field: table.written("datetime_ending_utc"), value: text,
                                     expected: "\(interval / 60) minutes after datetime_beginning_utc (\(feed.name), \(run.rawValue))")
                    }
                } else {
                    ok = false
                    issues.error(table.location(r, "datetime_ending_utc"), field: table.written("datetime_ending_utc"), value: text,
                                 expected: "a UTC time such as 2024-11-03T06:00:00 or 11/3/2024 6:00:00 AM")
                }
            }
            if table.has("datetime_beginning_ept") && !checkEPT(r, table, start: start, issues: &issues) { ok = false }
            var version: Int? = nil
            if table.has("version_nbr") {
                let text = table.text(r, "version_nbr")
                if let v = Int(text), v >= 0 {
                    version = v
                } else {
                    ok = false
                    issues.error(table.location(r, "version_nbr"), field: table.written("version_nbr"), value: text, expected: "a version number (an integer ≥ 0)")
                }
            }
            var current = true
            if table.has("row_is_current") {
                let text = table.text(r, "row_is_current")
                if let b = boolean(text) {
                    current = b
                } else {
                    ok = false
                    issues.error(table.location(r, "row_is_current"), field: table.written("row_is_current"), value: text, expected: "TRUE or FALSE")
                }
            }

            func candidate(node: String, label: String, product: PriceProduct, micro: Int64, column: String, text: String) -> PriceCandidate {
                PriceCandidate(
                    point: PricePoint(node: node, run: run, product: product, start: start, seconds: interval, microPrice: micro, source: "\(file):\(r.line)"),
                    line: r.line, valueLocation: table.location(r, column), valueText: text, version: version, isCurrent: current, nodeLabel: label)
            }
            func price(_ column: String, what: String = "a price in $") -> (Int64, String)? {
                let text = table.text(r, column)
                switch MarketDecimal.parse(text, scale: 6, what: what) {
                case .success(let v): return (v, text)
                case .failure(let f):
                    issues.error(table.location(r, column), field: table.written(column), value: text, expected: f.expected)
                    return nil
                }
            }

            switch feed {
            case .lmp(_, let valueColumn, let suffix):
                let id = table.text(r, "pnode_id")
                guard !id.isEmpty, id.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
                    issues.error(table.location(r, "pnode_id"), field: table.written("pnode_id"), value: id, expected: "a pnode id (an integer, e.g. 51288)")
                    continue
                }
                let name = table.text(r, "pnode_name")
                if !name.isEmpty && names[id] == nil { names[id] = name }
                let components = ["system_energy_price_", "congestion_price_", "marginal_loss_price_"].map { $0 + suffix }
                if components.contains(where: { !table.text(r, $0).isEmpty }) {
                    if componentRows == 0 { firstComponentLine = r.line }
                    componentRows += 1
                }
                guard let p = price(valueColumn), ok else { continue }
                let (micro, text) = p
                let label = "pnode \(id)" + ((names[id] ?? name).isEmpty ? "" : " (\(names[id] ?? name))")
                candidates.append(candidate(node: id, label: label, product: .lmp, micro: micro, column: valueColumn, text: text))

            case .regZonePrelimBill(let capability, let performance):
                let cap = price(capability)
                let perf = price(performance)
                guard ok, let cap, let perf else { continue }
                candidates.append(candidate(node: regulationNode, label: regulationNode, product: .regulationCapability, micro: cap.0,
                                            column: capability, text: cap.1))
                candidates.append(candidate(node: regulationNode, label: regulationNode, product: .regulationPerformance, micro: perf.0,
                                            column: performance, text: perf.1))

            case .regMarketResults:
                let d = price("regd_mileage", what: "a mileage")
                let a = price("rega_mileage", what: "a mileage")
                guard let d, let a else { continue }
                if d.0 < 0 {
                    ok = false
                    issues.error(table.location(r, "regd_mileage"), field: table.written("regd_mileage"), value: d.1, expected: "a mileage ≥ 0")
                }
                if a.0 <= 0 {
                    ok = false
                    issues.error(table.location(r, "rega_mileage"), field: table.written("rega_mileage"), value: a.1,
                                 expected: "a mileage > 0: the mileage ratio regd_mileage / rega_mileage is undefined when rega_mileage is \(a.0 == 0 ? "0" : "negative")")
                }
                guard ok else { continue }
                guard let ratio = mileageRatio(regd: d.0, rega: a.0) else {
                    issues.error(table.location(r, "regd_mileage"), field: table.written("regd_mileage"), value: d.1,
                                 expected: "a mileage ratio regd_mileage / rega_mileage (\(d.1) / \(a.1)) small enough to hold in millionths")
                    continue
                }
                if table.has("is_approved") {
                    let text = table.text(r, "is_approved")
                    switch boolean(text) {
                    case .some(true): break
                    case .some(false):
                        if unapproved == 0 { firstUnapproved = r.line }
                        unapproved += 1
                    case .none:
                        issues.error(table.location(r, "is_approved"), field: table.written("is_approved"), value: text, expected: "TRUE or FALSE")
                        continue
                    }
                }
                candidates.append(candidate(node: regulationNode, label: regulationNode, product: .mileageRatio, micro: ratio,
                                            column: "regd_mileage", text: "\(d.1) / \(a.1)"))

            case .ancillaryServices:
                let service = table.text(r, "ancillary_service")
                let key = service.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
                let product: PriceProduct
                switch key {
                case "rto regulation capability": product = .regulationCapability
                case "rto regulation performance": product = .regulationPerformance
                case "rto mileage ratio": product = .mileageRatio
                default:
                    skipped.add("\"\(service)\"", line: r.line, field: table.written("ancillary_service"),
                                reason: "RTO Regulation Capability, RTO Regulation Performance or RTO Mileage Ratio: the ancillary_services rows GridSettle has a product for")
                    continue
                }
                guard let p = price("value", what: product == .mileageRatio ? "a ratio" : "a price in $"), ok else { continue }
                let (micro, text) = p
                candidates.append(candidate(node: regulationNode, label: "\(regulationNode) \(service)", product: product, micro: micro, column: "value", text: text))
            }
        }

        let prices = PriceResolution.resolve(candidates, file: file, issues: &issues)
        if componentRows > 0, case .lmp(_, let value, let suffix) = feed {
            let present = ["system_energy_price_", "congestion_price_", "marginal_loss_price_"].map { $0 + suffix }.filter { table.has($0) }
            issues.warn("\(file):\(firstComponentLine)", field: present.joined(separator: ", "),
                        value: "\(componentRows) row(s) with component prices not imported",
                        expected: "\(value) only: GridSettle settles total LMP, of which these are the components")
        }
        skipped.report(file: file, into: &issues)
        if unapproved > 0 {
            issues.warn("\(file):\(firstUnapproved)", field: table.written("is_approved"), value: "\(unapproved) hour(s) with is_approved FALSE",
                        expected: "approved results; these preliminary mileage ratios were imported as they are")
        }
        issues.warnIfEmptyOrCutShort(table, file: file)
        try issues.throwIfErrors()
        return ImportedRecords(prices: prices, warnings: issues.warnings)
    }

    /// `regd / rega` in millionths, rounded half away from zero; nil when it does not fit in 64 bits.
    static func mileageRatio(regd: Int64, rega: Int64) -> Int64? {
        Int64(exactly: Rounding.divideHalfAwayFromZero(Int128(regd) * 1_000_000, by: Int128(rega)))
    }

    static func boolean(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "1", "t", "yes", "y": return true
        case "false", "0", "f", "no", "n": return false
        default: return nil
        }
    }

    /// The feed named by the header, or an error listing the feeds the reader knows.
    static func detect(_ t: MarketCSV) throws(DatasetInvalid) -> Feed {
        let header = t.names.joined(separator: ",")
        func refuse(_ expected: String) -> DatasetInvalid {
            DatasetInvalid(issues: [DatasetIssue(location: "\(t.file):1", field: "header", value: header, expected: expected)])
        }
        func require(_ columns: [String], feed: String) throws(DatasetInvalid) {
            var missing = columns.filter { !t.has($0) }
            if missing.isEmpty { return }
            var issues: [DatasetIssue] = []
            if missing.contains("datetime_beginning_utc") && t.has("datetime_beginning_ept") {
                issues.append(DatasetIssue(location: "\(t.file):1", field: "header", value: header,
                                           expected: "a datetime_beginning_utc column (\(feed)): datetime_beginning_ept alone repeats an hour on the fall-back day, so it cannot be the key; export the UTC column too"))
                missing.removeAll { $0 == "datetime_beginning_utc" }
            }
            issues += missing.map { DatasetIssue(location: "\(t.file):1", field: "header", value: header, expected: "a column named \($0) (\(feed))") }
            throw DatasetInvalid(issues: issues)
        }
        func oneOf(_ old: String, _ new: String) throws(DatasetInvalid) -> String? {
            switch (t.has(old), t.has(new)) {
            case (true, true): throw refuse("either \(old) or \(new) (the 2025 name), not both: they name the same price")
            case (true, false): return old
            case (false, true): return new
            case (false, false): return nil
            }
        }
        if t.has("total_lmp_da") && t.has("total_lmp_rt") {
            throw refuse("one LMP feed per file: a file with both total_lmp_da and total_lmp_rt (rt_da_monthly_lmps) holds monthly averages, which GridSettle does not settle; export da_hrl_lmps and rt_hrl_lmps")
        }
        if t.has("total_lmp_rt") && (t.has("occ_check") || t.has("ref_caseid_used_multi_interval")) {
            throw refuse("a verified LMP feed: this is rt_unverified_fivemin_lmps, whose prices are not settlement prices; export rt_fivemin_hrl_lmps or rt_hrl_lmps")
        }
        if t.has("total_lmp_da") {
            try require(["datetime_beginning_utc", "pnode_id"], feed: "da_hrl_lmps")
            return .lmp(name: "da_hrl_lmps", value: "total_lmp_da", suffix: "da")
        }
        if t.has("total_lmp_rt") {
            try require(["datetime_beginning_utc", "pnode_id"], feed: "rt_hrl_lmps / rt_fivemin_hrl_lmps")
            return .lmp(name: "rt_hrl_lmps / rt_fivemin_hrl_lmps", value: "total_lmp_rt", suffix: "rt")
        }
        let capability = try oneOf("rmccp", "capability_clearing_price")
        let performance = try oneOf("rmpcp", "performance_clearing_price")
        if capability != nil || performance != nil {
            try require(["datetime_beginning_utc", capability ?? "rmccp", performance ?? "rmpcp"], feed: "reg_zone_prelim_bill")
            return .regZonePrelimBill(capability: capability!, performance: performance!)
        }
        if t.has("regd_mileage") || t.has("rega_mileage") {
            try require(["datetime_beginning_utc", "regd_mileage", "rega_mileage"], feed: "reg_market_results")
            return .regMarketResults
        }
        if t.has("ancillary_service") {
            try require(["datetime_beginning_utc", "value"], feed: "ancillary_services")
            return .ancillaryServices
        }
        throw refuse("the header of a Data Miner 2 feed GridSettle reads: " + knownFeeds.joined(separator: "; "))
    }

    /// RT (`rt_hrl_lmps`) or RTD (`rt_fivemin_hrl_lmps`) for a `total_lmp_rt` file; see the type's documentation.
    static func realTimeRun(_ t: MarketCSV, rows: [(record: QuotedCSV.Record, start: Instant)], hint: MarketRun?) throws(DatasetInvalid) -> MarketRun {
        func refuse(_ field: String, _ value: String, _ expected: String) -> DatasetInvalid {
            DatasetInvalid(issues: [DatasetIssue(location: "\(t.file):1", field: field, value: value, expected: expected)])
        }
        var hinted: MarketRun? = nil
        if let hint {
            guard hint == .realTimeHourly || hint == .realTimeDispatch else {
                throw refuse("run hint", hint.rawValue,
                             "RT (rt_hrl_lmps) or RTD (rt_fivemin_hrl_lmps) as the run hint for a total_lmp_rt file")
            }
            hinted = hint
        }
        let name = t.file.lowercased()
        var named: MarketRun? = nil
        if name.contains("fivemin") { named = .realTimeDispatch } else if name.contains("rt_hrl_lmps") { named = .realTimeHourly }
        if let hinted, let named, hinted != named {
            throw refuse("run hint", hinted.rawValue,
                         "a hint that agrees with the file name \(t.file) (\(named == .realTimeDispatch ? "five-minute, RTD" : "hourly, RT"))")
        }
        if let run = hinted ?? named { return run }
        if let k = t.index("datetime_ending_utc") {
            var lengths = Set<Int64>()
            for (r, start) in rows {
                if let end = DataMinerTime.utc(r.fields[k].marketTrimmed) { lengths.insert(end.secondsSinceEpoch - start.secondsSinceEpoch) }
            }
            if lengths == [300] { return .realTimeDispatch }
            if lengths == [3600] { return .realTimeHourly }
        }
        if rows.contains(where: { $0.start.secondsSinceEpoch % 3600 != 0 }) { return .realTimeDispatch }
        var starts: [String: Instant] = [:]
        if let k = t.index("pnode_id") {
            for (r, start) in rows {
                let id = r.fields[k].marketTrimmed
                if let s = starts[id], s != start { return .realTimeHourly }
                starts[id] = start
            }
        }
        throw refuse("feed", "total_lmp_rt",
                     "a way to tell rt_hrl_lmps (hourly) from rt_fivemin_hrl_lmps (5-minute): the rows do not show it; name the file after the feed (…rt_hrl_lmps… or …rt_fivemin_hrl_lmps…) or give the run hint RT or RTD")
    }

    /// `datetime_beginning_ept` must be the New York wall-clock time of the UTC start.
    static func checkEPT(_ r: QuotedCSV.Record, _ t: MarketCSV, start: Instant, issues: inout MarketIssues) -> Bool {
        let text = t.text(r, "datetime_beginning_ept")
        let local = zone.localTime(start)
        let daylight = zone.isDaylightTime(start) ? "EDT" : "EST"
        if let label = DataMinerTime.wallClock(text) {
            if label == local { return true }
        } else if let instant = TimestampParser.parse(text) {
            if instant == start { return true }
        } else {
            issues.error(t.location(r, "datetime_beginning_ept"), field: t.written("datetime_beginning_ept"), value: text,
                         expected: "an Eastern Prevailing Time such as 2024-11-03T01:00:00 or 11/3/2024 1:00:00 AM")
            return false
        }
        issues.error(t.location(r, "datetime_beginning_ept"), field: t.written("datetime_beginning_ept"), value: text,
                     expected: "\(local) (\(daylight)): the America/New_York time of datetime_beginning_utc \(start), which is the key")
        return false
    }
}

/// Data Miner time stamps: ISO 8601 without an offset (`2024-11-03T05:00:00`, the API and newer exports) or the
/// UI's US form (`11/3/2024 5:00:00 AM`).
enum DataMinerTime {
    /// A wall-clock time in either form; seconds may be left out, a fraction must be zero.
    static func wallClock(_ text: String) -> LocalDateTime? {
        let t = text.marketTrimmed
        guard let sep = t.firstIndex(where: { $0 == "T" || $0 == " " }) else { return nil }
        let datePart = String(t[..<sep])
        var timePart = String(t[t.index(after: sep)...]).marketTrimmed.uppercased()
        let date: LocalDate
        if datePart.contains("-") {
            guard let d = LocalDate(parsing: datePart) else { return nil }
            date = d
        } else {
            let p = datePart.split(separator: "/", omittingEmptySubsequences: false)
            guard p.count == 3, (1...2).contains(p[0].count), (1...2).contains(p[1].count), p[2].count == 4,
                p.allSatisfy({ $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }),
                let m = Int(p[0]), let d = Int(p[1]), let y = Int(p[2]), (1...12).contains(m), d >= 1,
                d <= LocalDate.daysInMonth(year: y, month: m)
            else { return nil }
            date = LocalDate(year: y, month: m, day: d)
        }
        var pm: Bool? = nil
        if timePart.hasSuffix("AM") || timePart.hasSuffix("PM") {
            pm = timePart.hasSuffix("PM")
            timePart = String(timePart.dropLast(2)).marketTrimmed
        }
        var parts = timePart.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        if parts.count == 3, let dot = parts[2].firstIndex(of: ".") {
            let fraction = parts[2][parts[2].index(after: dot)...]
            guard !fraction.isEmpty, fraction.allSatisfy({ $0 == "0" }) else { return nil }
            parts[2] = String(parts[2][..<dot])
        }
        guard (1...2).contains(parts[0].count), parts.dropFirst().allSatisfy({ $0.count == 2 }),
            parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }),
            var h = Int(parts[0]), let mi = Int(parts[1]), mi < 60
        else { return nil }
        let s = parts.count == 3 ? Int(parts[2])! : 0
        guard s < 60 else { return nil }
        if let pm {
            guard (1...12).contains(h) else { return nil }
            h = h % 12 + (pm ? 12 : 0)
        }
        guard h < 24 else { return nil }
        return LocalDateTime(date: date, secondOfDay: h * 3600 + mi * 60 + s)
    }

    /// A `_utc` column: a wall-clock time read as UTC, or an ISO 8601 time with `Z` or an offset.
    static func utc(_ text: String) -> Instant? {
        if let w = wallClock(text) { return Instant(secondsSinceEpoch: w.secondsSinceLocalEpoch) }
        return TimestampParser.parse(text.marketTrimmed)
    }
}
