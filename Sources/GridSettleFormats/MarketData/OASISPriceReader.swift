import GridSettleCore

/// Reads CAISO OASIS price reports in their CSV form (`SingleZip?resultformat=6`, unzipped) into price points.
///
/// The report is recognised by its header; columns are bound by name, because their order differs between
/// reports and versions (research data_formats.md §2.2):
///
/// | Report | Header has | `MARKET_RUN_ID` | Run | Interval | Value column |
/// |---|---|---|---|---|---|
/// | `PRC_LMP` | `LMP_TYPE`, `MW` | `DAM` | DA | 60 min | `MW` (holds $/MWh) |
/// | `PRC_RTPD_LMP` | `LMP_TYPE`, `PRC` | `RTPD` | FMM | 15 min | `PRC` |
/// | `PRC_INTVL_LMP` | `LMP_TYPE`, `VALUE` | `RTM` | RTD | 5 min | `VALUE` |
/// | `PRC_AS` | `ANC_TYPE`, `ANC_REGION`, `MW` | `DAM` | DA | 60 min | `MW` |
/// | `PRC_INTVL_AS` | `ANC_TYPE`, `ANC_REGION`, `MW` | `RTM` | FMM | 15 min | `MW` |
///
/// `PRC_AS` and `PRC_INTVL_AS` have the same columns, so AS rows are mapped by their `MARKET_RUN_ID`.
/// `PRC_AS` `HASP` rows are counted and reported in one warning, not imported: GridSettle settles
/// regulation at the DAM and the real-time (FMM) prices, and has no HASP run.
///
/// Rules:
/// - LMP rows: `LMP_TYPE` `LMP` (with `XML_DATA_ITEM` `LMP_PRC` when that column is present) is the total LMP,
///   product LMP, node `NODE` (or `NODE_ID` when `NODE` is absent or empty). Component rows (`MCE`, `MCC`,
///   `MCL`, `MGHG`) are not settled: one warning per type with its count.
/// - AS rows: `ANC_TYPE` `RU`, `RD`, `RMU`, `RMD` are the products of the same names (`XML_DATA_ITEM` must be
///   `<type>_CLR_PRC` when present); `SR` and `NR` have no GridSettle product: one warning per type with its
///   count. Node = `ANC_REGION`.
/// - The key is `INTERVALSTARTTIME_GMT`; `INTERVALENDTIME_GMT − INTERVALSTARTTIME_GMT` must equal the run's
///   interval and the start must lie on that interval's grid. `OPR_HR` is never the key; it is checked:
///   `OPR_DT` must be the America/Los_Angeles date of the start and `OPR_HR` its hour ending (1–24), with the
///   repeated hour of the fall-back day labelled 25 and no hour 3 on the spring-forward day (§2.4).
///   For 5- and 15-minute reports `OPR_INTERVAL`, when present, must be the interval's number within the hour.
///   A contradiction is an error naming the row.
/// - Prices are $ with at most 6 decimals, stored as µ$; more decimals, a number too large for µ$ in 64 bits,
///   or anything that is not a plain decimal is an error.
/// - The same (node, run, product, start) twice with the same price is imported once with a warning; with a
///   different price it is an error naming both lines.
/// - Output is sorted by (node, run, product, start) (rows in OASIS files are not sorted).
///
/// Every error in the file is collected and thrown at once. `options` is not used: OASIS files carry UTC
/// stamps and their own node names.
public enum OASISPriceReader {
    /// The layouts the reader knows, as listed in its "unknown header" error.
    public static let knownLayouts = [
        "PRC_LMP (LMP_TYPE, MW; MARKET_RUN_ID DAM)",
        "PRC_RTPD_LMP (LMP_TYPE, PRC; MARKET_RUN_ID RTPD)",
        "PRC_INTVL_LMP (LMP_TYPE, VALUE; MARKET_RUN_ID RTM)",
        "PRC_AS (ANC_TYPE, ANC_REGION, MW; MARKET_RUN_ID DAM or HASP)",
        "PRC_INTVL_AS (ANC_TYPE, ANC_REGION, MW; MARKET_RUN_ID RTM)",
    ]

    static let zone = MarketTimeZone.losAngeles

    enum Report {
        /// An LMP report: the report name, its value column, the `MARKET_RUN_ID` it carries, its run.
        case lmp(name: String, value: String, marketRunID: String, run: MarketRun)
        /// `PRC_AS` / `PRC_INTVL_AS`, mapped row by row from `MARKET_RUN_ID`.
        case ancillary
    }

    public static func read(_ bytes: [UInt8], file: String, options: ImportOptions) throws(DatasetInvalid) -> ImportedRecords {
        if let what = MarketSniff.notCSV(bytes, source: "OASIS SingleZip") {
            throw DatasetInvalid(issues: [DatasetIssue(location: "\(file):1", field: "file", value: "", expected: what)])
        }
        let table = try MarketCSV(file: file, bytes: bytes)
        let report = try detect(table)
        var issues = MarketIssues(file: file)
        var skipped = SkippedRows()
        var candidates: [PriceCandidate] = []
        candidates.reserveCapacity(table.rows.count)

        for r in table.rows {
            guard table.checkWidth(r, &issues) else { continue }
            let runID = table.text(r, "MARKET_RUN_ID")
            let node: String
            let run: MarketRun
            let product: PriceProduct
            let valueColumn: String
            switch report {
            case .lmp(let name, let value, let marketRunID, let reportRun):
                guard runID.uppercased() == marketRunID else {
                    issues.error(table.location(r, "MARKET_RUN_ID"), field: table.written("MARKET_RUN_ID"), value: runID,
                                 expected: "\(marketRunID) in a \(name) report (its value column is \(value))")
                    continue
                }
                let type = table.text(r, "LMP_TYPE").uppercased()
                switch type {
                case "LMP":
                    break
                case "MCE", "MCC", "MCL", "MGHG":
                    skipped.add(type, line: r.line, field: table.written("LMP_TYPE"),
                                reason: "LMP_TYPE LMP: GridSettle settles total LMP, of which \(type) is a component")
                    continue
                default:
                    issues.error(table.location(r, "LMP_TYPE"), field: table.written("LMP_TYPE"), value: table.text(r, "LMP_TYPE"),
                                 expected: "one of LMP, MCE, MCC, MCL, MGHG")
                    continue
                }
                if table.has("XML_DATA_ITEM") {
                    let item = table.text(r, "XML_DATA_ITEM")
                    guard item.uppercased() == "LMP_PRC" else {
                        issues.error(table.location(r, "XML_DATA_ITEM"), field: table.written("XML_DATA_ITEM"), value: item,
                                     expected: "LMP_PRC on a row with LMP_TYPE LMP")
                        continue
                    }
                }
                var n = table.text(r, "NODE")
                var nodeColumn = "NODE"
                if n.isEmpty {
                    n = table.text(r, "NODE_ID")
                    nodeColumn = table.has("NODE_ID") ? "NODE_ID" : "NODE"
                }
                guard !n.isEmpty else {
                    issues.error(table.location(r, nodeColumn), field: table.written(nodeColumn), value: "", expected: "a pricing node name")
                    continue
                }
                node = n
                run = reportRun
                product = .lmp
                valueColumn = value
            case .ancillary:
                switch runID.uppercased() {
                case "DAM": run = .dayAhead
                case "RTM": run = .fifteenMinute
                case "HASP":
                    skipped.add("HASP", line: r.line, field: table.written("MARKET_RUN_ID"),
                                reason: "MARKET_RUN_ID DAM (PRC_AS) or RTM (PRC_INTVL_AS): GridSettle settles regulation at the day-ahead and real-time FMM prices and has no HASP run")
                    continue
                default:
                    issues.error(table.location(r, "MARKET_RUN_ID"), field: table.written("MARKET_RUN_ID"), value: runID,
                                 expected: "DAM or HASP (PRC_AS) or RTM (PRC_INTVL_AS)")
                    continue
                }
                let type = table.text(r, "ANC_TYPE").uppercased()
                switch type {
                case "RU": product = .regulationUp
                case "RD": product = .regulationDown
                case "RMU": product = .mileageUp
                case "RMD": product = .mileageDown
                case "SR", "NR":
                    skipped.add(type, line: r.line, field: table.written("ANC_TYPE"),
                                reason: "ANC_TYPE RU, RD, RMU or RMD: GridSettle has no \(type == "SR" ? "spinning" : "non-spinning") reserve price product")
                    continue
                default:
                    issues.error(table.location(r, "ANC_TYPE"), field: table.written("ANC_TYPE"), value: table.text(r, "ANC_TYPE"),
                                 expected: "one of RU, RD, RMU, RMD, SR, NR")
                    continue
                }
                if table.has("XML_DATA_ITEM") {
                    let item = table.text(r, "XML_DATA_ITEM")
                    guard item.uppercased() == "\(type)_CLR_PRC" else {
                        issues.error(table.location(r, "XML_DATA_ITEM"), field: table.written("XML_DATA_ITEM"), value: item,
                                     expected: "\(type)_CLR_PRC on a row with ANC_TYPE \(type)")
                        continue
                    }
                }
                let region = table.text(r, "ANC_REGION")
                guard !region.isEmpty else {
                    issues.error(table.location(r, "ANC_REGION"), field: table.written("ANC_REGION"), value: "", expected: "an AS region, e.g. AS_CAISO_EXP")
                    continue
                }
                node = region
                valueColumn = "MW"
            }

            guard let iv = interval(r, table, run: run, issues: &issues) else { continue }
            let (start, seconds) = iv
            checkOperatingLabels(r, table, start: start, seconds: seconds, issues: &issues)
            let valueText = table.text(r, valueColumn)
            switch MarketDecimal.parse(valueText, scale: 6, what: "a price in $") {
            case .failure(let f):
                issues.error(table.location(r, valueColumn), field: table.written(valueColumn), value: valueText, expected: f.expected)
            case .success(let micro):
                let point = PricePoint(node: node, run: run, product: product, start: start, seconds: seconds, microPrice: micro,
                                       source: "\(file):\(r.line)")
                candidates.append(PriceCandidate(point: point, line: r.line, valueLocation: table.location(r, valueColumn),
                                                 valueText: valueText, version: nil, isCurrent: true, nodeLabel: node))
            }
        }

        let prices = PriceResolution.resolve(candidates, file: file, issues: &issues)
        skipped.report(file: file, into: &issues)
        issues.warnIfEmptyOrCutShort(table, file: file)
        try issues.throwIfErrors()
        return ImportedRecords(prices: prices, warnings: issues.warnings)
    }

    /// The report named by the header, or an error listing the layouts the reader knows.
    static func detect(_ t: MarketCSV) throws(DatasetInvalid) -> Report {
        let header = t.names.joined(separator: ",")
        func unknown(_ why: String) -> DatasetInvalid {
            DatasetInvalid(issues: [
                DatasetIssue(location: "\(t.file):1", field: "header", value: header,
                             expected: "\(why)the header of an OASIS CSV price report GridSettle reads: " + knownLayouts.joined(separator: "; "))
            ])
        }
        func require(_ columns: [String], report: String) throws(DatasetInvalid) {
            let missing = columns.filter { !t.has($0) }
            guard missing.isEmpty else {
                throw DatasetInvalid(issues: missing.map {
                    DatasetIssue(location: "\(t.file):1", field: "header", value: header, expected: "a column named \($0) (\(report) layout)")
                })
            }
        }
        let common = ["INTERVALSTARTTIME_GMT", "INTERVALENDTIME_GMT", "OPR_DT", "OPR_HR", "MARKET_RUN_ID"]
        if t.has("LMP_TYPE") {
            let values = ["MW", "PRC", "VALUE"].filter { t.has($0) }
            guard values.count == 1 else {
                throw unknown(values.isEmpty ? "a value column (MW, PRC or VALUE) in " : "exactly one value column (saw \(values.joined(separator: ", "))) in ")
            }
            let report: Report
            switch values[0] {
            case "MW": report = .lmp(name: "PRC_LMP", value: "MW", marketRunID: "DAM", run: .dayAhead)
            case "PRC": report = .lmp(name: "PRC_RTPD_LMP", value: "PRC", marketRunID: "RTPD", run: .fifteenMinute)
            default: report = .lmp(name: "PRC_INTVL_LMP", value: "VALUE", marketRunID: "RTM", run: .realTimeDispatch)
            }
            guard case .lmp(let name, _, _, _) = report else { return report }
            try require(common + (t.has("NODE") ? [] : ["NODE_ID"]), report: name)
            return report
        }
        if t.has("ANC_TYPE") {
            try require(common + ["ANC_REGION", "MW"], report: "PRC_AS / PRC_INTVL_AS")
            return .ancillary
        }
        throw unknown("")
    }

    /// Start and length of a row's interval from the GMT columns, checked against the run.
    static func interval(_ r: QuotedCSV.Record, _ t: MarketCSV, run: MarketRun, issues: inout MarketIssues) -> (Instant, Int64)? {
        let startText = t.text(r, "INTERVALSTARTTIME_GMT")
        let endText = t.text(r, "INTERVALENDTIME_GMT")
        let start = TimestampParser.parse(startText)
        let end = TimestampParser.parse(endText)
        if start == nil {
            issues.error(t.location(r, "INTERVALSTARTTIME_GMT"), field: t.written("INTERVALSTARTTIME_GMT"), value: startText,
                         expected: "an ISO 8601 time with an offset, e.g. 2024-11-03T09:00:00-00:00")
        }
        if end == nil {
            issues.error(t.location(r, "INTERVALENDTIME_GMT"), field: t.written("INTERVALENDTIME_GMT"), value: endText,
                         expected: "an ISO 8601 time with an offset, e.g. 2024-11-03T10:00:00-00:00")
        }
        guard let start, let end else { return nil }
        let seconds = end.secondsSinceEpoch - start.secondsSinceEpoch
        var ok = true
        if seconds != run.intervalSeconds {
            ok = false
            issues.error(t.location(r, "INTERVALENDTIME_GMT"), field: t.written("INTERVALENDTIME_GMT"), value: endText,
                         expected: "\(run.intervalSeconds / 60) minutes after INTERVALSTARTTIME_GMT \(startText) (a \(run.rawValue) interval); saw \(seconds) s")
        }
        let phase = start.secondsSinceEpoch % run.intervalSeconds
        if phase != 0 {
            ok = false
            issues.error(t.location(r, "INTERVALSTARTTIME_GMT"), field: t.written("INTERVALSTARTTIME_GMT"), value: startText,
                         expected: "a start on the \(run.intervalSeconds / 60)-minute grid of a \(run.rawValue) interval")
        }
        return ok ? (start, seconds) : nil
    }

    /// The hour-ending label CAISO gives the interval starting at `start`: the Pacific hour + 1, 25 for the
    /// second (standard-time) pass through the repeated hour of the fall-back day.
    static func hourEnding(_ start: Instant) -> (date: LocalDate, hour: Int, local: LocalDateTime) {
        let local = zone.localTime(start)
        var he = local.hour + 1
        if case .repeated(_, let standard) = zone.instants(atLocal: local), standard == start { he = 25 }
        return (local.date, he, local)
    }

    /// `OPR_DT`, `OPR_HR` and (sub-hourly) `OPR_INTERVAL` must agree with the GMT start.
    static func checkOperatingLabels(_ r: QuotedCSV.Record, _ t: MarketCSV, start: Instant, seconds: Int64, issues: inout MarketIssues) {
        let (date, he, local) = hourEnding(start)
        let pacific = "\(local.description.replacingOccurrencesOfT) \(zone.isDaylightTime(start) ? "PDT" : "PST")"
        let dtText = t.text(r, "OPR_DT")
        if LocalDate(parsing: dtText) != date {
            issues.error(t.location(r, "OPR_DT"), field: t.written("OPR_DT"), value: dtText,
                         expected: "\(date): the America/Los_Angeles operating date of INTERVALSTARTTIME_GMT \(start) (\(pacific))")
        }
        let hrText = t.text(r, "OPR_HR")
        if Int(hrText) != he {
            let note = he == 25 ? "; the repeated hour of the fall-back day is OPR_HR 25" : ""
            issues.error(t.location(r, "OPR_HR"), field: t.written("OPR_HR"), value: hrText,
                         expected: "OPR_HR \(he): the hour ending of INTERVALSTARTTIME_GMT \(start) in America/Los_Angeles (\(pacific))\(note)")
        }
        if seconds < 3600 && t.has("OPR_INTERVAL") {
            let expected = local.minute / Int(seconds / 60) + 1
            let ivText = t.text(r, "OPR_INTERVAL")
            if Int(ivText) != expected {
                issues.error(t.location(r, "OPR_INTERVAL"), field: t.written("OPR_INTERVAL"), value: ivText,
                             expected: "\(expected): the \(seconds / 60)-minute interval within the hour of INTERVALSTARTTIME_GMT \(start) (\(pacific))")
            }
        }
    }
}

extension String {
    /// `2024-11-03T01:00:00` → `2024-11-03 01:00`.
    fileprivate var replacingOccurrencesOfT: String {
        String(self.prefix(16).map { $0 == "T" ? " " : $0 })
    }
}
