import Foundation
import GridSettleCore
import GridSettleFormats

/// The portfolio harness's two sites with the input as their only meter data (`readings.csv`), read by
/// `PortfolioReader` in 512-byte blocks on two cores, and every unit of November and December built on its grids,
/// not settled: the readings reader in both layouts (docs/dataset-format.md §4.1), its columns in the scratch
/// space, and the joining of channels and the placing of rows on a unit's grid, at many more inputs a second
/// than the whole-portfolio target.
public enum ReadingsHarness {
    /// The example's meter data in both layouts: the first 300 lines of the interval layout as generated (the
    /// first hours of every meter), and the series rows of December 1.
    public static let seeds: [String: [UInt8]] = [
        "intervals.csv": Array((PortfolioHarness.files[DatasetFiles.readings] ?? []).split(separator: 10, omittingEmptySubsequences: false)
            .prefix(300).joined(separator: [10])) + [10],
        "series.csv": PortfolioHarness.files["readings/series.csv"] ?? [],
    ]

    /// The portfolio's manifest, site files and tariff, and its required market files with their header only, so
    /// that an input costs its own reading and little else; written once.
    private static let scratch: String = {
        let d = NSTemporaryDirectory() + "gridsettle-fuzz-readings-\(getpid())"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        for (path, content) in PortfolioHarness.files where !path.hasPrefix("readings") {
            let required = [DatasetFiles.awards, DatasetFiles.prices, DatasetFiles.signals]
            guard !path.hasSuffix(".csv") || required.contains(path) else { continue }
            let bytes = path.hasSuffix(".csv") ? Array(content.prefix { $0 != 10 }) + [10] : content
            let url = URL(fileURLWithPath: d).appendingPathComponent(path)
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? Data(bytes).write(to: url)
        }
        return d
    }()

    public static func read(_ bytes: [UInt8]) {
        try? Data(bytes).write(to: URL(fileURLWithPath: scratch).appendingPathComponent(DatasetFiles.readings))
        guard let p = try? PortfolioReader.read(directory: scratch, parallelism: 2, blockSize: 512, digest: { _ in [] }) else { return }
        let november = YearMonth(year: 2016, month: 11)
        for unit in p.units(.allComplete) + p.units(.months(first: november, last: november.next)) {
            _ = try? p.dataset(unit)
        }
    }
}
