import ArgumentParser
import Foundation
import GridSettleCore
import GridSettleFormats
import GridSettleReports

struct Baseline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Baselines for a dataset's dispatch events (events.csv), with the days used and rejected and the adjustment.",
        discussion: "Methods: " + BaselinePresets.all.map(\.name).joined(separator: ", ") + ". Writes baseline-METHOD.csv (slot values), baseline-METHOD-days.csv (every day looked at) and baseline-METHOD.html (a chart and the audit per event) into --out.")

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
        let vee = VEE.run(d)
        let meters = DatasetBaselines.MeterSeries(d, vee: vee)
        let results: [BaselineResult]
        do {
            results = try DatasetBaselines.run(d, method: preset, quantity: q, meters: meters)
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
        let report = (dir as NSString).appendingPathComponent("baseline-\(preset.name).html")
        let html = BaselineReport.html(
            results: results, quantity: q, siteName: d.config.site.name, method: preset.name,
            zone: d.config.calendar.timeZone.identifier, meters: results.first.map { Self.profiles(meters, zone: d.config.calendar.timeZone, slotMinutes: $0.slotMinutes) })
        try html.write(toFile: report, atomically: true, encoding: .utf8)
        Console.out("Baseline: \(slots)\nDays:     \(days)\nReport:   \(report)")
    }

    /// The site meter N (net import) and the storage output (−G) cut into the results' slots, so the report
    /// can draw seed 002's facility load L = N − G beside the baseline. A meter whose interval does not divide
    /// the slot (a 15-minute meter under 5-minute slots) is left out: the chart simply omits its line.
    static func profiles(_ m: DatasetBaselines.MeterSeries, zone: MarketTimeZone, slotMinutes: Int) -> BaselineReport.Meters {
        func cut(_ s: EnergySeries?) -> DayProfiles? {
            guard let s else { return nil }
            let slot = Int64(slotMinutes) * 60
            guard slot >= s.grid.seconds && slot % s.grid.seconds == 0 && 3600 % slot == 0 else { return nil }
            return DayProfiles(s, timeZone: zone, slotMinutes: slotMinutes)
        }
        var out = BaselineReport.Meters()
        out.siteNet = cut(m.siteNet)
        out.storageOutput = cut(m.storageOutput)
        return out
    }
}
