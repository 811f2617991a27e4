import Foundation
import GridSettleCore
import GridSettleExamples
import GridSettleFormats

/// A small generated fleet (November 2016, 5-minute data), as format 1 datasets and as one portfolio.
enum PortfolioFixture {
    static let tariffJSON = Array(ExampleTariffs.sceTOU8JSON.utf8)

    static func fleet(_ count: Int = 3) throws -> [Dataset] {
        let tariff = try URDBReader.read(data: tariffJSON, file: "tariff.json", reference: TariffReference(urdbFile: "tariff.json")).tariff
        return ExampleGenerator.fleet(count: count, tariff: tariff, tariffFile: "tariff.json")
    }

    static func temporaryDirectory(_ tag: String) -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("gs-\(tag)-\(UInt64.random(in: 0...UInt64.max))").path
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    /// The fleet written as a portfolio; returns its directory.
    static func portfolio(_ datasets: [Dataset], tag: String = "portfolio") throws -> String {
        let dir = temporaryDirectory(tag)
        try PortfolioWriter.write(datasets, tariffs: ["tariff.json": tariffJSON], name: "test fleet", to: dir)
        return dir
    }

    static func text(_ dir: String, _ name: String) -> String {
        (try? String(contentsOfFile: (dir as NSString).appendingPathComponent(name), encoding: .utf8)) ?? ""
    }

    static func write(_ dir: String, _ name: String, _ text: String) throws {
        let url = URL(fileURLWithPath: dir).appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
}
