import Foundation
import GridSettleCore

/// Writes a ``Dataset`` as a dataset-format-v1 directory, the exact inverse of ``DatasetReader``.
public enum DatasetWriter {
    /// File contents by file name; `tariffJSON` is the URDB file the site file names.
    public static func files(_ d: Dataset, tariffJSON: [UInt8]) -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        out[DatasetFiles.site] = Array(siteJSON(d.config).utf8)
        out[d.config.tariff.urdbFile] = tariffJSON
        out[DatasetFiles.readings] = readings(d).bytes
        out[DatasetFiles.awards] = awards(d).bytes
        out[DatasetFiles.signals] = signals(d).bytes
        out[DatasetFiles.prices] = prices(d).bytes
        if !d.mileage.isEmpty { out[DatasetFiles.mileage] = mileage(d).bytes }
        if !d.trips.isEmpty { out[DatasetFiles.trips] = trips(d).bytes }
        if !d.edits.isEmpty { out[DatasetFiles.edits] = edits(d).bytes }
        if !d.events.isEmpty { out[DatasetFiles.events] = events(d).bytes }
        if !d.temperatures.isEmpty { out[DatasetFiles.temperature] = temperature(d).bytes }
        if !d.baselineSeries.isEmpty { out[DatasetFiles.baselineSeries] = baselineSeries(d).bytes }
        return out
    }

    /// Writes the files into `directory` (created if needed).
    public static func write(_ d: Dataset, tariffJSON: [UInt8], to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (name, bytes) in files(d, tariffJSON: tariffJSON).sorted(by: { $0.key < $1.key }) {
            try DocumentFile.write(bytes, to: URL(fileURLWithPath: directory).appendingPathComponent(name).path)
        }
    }

    public static func siteJSON(_ c: SiteConfig) -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? enc.encode(c)) ?? Data(), as: UTF8.self) + "\n"
    }

    static func kwh(_ v: Int64) -> String { FixedPointFormat.decimal(v, scale: 6, fractionDigits: 6).trimmedDecimal }
    static func dec(_ v: Int64) -> String { FixedPointFormat.decimal(v, scale: 6, fractionDigits: 6).trimmedDecimal }

    public static func readingsCSV(_ d: Dataset) -> String { readings(d).text }
    public static func awardsCSV(_ d: Dataset) -> String { awards(d).text }
    public static func signalsCSV(_ d: Dataset) -> String { signals(d).text }
    public static func pricesCSV(_ d: Dataset) -> String { prices(d).text }
    public static func mileageCSV(_ d: Dataset) -> String { mileage(d).text }
    public static func tripsCSV(_ d: Dataset) -> String { trips(d).text }
    public static func eventsCSV(_ d: Dataset) -> String { events(d).text }
    public static func temperatureCSV(_ d: Dataset) -> String { temperature(d).text }
    public static func baselineSeriesCSV(_ d: Dataset) -> String { baselineSeries(d).text }
    public static func editsCSV(_ d: Dataset) -> String { edits(d).text }

    // Every file goes through ``CSVWriter``: ids, vehicle ids, edit reasons and editors are free text.

    static func readings(_ d: Dataset) -> CSVWriter {
        var out = CSVWriter(columns: DatasetFiles.Columns.readings, reservingCapacity: d.meters.values.reduce(0) { $0 + $1.grid.count } * 56)
        for spec in d.config.meters {
            guard let m = d.meters[spec.id] else { continue }
            let minutes = String(spec.intervalMinutes)
            for i in 0..<m.grid.count {
                let q = max(m.delivered.quality[i], m.received.quality[i])
                out.field(spec.id)
                out.field(m.grid.startOf(i).description)
                out.field(minutes)
                if q == .missing {
                    out.field("")
                    out.field("")
                    out.field("M")
                } else {
                    out.field(kwh(m.delivered.microKWh[i]))
                    out.field(kwh(m.received.microKWh[i]))
                    out.field(q.code)
                }
                out.endRow()
            }
        }
        return out
    }

    static func awards(_ d: Dataset) -> CSVWriter {
        var out = CSVWriter(columns: DatasetFiles.Columns.awards, reservingCapacity: d.awards.count * 72)
        for a in d.awards {
            out.row([d.config.resource.id, a.run.rawValue, a.product.rawValue, a.start.description, String(a.seconds / 60), dec(a.microMW)])
        }
        return out
    }

    static func signals(_ d: Dataset) -> CSVWriter {
        var out = CSVWriter(columns: DatasetFiles.Columns.signals)
        for s in d.signals { out.row([d.config.resource.id, s.kind.rawValue, s.start.description, s.end.description]) }
        return out
    }

    static func prices(_ d: Dataset) -> CSVWriter {
        var out = CSVWriter(columns: DatasetFiles.Columns.prices, reservingCapacity: d.prices.count * 64)
        for p in d.prices {
            out.row([p.node, p.run.rawValue, p.product.rawValue, p.start.description, String(p.seconds / 60), dec(p.microPrice)])
        }
        return out
    }

    static func mileage(_ d: Dataset) -> CSVWriter {
        var out = CSVWriter(columns: DatasetFiles.Columns.mileage, reservingCapacity: d.mileage.count * 72)
        for m in d.mileage {
            out.row([d.config.resource.id, m.direction.rawValue, m.start.description, String(m.seconds / 60), dec(m.instructedMicroMW), dec(m.accuracyMicro)])
        }
        return out
    }

    static func trips(_ d: Dataset) -> CSVWriter {
        var out = CSVWriter(columns: DatasetFiles.Columns.trips)
        for t in d.trips {
            out.row([d.config.resource.id, t.vehicleID, t.departure.description, t.returnTime.description, kwh(t.drivenMicroKWh)])
        }
        return out
    }

    static func events(_ d: Dataset) -> CSVWriter {
        var out = CSVWriter(columns: DatasetFiles.Columns.events)
        for e in d.events {
            out.row([d.config.resource.id, e.start.description, e.end.description, e.kind.rawValue])
        }
        return out
    }

    /// `portfolio`: with the portfolio's leading `resource_id` column (§9).
    static func temperature(_ d: Dataset, portfolio: Bool = false) -> CSVWriter {
        let lead = portfolio ? [d.config.resource.id] : []
        var out = CSVWriter(
            columns: portfolio ? PortfolioFiles.temperatureColumns : DatasetFiles.Columns.temperature, reservingCapacity: d.temperatures.count * 40)
        for r in d.temperatures { out.row(lead + [r.start.description, fahrenheit(r.milliF)]) }
        return out
    }

    static func baselineSeries(_ d: Dataset, portfolio: Bool = false) -> CSVWriter {
        let lead = portfolio ? [d.config.resource.id] : []
        var out = CSVWriter(
            columns: portfolio ? PortfolioFiles.baselineSeriesColumns : DatasetFiles.Columns.baselineSeries, reservingCapacity: d.baselineSeries.count * 64)
        for b in d.baselineSeries { out.row(lead + [b.start.description, b.end.description, dec(b.microKW)]) }
        return out
    }

    /// milli-°F as the shortest exact decimal: 58730 → "58.73".
    static func fahrenheit(_ milliF: Int64) -> String { FixedPointFormat.decimal(milliF, scale: 3, fractionDigits: 3).trimmedDecimal }

    static func edits(_ d: Dataset) -> CSVWriter {
        var out = CSVWriter(columns: DatasetFiles.Columns.edits)
        for e in d.edits {
            out.row([e.meterID, e.intervalStart.description, e.channel.rawValue, kwh(e.newMicroKWh), e.reason, e.editor])
        }
        return out
    }
}

extension String {
    /// "12.500000" → "12.5", "3.000000" → "3".
    var trimmedDecimal: String {
        guard contains(".") else { return self }
        var s = Substring(self)
        while s.last == "0" { s = s.dropLast() }
        if s.last == "." { s = s.dropLast() }
        return s == "-0" ? "0" : String(s)
    }
}
