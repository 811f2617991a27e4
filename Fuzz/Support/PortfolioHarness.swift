import Foundation
import GridSettleCore
import GridSettleExamples
import GridSettleFormats

/// A valid two-site portfolio (hourly data, November 2016) with ONE file replaced, written to a scratch
/// directory, read in blocks of 512 bytes on two cores, and every unit it names built and settled when it
/// validates: the portfolio reader's blocks (readings and awards), its per-meter and per-resource columns in the
/// scratch space, a site file parsed again for its unit, and the placing of rows on a unit's grid.
public enum PortfolioHarness {
    /// Every file of the example, by path inside the portfolio.
    public static let files: [String: [UInt8]] = {
        let json = Array(ExampleTariffs.sceTOU8JSON.utf8)
        var files = PortfolioWriter.files(fleet, tariffs: ["tariff.json": json], name: "fuzz")
        for (name, text) in extras { files[name] = Array(text.utf8) }
        return files
    }()

    static let fleet: [Dataset] = {
        let json = Array(ExampleTariffs.sceTOU8JSON.utf8)
        let tariff = (try? URDBReader.read(data: json, file: "tariff.json", reference: TariffReference(urdbFile: "tariff.json")))!.tariff
        return ExampleGenerator.fleet(count: 2, options: ExampleOptions(intervalMinutes: 60), tariff: tariff, tariffFile: "tariff.json")
    }()

    /// The optional per-resource baseline inputs, which the generated fleet does not have, and the first site's
    /// December 1 in the series layout of readings (docs/dataset-format.md §4.1), which the unit of December reads:
    /// each meter's delivered and received rows, the second run estimated with an interval left empty.
    static let extras: [(String, String)] = [
        (DatasetFiles.temperature, "resource_id,interval_start,temperature_f\nLAAFB_1_V2G_0001,2016-11-01T08:00:00Z,58.73\nLAAFB_1_V2G_0002,2016-11-01T08:00:00Z,60\n"),
        (DatasetFiles.baselineSeries, "resource_id,interval_start,interval_end,baseline_kw\nLAAFB_1_V2G_0001,2016-11-29T22:00:00Z,2016-11-29T23:00:00Z,100\n"),
        ("readings/series.csv", "meter_id,channel,start,interval_minutes,quality,kwh_1,kwh_2,kwh_3,kwh_4\n" + fleet[0].config.meters.map { m in
            "\(m.id),delivered,2016-12-01T08:00:00Z,60,A,12.5,0,3,4.25\n\(m.id),received,2016-12-01T08:00:00Z,60,A,0,1.5,0,0\n"
                + "\(m.id),received,2016-12-01T12:00:00Z,60,S,0,0,,0\n\(m.id),delivered,2016-12-01T12:00:00Z,60,S,7,8,,9\n"
        }.joined()),
    ]

    /// The file a selector byte replaces, in a fixed order: the generated files sorted, then the extras (so the
    /// selectors of earlier corpus entries keep naming the same files).
    public static let fileNames: [String] = files.keys.filter { name in !extras.contains { $0.0 == name } }.sorted() + extras.map(\.0)

    private static let scratch: String = {
        let d = NSTemporaryDirectory() + "gridsettle-fuzz-portfolio-\(getpid())"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }()

    public static func readAndSettle(selector: UInt8, replacingWith bytes: [UInt8]) {
        var all = files
        all[fileNames[Int(selector) % fileNames.count]] = bytes
        try? FileManager.default.removeItem(atPath: scratch)
        for (path, content) in all {
            let url = URL(fileURLWithPath: scratch).appendingPathComponent(path)
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? Data(content).write(to: url)
        }
        guard let p = try? PortfolioReader.read(directory: scratch, parallelism: 2, blockSize: 512, digest: { _ in [] }) else { return }
        let november = YearMonth(year: 2016, month: 11)
        for unit in p.units(.allComplete) + p.units(.months(first: november.next, last: november.next)) {
            guard let d = try? p.dataset(unit), let result = try? SettlementEngine.settle(d) else { continue }
            _ = StatementJSON.render(result.statement)
        }
    }

    public static func selector(file name: String) -> UInt8? { fileNames.firstIndex(of: name).map(UInt8.init) }
}
