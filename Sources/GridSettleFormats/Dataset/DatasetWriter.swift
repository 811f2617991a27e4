import Foundation
import GridSettleCore

/// Writes a ``Dataset`` as a dataset-format-v1 directory, the exact inverse of ``DatasetReader``.
public enum DatasetWriter {
    /// File contents by file name; `tariffJSON` is the URDB file the site file names.
    public static func files(_ d: Dataset, tariffJSON: [UInt8]) -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        out[DatasetFiles.site] = Array(siteJSON(d.config).utf8)
        out[d.config.tariff.urdbFile] = tariffJSON
        out[DatasetFiles.readings] = Array(readingsCSV(d).utf8)
        out[DatasetFiles.awards] = Array(awardsCSV(d).utf8)
        out[DatasetFiles.signals] = Array(signalsCSV(d).utf8)
        out[DatasetFiles.prices] = Array(pricesCSV(d).utf8)
        if !d.mileage.isEmpty { out[DatasetFiles.mileage] = Array(mileageCSV(d).utf8) }
        if !d.trips.isEmpty { out[DatasetFiles.trips] = Array(tripsCSV(d).utf8) }
        if !d.edits.isEmpty { out[DatasetFiles.edits] = Array(editsCSV(d).utf8) }
        if !d.events.isEmpty { out[DatasetFiles.events] = Array(eventsCSV(d).utf8) }
        if !d.temperatures.isEmpty { out[DatasetFiles.temperature] = Array(temperatureCSV(d).utf8) }
        if !d.baselineSeries.isEmpty { out[DatasetFiles.baselineSeries] = Array(baselineSeriesCSV(d).utf8) }
        return out
    }

    /// Writes the files into `directory` (created if needed).
    public static func write(_ d: Dataset, tariffJSON: [UInt8], to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (name, bytes) in files(d, tariffJSON: tariffJSON).sorted(by: { $0.key < $1.key }) {
            let url = URL(fileURLWithPath: directory).appendingPathComponent(name)
            try Data(bytes).write(to: url)
        }
    }

    public static func siteJSON(_ c: SiteConfig) -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? enc.encode(c)) ?? Data(), as: UTF8.self) + "\n"
    }

    static func kwh(_ v: Int64) -> String { FixedPointFormat.decimal(v, scale: 6, fractionDigits: 6).trimmedDecimal }
    static func dec(_ v: Int64) -> String { FixedPointFormat.decimal(v, scale: 6, fractionDigits: 6).trimmedDecimal }

    public static func readingsCSV(_ d: Dataset) -> String {
        var out = DatasetFiles.Columns.readings.joined(separator: ",") + "\n"
        out.reserveCapacity(d.meters.values.reduce(0) { $0 + $1.grid.count } * 56)
        for spec in d.config.meters {
            guard let m = d.meters[spec.id] else { continue }
            let minutes = String(spec.intervalMinutes)
            for i in 0..<m.grid.count {
                let q = max(m.delivered.quality[i], m.received.quality[i])
                out += spec.id + "," + m.grid.startOf(i).description + "," + minutes + ","
                if q == .missing {
                    out += ",,M\n"
                } else {
                    out += kwh(m.delivered.microKWh[i]) + "," + kwh(m.received.microKWh[i]) + "," + q.code + "\n"
                }
            }
        }
        return out
    }

    public static func awardsCSV(_ d: Dataset) -> String {
        var out = DatasetFiles.Columns.awards.joined(separator: ",") + "\n"
        for a in d.awards {
            out += [d.config.resource.id, a.run.rawValue, a.product.rawValue, a.start.description, String(a.seconds / 60), dec(a.microMW)].joined(separator: ",") + "\n"
        }
        return out
    }

    public static func signalsCSV(_ d: Dataset) -> String {
        var out = DatasetFiles.Columns.signals.joined(separator: ",") + "\n"
        for s in d.signals { out += [d.config.resource.id, s.kind.rawValue, s.start.description, s.end.description].joined(separator: ",") + "\n" }
        return out
    }

    public static func pricesCSV(_ d: Dataset) -> String {
        var out = DatasetFiles.Columns.prices.joined(separator: ",") + "\n"
        out.reserveCapacity(d.prices.count * 64)
        for p in d.prices {
            out += p.node + "," + p.run.rawValue + "," + p.product.rawValue + "," + p.start.description + "," + String(p.seconds / 60) + "," + dec(p.microPrice) + "\n"
        }
        return out
    }

    public static func mileageCSV(_ d: Dataset) -> String {
        var out = DatasetFiles.Columns.mileage.joined(separator: ",") + "\n"
        for m in d.mileage {
            out += [d.config.resource.id, m.direction.rawValue, m.start.description, String(m.seconds / 60), dec(m.instructedMicroMW), dec(m.accuracyMicro)].joined(separator: ",") + "\n"
        }
        return out
    }

    public static func tripsCSV(_ d: Dataset) -> String {
        var out = DatasetFiles.Columns.trips.joined(separator: ",") + "\n"
        for t in d.trips {
            out += [d.config.resource.id, t.vehicleID, t.departure.description, t.returnTime.description, kwh(t.drivenMicroKWh)].joined(separator: ",") + "\n"
        }
        return out
    }

    public static func eventsCSV(_ d: Dataset) -> String {
        var out = DatasetFiles.Columns.events.joined(separator: ",") + "\n"
        for e in d.events {
            out += [d.config.resource.id, e.start.description, e.end.description, e.kind.rawValue].joined(separator: ",") + "\n"
        }
        return out
    }

    public static func temperatureCSV(_ d: Dataset) -> String {
        var out = DatasetFiles.Columns.temperature.joined(separator: ",") + "\n"
        out.reserveCapacity(d.temperatures.count * 30)
        for r in d.temperatures { out += r.start.description + "," + fahrenheit(r.milliF) + "\n" }
        return out
    }

    public static func baselineSeriesCSV(_ d: Dataset) -> String {
        var out = DatasetFiles.Columns.baselineSeries.joined(separator: ",") + "\n"
        out.reserveCapacity(d.baselineSeries.count * 56)
        for b in d.baselineSeries { out += b.start.description + "," + b.end.description + "," + dec(b.microKW) + "\n" }
        return out
    }

    /// milli-°F as the shortest exact decimal: 58730 → "58.73".
    static func fahrenheit(_ milliF: Int64) -> String { FixedPointFormat.decimal(milliF, scale: 3, fractionDigits: 3).trimmedDecimal }

    public static func editsCSV(_ d: Dataset) -> String {
        var out = DatasetFiles.Columns.edits.joined(separator: ",") + "\n"
        for e in d.edits {
            out += [e.meterID, e.intervalStart.description, e.channel.rawValue, kwh(e.newMicroKWh), e.reason, e.editor].joined(separator: ",") + "\n"
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
