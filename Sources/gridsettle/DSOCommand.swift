import ArgumentParser
import Foundation
import GridSettleCore
import GridSettleFormats
import GridSettleStore
import GridSettleWorkflows

/// `gridsettle dso DIR`: reads a DSO dataset (docs/dso-dataset.md), or the members' readings a job's workers
/// stored, runs it end to end through the workflows' ``DSORun`` (aggregation rules, local market, settlement with
/// revenue adequacy and the local ledger checks, forecasts, dispatch), prints what happened and writes the CSVs.
struct DSOCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dso",
        abstract: "Settle a DSO dataset end to end: aggregation rules, local market, F5.2–F5.6 settlement with revenue adequacy (F5.3) and the local ledger, forecasts, dispatch.",
        discussion: """
            Exit status: 0 all settled; 1 the dataset or an aggregation is invalid (every problem is printed); \
            2 revenue adequacy (F5.3) or the local ledger (LEM-LEDGER-BALANCES, LEM-NO-KWH-PAID-TWICE) failed. \
            Output CSVs are described in docs/dso-dataset.md.
            """)

    @Argument(help: "DSO dataset directory (gridsettle generate --example dso --out DIR).")
    var directory: String
    @Option(help: "Directory for the output CSVs (default: <dataset>/output).")
    var out: String?
    @Option(help: "Initial state of charge of every dispatched storage and V2G member, percent of energy_kwh.")
    var initialSOCPercent: Int = 50
    @Option(help: "With --job: the work-queue database (SQLite file or postgres:// URL) whose units hold the members' readings.")
    var db: String?
    @Option(help: "Settle as the reduce of this job: the members' readings are the ones its workers stored (gridsettle plan DIR, gridsettle work), not the files.")
    var job: String?
    @Option(help: "Tenant of --job.")
    var tenant: String = "default"

    func run() async throws {
        guard (0...100).contains(initialSOCPercent) else { throw ValidationError("--initial-soc-percent must be 0…100") }
        let outDir = out ?? (directory as NSString).appendingPathComponent("output")
        let clock = ContinuousClock()
        let t0 = clock.now
        if (db == nil) != (job == nil) { throw ValidationError("--db and --job go together: the job's database and its name") }
        var readings = DSOMemberReadings.files
        if let db, let job {
            // the reduce of a job: every member must be a done unit; its stored series replace the readings files
            do {
                readings = try await DSOJobReadings.load(db: db, tenant: tenant, job: job, header: try DSODatasetReader.readHeader(directory: directory))
            } catch let e as DatasetInvalid {
                for i in e.issues { Console.out(i.description) }
                Console.out("\(directory): \(e.errors.count) error(s); nothing was settled")
                throw ExitCode(1)
            } catch let e as DSOJobNotReady {
                Console.out(e.description)
                Console.out("nothing was settled")
                throw ExitCode(1)
            } catch let e as DSOJobUnknown {
                throw ValidationError(e.message)
            }
        }
        let d: DSODataset
        do {
            d = try DSODatasetReader.read(directory: directory, readings: readings)
        } catch {
            for i in error.issues { Console.out(i.description) }
            Console.out("\(directory): \(error.errors.count) error(s); nothing was settled")
            throw ExitCode(1)
        }
        let readTime = clock.now - t0
        if case .supplied(let source, _, _) = readings { Console.out("member readings: the units of \(source)") }
        Console.out("read \(directory): \(d.dsos.count) DSOs, \(d.dsos.reduce(0) { $0 + $1.interfaces.count }) interfaces, \(d.members.count) members × \(d.grid.count) intervals, \(d.orders.count) orders in \(seconds(readTime))")

        let outcome = DSORun.run(d, initialSOCPercent: initialSOCPercent)
        for entry in outcome.log {
            switch entry {
            case .note(let text): Console.out(text)
            case .problem(let text): Console.problem(text)
            }
        }
        let report = outcome.report
        let (invalid, adequacyFailed, ledgerFailed, forecastNote) = (outcome.invalid, outcome.adequacyFailed, outcome.ledgerFailed, outcome.forecastNote)

        try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
        let files = report.files()
        for (name, text) in files {
            try DocumentFile.write(text, to: (outDir as NSString).appendingPathComponent(name))
        }
        for line in report.summary() { Console.out(line) }
        if let forecastNote { Console.out(forecastNote) }
        let settled = report.settlements.count
        Console.out(adequacyFailed == 0
            ? "revenue adequacy (F5.3): holds on all \(settled) settled interface(s): Σ member ISO pay + DSO fee + DSO residual = ISO→A exactly"
            : "revenue adequacy (F5.3): FAILED on \(adequacyFailed) interface(s)")
        Console.out(ledgerFailed == 0
            ? "local ledger (LEM-LEDGER-BALANCES, LEM-NO-KWH-PAID-TWICE): balances on all \(settled) settled interface(s): Σ local buyer payments = Σ local seller receipts + DSO local fee exactly, and no locally traded kWh is also in an ISO-allocated quantity"
            : "local ledger (LEM-LEDGER-BALANCES, LEM-NO-KWH-PAID-TWICE): FAILED on \(ledgerFailed) interface(s)")
        Console.out("wrote \(outDir): \(files.map(\.name).joined(separator: ", "))")
        if adequacyFailed > 0 || ledgerFailed > 0 { throw ExitCode(2) }
        if invalid > 0 {
            Console.out("\(invalid) interface(s) not settled")
            throw ExitCode(1)
        }
    }

    func seconds(_ d: Duration) -> String {
        let ms = d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000
        return "\(ms / 1000).\(String(format: "%03d", Int(ms % 1000))) s"
    }
}
