import Foundation
import GridSettleCore

/// Writes format 1 datasets as one portfolio (format 2), the inverse of ``PortfolioReader`` for their periods:
/// a site file per dataset, and each CSV file once with every dataset's rows. `gridsettle generate
/// --resources N --portfolio` writes its fleet this way.
///
/// Site, resource and meter ids must be unique across the datasets (the reader refuses repeats). Rows two
/// datasets share word for word (one node's prices) are written once.
public enum PortfolioWriter {
    /// File contents by path inside the portfolio; `tariffs` are the URDB files the site files name.
    public static func files(_ datasets: [Dataset], tariffs: [String: [UInt8]], name: String) -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        out[PortfolioFiles.manifest] = Array("{\n  \"formatVersion\" : 2,\n  \"name\" : \(JSONValue.string(name).serialized())\n}\n".utf8)
        for (file, bytes) in tariffs { out[file] = bytes }
        for (k, d) in datasets.enumerated() { out[siteFileName(d.config.site.id, index: k)] = Array(siteJSON(d.config).utf8) }
        typealias Part = (name: String, columns: [String], rows: (Dataset) -> CSVWriter, always: Bool)
        let parts: [Part] = [
            (PortfolioFiles.readings, DatasetFiles.Columns.readings, DatasetWriter.readings, true),
            (DatasetFiles.awards, DatasetFiles.Columns.awards, DatasetWriter.awards, true),
            (DatasetFiles.signals, DatasetFiles.Columns.signals, DatasetWriter.signals, true),
            (DatasetFiles.prices, DatasetFiles.Columns.prices, DatasetWriter.prices, true),
            (DatasetFiles.mileage, DatasetFiles.Columns.mileage, DatasetWriter.mileage, false),
            (DatasetFiles.trips, DatasetFiles.Columns.trips, DatasetWriter.trips, false),
            (DatasetFiles.edits, DatasetFiles.Columns.edits, DatasetWriter.edits, false),
            (DatasetFiles.events, DatasetFiles.Columns.events, DatasetWriter.events, false),
            (DatasetFiles.temperature, PortfolioFiles.temperatureColumns, { DatasetWriter.temperature($0, portfolio: true) }, false),
            (DatasetFiles.baselineSeries, PortfolioFiles.baselineSeriesColumns, { DatasetWriter.baselineSeries($0, portfolio: true) }, false),
        ]
        for part in parts {
            var bytes = CSVWriter(columns: part.columns).bytes
            let header = bytes.count
            var seen = Set<ArraySlice<UInt8>>()
            for d in datasets {
                let all = part.rows(d).bytes
                var start = all.firstIndex(of: 10).map { $0 + 1 } ?? all.count  // past the header
                while start < all.count {
                    let end = (all[start...].firstIndex(of: 10) ?? (all.count - 1)) + 1
                    let row = all[start..<end]
                    if part.name != PortfolioFiles.readings { if seen.insert(row).inserted { bytes += row } } else { bytes += row }
                    start = end
                }
            }
            if part.always || bytes.count > header { out[part.name] = bytes }
        }
        return out
    }

    /// Writes the files into `directory` (created if needed).
    public static func write(_ datasets: [Dataset], tariffs: [String: [UInt8]], name: String, to directory: String) throws {
        for (path, bytes) in files(datasets, tariffs: tariffs, name: name).sorted(by: { $0.key < $1.key }) {
            let url = URL(fileURLWithPath: directory).appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try DocumentFile.write(bytes, to: url.path)
        }
    }

    /// `sites/<site id>.json` when the id is a plain file name, else by position.
    static func siteFileName(_ id: String, index: Int) -> String {
        let plain = !id.isEmpty && id.utf8.allSatisfy { c in
            (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == UInt8(ascii: "_") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".")
        } && !id.hasPrefix(".")
        return "\(PortfolioFiles.sites)/\(plain ? id : "site-\(index + 1)").json"
    }

    /// The site file: format 1's site.json without `period`, format version 2.
    static func siteJSON(_ c: SiteConfig) -> String {
        var config = c
        config.formatVersion = 2
        let text = DatasetWriter.siteJSON(config)
        guard var root = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else { return text }
        root.removeValue(forKey: "period")
        guard let data = try? JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) else { return text }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
