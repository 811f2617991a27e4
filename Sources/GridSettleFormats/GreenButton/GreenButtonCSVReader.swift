import GridSettleCore

/// Reads the "Download My Data" CSV that Opower-hosted utilities (PG&E, PECO, ComEd, BGE, …) offer beside
/// Green Button XML (research data_formats.md §1.7).
///
/// Layouts, told apart by the header row after the account preamble:
/// - `TYPE,DATE,START TIME,END TIME,USAGE (kWh),COST,NOTES` — usage only (delivered);
/// - `TYPE,DATE,START TIME,END TIME,USAGE,UNITS,COST,NOTES` — units in a column (must be kWh);
/// - `TYPE,DATE,START TIME,END TIME,IMPORT (kWh),EXPORT (kWh),COST,NOTES` — net-metered accounts: import is
///   delivered, export is received. `NOTES` may be missing; `(KWh)` spellings are accepted.
///
/// Times are local wall-clock with no offset and `END TIME` is inclusive (`00:14` closes a 15-minute
/// interval). On the fall-back day the 01:xx labels happen twice; the file cannot say which, so those rows
/// are **refused** with an error naming each of them rather than guessed (the issue's rule; ESPI XML carries
/// UTC and has no such ambiguity). A label in the spring-forward gap is refused too. Usage rows marked
/// estimated in `NOTES` are imported with quality S. Rows of another commodity (gas in therms) are refused:
/// they are not electric energy. `COST` is the utility's, not GridSettle's, and is not imported (said once
/// as a warning when present).
///
/// Options: `zone` (required: the file has no zone), `meterID` (else the preamble's `Meter Number`,
/// `Account Number` or `Service`, in that order).
public enum GreenButtonCSVReader {
    public static let formatName = "greenbutton-csv"

    enum Layout { case usage, usageWithUnits, importExport }

    public static func read(_ bytes: [UInt8], file: String, options: ImportOptions) throws(DatasetInvalid) -> ImportedRecords {
        let csv = try QuotedCSV(file: file, bytes: bytes)
        var issues: [DatasetIssue] = []
        guard let zone = options.zone else {
            throw DatasetInvalid(issues: [
                DatasetIssue(location: file, field: "--zone", value: "", expected: "the time zone of the file's local times (e.g. America/Los_Angeles); Green Button CSV carries none")
            ])
        }
        // Preamble: `Name,value` pairs up to the header row that starts with TYPE.
        var preamble: [String: String] = [:]
        var headerIndex: Int? = nil
        for (k, r) in csv.records.enumerated() {
            let first = r.fields.first?.trimmedField.uppercased() ?? ""
            if first == "TYPE" {
                headerIndex = k
                break
            }
            if r.fields.count >= 2 { preamble[r.fields[0].trimmedField] = r.fields[1].trimmedField }
        }
        guard let h = headerIndex else {
            throw DatasetInvalid(issues: [
                DatasetIssue(location: "\(file):1", field: "header", value: csv.records.first?.fields.joined(separator: ",") ?? "",
                             expected: "a header row starting TYPE,DATE,START TIME,END TIME (Green Button CSV)")
            ])
        }
        let header = csv.records[h]
        let names = header.fields.map { $0.trimmedField.uppercased().replacingKWh }
        func col(_ n: String) -> Int? { names.firstIndex(of: n) }
        let layout: Layout
        var valueColumns: [Int] = []
        if let i = col("IMPORT (KWH)"), let e = col("EXPORT (KWH)") {
            layout = .importExport
            valueColumns = [i, e]
        } else if let u = col("USAGE (KWH)") {
            layout = .usage
            valueColumns = [u]
        } else if let u = col("USAGE"), let unit = col("UNITS") {
            layout = .usageWithUnits
            valueColumns = [u, unit]
        } else {
            throw DatasetInvalid(issues: [
                DatasetIssue(location: "\(file):\(header.line)", field: "header", value: header.fields.joined(separator: ","),
                             expected: "USAGE (kWh), USAGE with UNITS, or IMPORT (kWh) and EXPORT (kWh) columns")
            ])
        }
        guard let cType = col("TYPE"), let cDate = col("DATE"), let cStart = col("START TIME"), let cEnd = col("END TIME") else {
            throw DatasetInvalid(issues: [
                DatasetIssue(location: "\(file):\(header.line)", field: "header", value: header.fields.joined(separator: ","),
                             expected: "columns TYPE, DATE, START TIME and END TIME")
            ])
        }
        let cNotes = col("NOTES")
        let meterID = options.meterID ?? preamble["Meter Number"] ?? preamble["Account Number"] ?? preamble["Service"]
        guard let meterID, !meterID.isEmpty else {
            throw DatasetInvalid(issues: [
                DatasetIssue(location: file, field: "--meter", value: "", expected: "a meter id (the file's preamble names no Meter Number, Account Number or Service)")
            ])
        }
        var readings: [ImportedReading] = []
        var warnings: [DatasetIssue] = []
        var costSeen = false
        var estimated = 0
        let cCost = col("COST")
        for r in csv.records[(h + 1)...] {
            func field(_ k: Int) -> String { k < r.fields.count ? r.fields[k].trimmedField : "" }
            func fail(_ k: Int, _ name: String, _ expected: String, value: String? = nil) {
                issues.append(DatasetIssue(location: "\(file):\(r.line):\(k + 1)", field: name, value: value ?? field(k), expected: expected))
            }
            if r.fields.count != header.fields.count {
                issues.append(DatasetIssue(location: "\(file):\(r.line)", field: "row", value: "\(r.fields.count) fields",
                                           expected: "\(header.fields.count) fields as in the header on line \(header.line)"))
                continue
            }
            let type = field(cType)
            guard type.lowercased().hasPrefix("electric") else {
                fail(cType, "TYPE", "an electric usage row (GridSettle settles electric energy)")
                continue
            }
            guard let date = ForeignFields.date(field(cDate)) else {
                fail(cDate, "DATE", "a date YYYY-MM-DD or M/D/YYYY")
                continue
            }
            guard let startMin = ForeignFields.clockMinutes(field(cStart)) else {
                fail(cStart, "START TIME", "a clock time HH:MM")
                continue
            }
            guard let endMin = ForeignFields.clockMinutes(field(cEnd)) else {
                fail(cEnd, "END TIME", "a clock time HH:MM")
                continue
            }
            let minutes = endMin + 1 - startMin
            guard minutes > 0, IntervalGrid.supportedSeconds.contains(Int64(minutes) * 60), startMin % minutes == 0 else {
                fail(cEnd, "END TIME", "the inclusive end of a 1, 5, 15, 30 or 60-minute interval starting at \(field(cStart))")
                continue
            }
            let local = LocalDateTime(date: date, secondOfDay: startMin * 60)
            let start: Instant
            switch options.instants(atLocal: local, in: zone) {
            case .unique(let t): start = t
            case .repeated(let a, let b):
                fail(cStart, "START TIME", "a local time that happens once; \(date) \(field(cStart)) happens twice in \(zone) (\(a) and \(b)) and the file does not say which — use Green Button XML, which carries UTC", value: "\(field(cDate)) \(field(cStart))")
                continue
            case .skipped:
                fail(cStart, "START TIME", "a local time that exists; \(date) \(field(cStart)) is skipped by daylight time in \(zone)", value: "\(field(cDate)) \(field(cStart))")
                continue
            }
            // A span that crosses the DST change would have the wrong length.
            let endLocal = LocalDateTime(date: date, secondOfDay: (endMin + 1) * 60 - 1)
            if case .unique(let e) = options.instants(atLocal: endLocal, in: zone), e.secondsSinceEpoch + 1 - start.secondsSinceEpoch != Int64(minutes) * 60 {
                fail(cEnd, "END TIME", "an interval that does not cross a daylight-time change")
                continue
            }
            func energy(_ k: Int, _ name: String) -> Int64? {
                switch ForeignFields.decimal(field(k), scale: 6) {
                case .success(let v) where v >= 0 && v <= InterchangeLimits.maximumIntervalMicroKWh: return v
                case .success(let v) where v >= 0:
                    fail(k, name, "energy in kWh of at most \(InterchangeLimits.maximumIntervalMicroKWh / 1_000_000) in one interval")
                case .success: fail(k, name, "energy in kWh ≥ 0 (a negative usage is net export: use the IMPORT/EXPORT download)")
                case .failure(let f): fail(k, name, ForeignFields.expectation(f, what: "energy in kWh"))
                }
                return nil
            }
            var delivered: Int64? = nil
            var received: Int64? = nil
            switch layout {
            case .importExport:
                guard let d = energy(valueColumns[0], names[valueColumns[0]]), let e = energy(valueColumns[1], names[valueColumns[1]]) else { continue }
                delivered = d
                received = e
            case .usage:
                guard let d = energy(valueColumns[0], names[valueColumns[0]]) else { continue }
                delivered = d
            case .usageWithUnits:
                let unit = field(valueColumns[1]).lowercased()
                guard unit == "kwh" else {
                    fail(valueColumns[1], "UNITS", "kWh (electric energy)")
                    continue
                }
                guard let d = energy(valueColumns[0], "USAGE") else { continue }
                delivered = d
            }
            var quality = DataQuality.actual
            if let n = cNotes, field(n).lowercased().contains("estimat") {
                quality = .estimated
                estimated += 1
            }
            if let c = cCost, !field(c).isEmpty { costSeen = true }
            readings.append(ImportedReading(
                meterID: meterID, start: start, seconds: Int64(minutes) * 60, deliveredMicroKWh: delivered, receivedMicroKWh: received,
                quality: quality, source: "\(file):\(r.line)"))
        }
        if !issues.isEmpty { throw DatasetInvalid(issues: issues) }
        if costSeen {
            warnings.append(DatasetIssue(severity: .warning, location: file, field: "COST", value: "utility cost",
                                         expected: "nothing: GridSettle prices energy from the tariff, so the file's COST column is not imported"))
        }
        if let w = csv.cutShortWarning { warnings.append(w) }
        if estimated > 0 {
            warnings.append(DatasetIssue(severity: .warning, location: file, field: "NOTES", value: "\(estimated) estimated row(s)",
                                         expected: "actual reads; these are imported with quality S (estimated)"))
        }
        readings.sort { ($0.meterID, $0.start) < ($1.meterID, $1.start) }
        for k in readings.indices.dropFirst() where readings[k].meterID == readings[k - 1].meterID && readings[k].start < readings[k - 1].start.adding(seconds: readings[k - 1].seconds) {
            issues.append(DatasetIssue(location: readings[k].source, field: "START TIME", value: readings[k].start.description,
                                       expected: "one row per interval; overlaps the row on \(readings[k - 1].source)"))
        }
        if !issues.isEmpty { throw DatasetInvalid(issues: issues) }
        return ImportedRecords(readings: readings, warnings: warnings)
    }
}

extension String {
    /// `USAGE (KWH)` for `USAGE (kWh)`, `USAGE (KWh)` and `USAGE(kWh)`.
    fileprivate var replacingKWh: String {
        var s = self
        if s.hasSuffix("(KWH)") && !s.hasSuffix(" (KWH)") { s = String(s.dropLast(5)) + " (KWH)" }
        return s
    }
}
