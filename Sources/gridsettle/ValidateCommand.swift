import ArgumentParser
import GridSettleCore
import GridSettleFormats

struct Validate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a dataset directory and report every problem at once (file, line, column, field, value, expected); a dataset that validates settles.")

    @Argument(help: "Dataset directory.")
    var directory: String

    func run() async throws {
        do {
            let d = try DatasetReader.read(directory: directory)
            // the whole settlement runs (and is discarded): validate must refuse everything settle refuses,
            // e.g. a demand-response method that cannot run on this dataset
            let vee = try SettlementEngine.settle(d).vee
            for n in d.notices { Console.out(n.description) }
            for f in vee.findings { Console.out(f.message) }
            let estimated = vee.audit.filter { $0.action == .estimate }.count
            Console.out("\(directory): valid — \(d.config.meters.count) meters, \(d.awards.count) awards, \(d.signals.count) signals, \(d.prices.count) prices; VEE: \(vee.findings.count) finding(s), \(estimated) interval value(s) would be estimated")
        } catch {
            for i in error.issues { Console.out(i.description) }
            Console.out("\(directory): \(error.errors.count) error(s)")
            throw ExitCode(1)
        }
    }
}
