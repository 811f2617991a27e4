import ArgumentParser
import Foundation
import GridSettleCore
import GridSettleFormats
import GridSettleReports

struct Baseline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Baselines for a dataset's dispatch events (events.csv), with the days used and rejected and the adjustment.",
        discussion: "Methods: " + DatasetBaselines.methodNames.joined(separator: ", ") + ". "
            + "caiso-weather-4-of-90 (ESDER 2 weather matching) picks the 4 like days whose daily maximum temperature is closest to the event day's and needs temperature.csv (interval_start,temperature_f). "
            + "external takes the baseline from the dataset's baseline_series.csv (interval_start,interval_end,baseline_kw: a control group's or aggregator's baseline), averaged onto the meter interval; event slots it does not cover have no baseline and are named in the notes. "
            + "Writes baseline-METHOD.csv (slot values), baseline-METHOD-days.csv (every day looked at; with temperature.csv, each day's maximum temperature) and baseline-METHOD.html (a chart and the audit per event) into --out.")

    @Argument(help: "Dataset directory (format v1 with events.csv).")
    var directory: String

    @Option(help: "Baseline method (see the list above).")
    var method: String

    @Option(help: "What the baseline is of: site-load (retail master meter) or device-output (storage meter). Default: the method's own (device-output for caiso-mgo and seed-002-g-typical, site-load otherwise, external included).")
    var quantity: String?

    @Option(help: "Output directory (default: DIRECTORY/output).")
    var out: String?

    func run() async throws {
        guard var q = DatasetBaselines.defaultQuantity(methodName: method) else {
            Console.problem("--method: saw '\(method)'; expected one of \(DatasetBaselines.methodNames.joined(separator: ", "))")
            throw ExitCode(64)
        }
        if let s = quantity {
            guard let v = BaselineQuantity(rawValue: s) else {
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
            results = try DatasetBaselines.results(d, methodName: method, quantity: q, meters: meters)
        } catch {
            Console.problem("\(directory): \(error.message)")
            throw ExitCode(1)
        }
        for r in results { Console.out(BaselineOutput.text(r, quantity: q, zone: d.config.calendar.timeZone.identifier) + "\n") }
        let dir = out ?? (directory as NSString).appendingPathComponent("output")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let slots = (dir as NSString).appendingPathComponent("baseline-\(method).csv")
        let days = (dir as NSString).appendingPathComponent("baseline-\(method)-days.csv")
        try DocumentFile.write(BaselineOutput.slotsCSV(results, quantity: q), to: slots)
        try DocumentFile.write(BaselineOutput.daysCSV(results), to: days)
        let report = (dir as NSString).appendingPathComponent("baseline-\(method).html")
        let html = BaselineReport.html(
            results: results, quantity: q, siteName: d.config.site.name, method: method,
            zone: d.config.calendar.timeZone.identifier, meters: results.first.map { Self.profiles(meters, zone: d.config.calendar.timeZone, slotMinutes: $0.slotMinutes) })
        try DocumentFile.write(html, to: report)
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
