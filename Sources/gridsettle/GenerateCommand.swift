import ArgumentParser
import Foundation
import GridSettleCore
import GridSettleExamples
import GridSettleFormats

struct Generate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a deterministic, seeded example dataset (format v1).",
        discussion: "By default one month shaped like the SCE / LA Air Force Base V2G pilot (--example laafb); with --resources N, N resource datasets in numbered subdirectories (for benchmarks). --example pjm-customer-side writes a PJM Order 841 site: a customer-side ESR with on-site PV, hourly data in America/New_York (default month 2019-11, with the fall-back day).")

    @Option(help: "Output directory.")
    var out: String
    @Option(help: "Which example: laafb (CAISO V2G pilot), pjm-customer-side (PJM ESR with PV) or dso (three DSOs with thousands of member DERs; --resources sets members per interface).")
    var example: String = "laafb"
    @Option(help: "Month to generate, YYYY-MM (default 2016-11 for laafb, 2019-11 for pjm-customer-side).")
    var month: String?
    @Option(help: "Random seed (default 2016 for laafb, 841 for pjm-customer-side).")
    var seed: UInt64?
    @Option(help: "Number of resources to generate.")
    var resources: Int = 1
    @Flag(help: "laafb example: write the resources as one portfolio (dataset format 2, docs/dataset-format.md §9) instead of one dataset directory each.")
    var portfolio = false
    @Flag(help: "dso example: write each member's readings as member_readings/<member_id>.csv (the layout `gridsettle plan` splits into one unit per member) instead of one member_readings.csv.")
    var memberFiles = false

    func run() async throws {
        guard ["laafb", "pjm-customer-side", "dso"].contains(example) else {
            throw ValidationError("--example must be laafb, pjm-customer-side or dso, saw '\(example)'")
        }
        if memberFiles && example != "dso" { throw ValidationError("--member-files applies to --example dso only") }
        if portfolio && example != "laafb" { throw ValidationError("--portfolio applies to --example laafb only") }
        if example == "dso" {
            var o = DSOExampleGenerator.Options()
            if let seed { o.seed = seed }
            if resources > 1 { o.membersPerInterface = resources }
            o.memberFiles = memberFiles
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            if memberFiles {
                try FileManager.default.createDirectory(atPath: out + "/member_readings", withIntermediateDirectories: true)
            }
            for (name, text) in DSOExampleGenerator.files(o).sorted(by: { $0.key < $1.key }) {
                try DocumentFile.write(text, to: URL(fileURLWithPath: out).appendingPathComponent(name).path)
            }
            Console.out("wrote \(out): 3 DSOs, 7 interfaces, \(7 * o.membersPerInterface) members (docs/dso-dataset.md)")
            return
        }
        let pjm = example == "pjm-customer-side"
        let month = self.month ?? (pjm ? "2019-11" : "2016-11")
        // the same month syntax and year range as `settle --period`
        guard let chosen = YearMonth(month) else { throw ValidationError("--month must be YYYY-MM, year 1900…2200, saw '\(month)'") }
        let (y, m) = (chosen.year, chosen.month)
        guard resources >= 1 else { throw ValidationError("--resources must be at least 1, saw \(resources)") }
        if pjm {
            guard resources == 1 else { throw ValidationError("--resources applies to the laafb example only") }
            try ExampleWriter.writePJM(year: y, month: m, seed: seed ?? 841, to: out)
            Console.out("wrote \(out)")
            return
        }
        var options = ExampleOptions()
        options.seed = seed ?? 2016
        options.year = y
        options.month = m
        if portfolio {
            let fleet = ExampleGenerator.fleet(count: resources, options: options, tariff: try ExampleWriter.tariff(), tariffFile: "tariff.json")
            try PortfolioWriter.write(fleet, tariffs: ["tariff.json": Array(ExampleTariffs.sceTOU8JSON.utf8)], name: "example fleet (\(resources) resources)", to: out)
            Console.out("wrote \(out): a portfolio of \(resources) resource(s), \(month)")
        } else if resources == 1 {
            try ExampleWriter.writeLAAFB(options: options, to: out)
            Console.out("wrote \(out)")
        } else {
            let n = try ExampleWriter.writeFleet(count: resources, options: options, to: out) { i in
                if i % 50 == 0 || i == resources { Console.progress("generated \(i)/\(resources)") }
            }
            Console.out("wrote \(n) datasets under \(out)")
        }
    }
}

/// Generates examples and writes them with the SCE TOU-8 tariff file beside them.
enum ExampleWriter {
    static func tariff() throws -> Tariff {
        let bytes = Array(ExampleTariffs.sceTOU8JSON.utf8)
        return try URDBReader.read(data: bytes, file: "tariff.json", reference: TariffReference(urdbFile: "tariff.json")).tariff
    }

    static func writeLAAFB(options: ExampleOptions, to dir: String) throws {
        let d = ExampleGenerator.laAirForceBase(options: options, tariff: try tariff(), tariffFile: "tariff.json")
        try DatasetWriter.write(d, tariffJSON: Array(ExampleTariffs.sceTOU8JSON.utf8), to: dir)
    }

    static func writePJM(year: Int, month: Int, seed: UInt64, to dir: String) throws {
        let json = Array(ExampleTariffs.syntheticPJMCommercialJSON.utf8)
        let tariff = try URDBReader.read(data: json, file: "tariff.json", reference: TariffReference(urdbFile: "tariff.json", demandWindowMinutes: 60)).tariff
        let d = PJMExampleGenerator.customerSide(year: year, month: month, seed: seed, tariff: tariff, tariffFile: "tariff.json")
        try DatasetWriter.write(d, tariffJSON: json, to: dir)
    }

    static func writeFleet(count: Int, options: ExampleOptions, to dir: String, progress: (Int) -> Void) throws -> Int {
        let all = ExampleGenerator.fleet(count: count, options: options, tariff: try tariff(), tariffFile: "tariff.json")
        for (i, d) in all.enumerated() {
            var name = String(i + 1)
            while name.count < 4 { name = "0" + name }
            try DatasetWriter.write(d, tariffJSON: Array(ExampleTariffs.sceTOU8JSON.utf8), to: (dir as NSString).appendingPathComponent("resource-\(name)"))
            progress(i + 1)
        }
        return all.count
    }
}
