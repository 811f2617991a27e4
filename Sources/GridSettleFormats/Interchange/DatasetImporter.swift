import Foundation
import GridSettleCore

/// Writes imported records into a dataset directory's own files (`readings.csv`, `prices.csv`, `awards.csv`,
/// `events.csv`), next to whatever those files already hold.
///
/// Rules, so that nothing is lost or changed on the way in:
/// - Rows already in a file stay. A new row with the same key and the same values is counted as unchanged;
///   with different values it is a **conflict**: the whole import is refused, naming both sources, and no
///   file is written.
/// - Readings from several sources for the same meter and interval are joined channel by channel (an ESPI
///   delivered MeterReading and a received one make one row). A direction no source carries is written as 0
///   and reported per meter as a warning, because `readings.csv` has both columns.
/// - Files are rewritten whole, sorted by their key, through a temporary file and a rename, so a crash
///   leaves either the old file or the new one. They are written by ``CSVWriter``, so an id with a comma or
///   a quote in it (a Green Button UsagePoint title that is a street address) stays one field, and the next
///   import reads the same keys back: importing a file twice adds nothing.
/// - `site.json` is not created or changed: which meters and resources a site has is the user's statement,
///   not the data feed's.
public enum DatasetImporter {
    /// What an import changed, file by file.
    public struct Summary: Sendable, Equatable {
        public struct FileChange: Sendable, Equatable {
            public var file: String
            public var added: Int
            public var unchanged: Int
            public var total: Int
        }
        public var files: [FileChange]
        public var warnings: [DatasetIssue]
    }

    /// Merges `records` into `directory` (created if needed). Throws ``DatasetInvalid`` on any conflict or
    /// unreadable existing file, before writing anything.
    public static func merge(_ records: ImportedRecords, into directory: String) throws -> Summary {
        var issues: [DatasetIssue] = []
        var warnings: [DatasetIssue] = []
        var plans: [(String, [String], [[String]], Int, Int)] = []  // file, header, rows, added, unchanged

        func plan(_ file: String, columns: [String], keyColumns: Int, newRows: [(key: [String], row: [String], source: String)]) {
            guard !newRows.isEmpty else { return }
            let path = (directory as NSString).appendingPathComponent(file)
            var table: [[String]: (row: [String], source: String)] = [:]
            if let bytes = FileManager.default.contents(atPath: path) {
                do {
                    let csv = try QuotedCSV(file: file, bytes: Array(bytes))
                    guard let header = csv.records.first, header.fields.map(\.trimmedField) == columns else {
                        let seen = csv.records.first?.fields.map(\.trimmedField) ?? []
                        // a portfolio's readings.csv may be in the series layout, which import does not write
                        let series = file == DatasetFiles.readings && seen.contains("channel")
                            ? "; it is in the series layout (docs/dataset-format.md §4.1): move it into readings/ and import again" : ""
                        issues.append(DatasetIssue(location: "\(file):1", field: "header", value: CSVTable.listed(seen, separator: ","),
                                                   expected: columns.joined(separator: ",") + " (the existing file must be in dataset format v1 to merge into)" + series))
                        return
                    }
                    for r in csv.records.dropFirst() {
                        // A row split differently from the header (an unquoted comma written by an older
                        // version) would key on the wrong values: refuse it rather than guess.
                        guard r.fields.count == columns.count else {
                            issues.append(DatasetIssue(location: "\(file):\(r.line)", field: "row", value: CSVWriter.record(r.fields),
                                                       expected: "\(columns.count) fields (\(columns.joined(separator: ","))), saw \(r.fields.count); "
                                                           + "quote a value that contains a comma (RFC 4180) and import again"))
                            continue
                        }
                        let key = Array(r.fields.prefix(keyColumns))
                        table[key] = (r.fields, "\(file):\(r.line) (already in the dataset)")
                    }
                } catch {
                    issues += error.issues
                    return
                }
            }
            var added = 0
            var unchanged = 0
            for n in newRows {
                if let old = table[n.key] {
                    if old.row == n.row {
                        unchanged += 1
                    } else {
                        issues.append(DatasetIssue(location: n.source, field: "\(file) row", value: CSVWriter.record(n.row),
                                                   expected: "the same values as \(old.source): \(CSVWriter.record(old.row)) — conflicting data for one key is never overwritten"))
                    }
                } else {
                    table[n.key] = (n.row, n.source)
                    added += 1
                }
            }
            let rows = table.values.map(\.row).sorted { a, b in
                for k in 0..<keyColumns where a[k] != b[k] { return a[k] < b[k] }
                return false
            }
            plans.append((file, columns, rows, added, unchanged))
        }

        // Readings: join channels per (meter, interval start) first.
        struct Joined { var r: ImportedReading; var deliveredFrom: String?; var receivedFrom: String? }
        var joined: [String: [Instant: Joined]] = [:]
        for r in records.readings {
            if var j = joined[r.meterID]?[r.start] {
                if j.r.seconds != r.seconds {
                    issues.append(DatasetIssue(location: r.source, field: "interval length", value: "\(r.seconds / 60) minutes",
                                               expected: "\(j.r.seconds / 60) minutes as in \(j.deliveredFrom ?? j.receivedFrom ?? j.r.source)"))
                    continue
                }
                func combine(_ mine: Int64?, _ theirs: Int64?, _ from: String?, _ name: String) -> (Int64?, String?)? {
                    guard let t = theirs else { return (mine, from) }
                    guard let m = mine else { return (t, r.source) }
                    if m != t {
                        issues.append(DatasetIssue(location: r.source, field: name, value: DatasetWriter.kwh(t),
                                                   expected: "\(DatasetWriter.kwh(m)) as in \(from ?? j.r.source) — two sources disagree"))
                        return nil
                    }
                    return (m, from)
                }
                guard let d = combine(j.r.deliveredMicroKWh, r.deliveredMicroKWh, j.deliveredFrom, "delivered_kwh"),
                    let e = combine(j.r.receivedMicroKWh, r.receivedMicroKWh, j.receivedFrom, "received_kwh")
                else { continue }
                j.r.deliveredMicroKWh = d.0
                j.deliveredFrom = d.1
                j.r.receivedMicroKWh = e.0
                j.receivedFrom = e.1
                j.r.quality = max(j.r.quality, r.quality)
                joined[r.meterID]![r.start] = j
            } else {
                joined[r.meterID, default: [:]][r.start] = Joined(
                    r: r, deliveredFrom: r.deliveredMicroKWh == nil ? nil : r.source, receivedFrom: r.receivedMicroKWh == nil ? nil : r.source)
            }
        }
        var readingRows: [(key: [String], row: [String], source: String)] = []
        for (meter, byStart) in joined.sorted(by: { $0.key < $1.key }) {
            var noDelivered = 0
            var noReceived = 0
            for (_, j) in byStart.sorted(by: { $0.key < $1.key }) {
                let r = j.r
                let start = r.start.description
                let minutes = String(r.seconds / 60)
                if r.quality == .missing {
                    readingRows.append(([meter, start], [meter, start, minutes, "", "", "M"], r.source))
                    continue
                }
                if r.deliveredMicroKWh == nil { noDelivered += 1 }
                if r.receivedMicroKWh == nil { noReceived += 1 }
                readingRows.append((
                    [meter, start],
                    [meter, start, minutes, DatasetWriter.kwh(r.deliveredMicroKWh ?? 0), DatasetWriter.kwh(r.receivedMicroKWh ?? 0), r.quality.code],
                    j.deliveredFrom ?? j.receivedFrom ?? r.source))
            }
            if noReceived > 0 {
                warnings.append(DatasetIssue(severity: .warning, location: DatasetFiles.readings, field: "received_kwh", value: "meter \(meter): \(noReceived) interval(s)",
                                             expected: "a received (export) channel; the source has none, so received_kwh is written as 0"))
            }
            if noDelivered > 0 {
                warnings.append(DatasetIssue(severity: .warning, location: DatasetFiles.readings, field: "delivered_kwh", value: "meter \(meter): \(noDelivered) interval(s)",
                                             expected: "a delivered (import) channel; the source has none, so delivered_kwh is written as 0"))
            }
        }
        plan(DatasetFiles.readings, columns: DatasetFiles.Columns.readings, keyColumns: 2, newRows: readingRows)

        plan(DatasetFiles.prices, columns: DatasetFiles.Columns.prices, keyColumns: 4, newRows: records.prices.map { p in
            let row = [p.node, p.run.rawValue, p.product.rawValue, p.start.description, String(p.seconds / 60), DatasetWriter.dec(p.microPrice)]
            return ([row[0], row[1], row[2], row[3]], row, p.source)
        })
        plan(DatasetFiles.awards, columns: DatasetFiles.Columns.awards, keyColumns: 4, newRows: records.awards.map { a in
            let w = a.award
            let row = [a.resourceID, w.run.rawValue, w.product.rawValue, w.start.description, String(w.seconds / 60), DatasetWriter.dec(w.microMW)]
            return ([row[0], row[1], row[2], row[3]], row, w.source)
        })
        plan(DatasetFiles.events, columns: DatasetFiles.Columns.events, keyColumns: 3, newRows: records.events.map { e in
            let row = [e.resourceID, e.event.start.description, e.event.end.description, e.event.kind.rawValue]
            return ([row[0], row[1], row[2]], row, e.event.source)
        })
        if !issues.isEmpty { throw DatasetInvalid(issues: issues) }

        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var changes: [Summary.FileChange] = []
        for (file, header, rows, added, unchanged) in plans {
            var csv = CSVWriter(columns: header, reservingCapacity: rows.count * 64)
            for r in rows { csv.row(r) }
            let url = URL(fileURLWithPath: directory).appendingPathComponent(file)
            try Data(csv.bytes).write(to: url, options: .atomic)
            changes.append(.init(file: file, added: added, unchanged: unchanged, total: rows.count))
        }
        return Summary(files: changes, warnings: warnings)
    }
}
