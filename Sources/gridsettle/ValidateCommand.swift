import ArgumentParser
import Foundation
import GridSettleCore
import GridSettleFormats
import GridSettleWorkflows

struct Validate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a portfolio or dataset directory and report every problem at once (file, line, column, field, value, expected); what validates settles.")

    @Argument(help: "Portfolio or dataset directory.")
    var directory: String
    @Option(help: "Months of a portfolio to check: YYYY-MM or YYYY-MM..YYYY-MM (default: every complete month).")
    var period: String?

    func validate() throws {
        if let period, PeriodSelection(period) == nil { throw ValidationError("--period \(period): expected \(PeriodSelection.expected)") }
    }

    func run() async throws {
        let source: SettlementSource
        do {
            source = try SourceReader.read(directory: directory, periods: period.flatMap(PeriodSelection.init) ?? .allComplete)
        } catch {
            for i in error.issues { Console.out(i.description) }
            Console.out("\(directory): \(error.errors.count) error(s)")
            throw ExitCode(1)
        }
        if source.unitCount == 0 { Console.out("\(directory): no unit to check: the readings cover no whole month of any site") }
        let units = await SourceValidation.validate(source, parallelism: ProcessInfo.processInfo.activeProcessorCount)
        var failed = 0
        for u in units {
            switch u.result {
            case .success(let (d, vee)):
                for n in d.notices { Console.out(n.description) }
                for f in vee.findings { Console.out(f.message) }
                let estimated = vee.audit.filter { $0.action == .estimate }.count
                let name = source.unitCount == 1 ? directory : u.label
                Console.out("\(name): valid — \(d.config.meters.count) meters, \(d.awards.count) awards, \(d.signals.count) signals, \(d.prices.count) prices; VEE: \(vee.findings.count) finding(s), \(estimated) interval value(s) would be estimated")
            case .failure(let error):
                failed += 1
                for i in error.issues { Console.out(i.description) }
                Console.out("\(source.unitCount == 1 ? directory : u.label): \(error.errors.count) error(s)")
            }
        }
        if source.unitCount != 1 { Console.out("\(directory): \(units.count - failed) of \(units.count) unit(s) valid") }
        if failed > 0 || units.isEmpty { throw ExitCode(1) }
    }
}
