import ArgumentParser
import Foundation
import GridSettleCore
import GridSettleFormats

struct Baseline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Baselines for a dataset's dispatch events (events.csv), with the days used and rejected and the adjustment.",
        discussion: "Methods: " + BaselinePresets.all.map(\.name).joined(separator: ", ") + ". Writes baseline-METHOD.csv (slot values) and baseline-METHOD-days.csv (every day looked at) into --out.")

    @Argument(help: "Dataset directory (format v1 with events.csv).")
    var directory: String

    @Option(help: "Baseline method (see the list above).")
    var method: String

    @Option(help: "What the baseline is of: site-load (retail master meter) or device-output (storage meter). Default: device-output for caiso-mgo and seed-002-g-typical, site-load otherwise.")
    var quantity: String?

    @Option(help: "Output directory (default: DIRECTORY/output).")
    var out: String?

    func run() async throws {
        guard let preset = BaselinePresets.named(method) else {
            Console.problem("--method: saw '\(method)'; expected one of \(BaselinePresets.all.map(\.name).joined(separator: ", "))")
            throw ExitCode(64)
        }
        var q = DatasetBaselines.Quantity.usual(for: preset)
        if let s = quantity {
            guard let v = DatasetBaselines.Quantity(rawValue: s) else {
                Console.problem("--quantity: saw '\(s)'; expected site-load or device-output")
                throw ExitCode(64)
            }
            q = v
        }
        let d: Dataset
        do {
            d = try DatasetReader.read(directory: directory)
        } catch {
            for i in error.issues { Console.out(i.description) }
            Console.out("\(directory): \(error.errors.count) error(s)")
            throw ExitCode(1)
        }
        let dispatches = d.events.filter { $0.kind == .dispatch }
        if dispatches.isEmpty {
            Console.problem("\(directory)/\(DatasetFiles.events): no dispatch events: nothing to baseline")
            throw ExitCode(1)
        }
        let results: [BaselineResult]
        do {
            results = try DatasetBaselines.run(d, method: preset, quantity: q)
        } catch {
            Console.problem("\(directory): \(error.message)")
            throw ExitCode(1)
        }
        for r in results { Console.out(BaselineOutput.text(r, quantity: q, zone: d.config.calendar.timeZone.identifier) + "\n") }
        let dir = out ?? (directory as NSString).appendingPathComponent("output")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let slots = (dir as NSString).appendingPathComponent("baseline-\(preset.name).csv")
        let days = (dir as NSString).appendingPathComponent("baseline-\(preset.name)-days.csv")
        try BaselineOutput.slotsCSV(results, quantity: q).write(toFile: slots, atomically: true, encoding: .utf8)
        try BaselineOutput.daysCSV(results).write(toFile: days, atomically: true, encoding: .utf8)
        Console.out("Baseline: \(slots)\nDays:     \(days)")
    }
}
