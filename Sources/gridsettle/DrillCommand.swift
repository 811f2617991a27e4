import ArgumentParser
import Foundation
import GridSettleCore
import GridSettleFormats
import GridSettleStore
import GridSettleWorkflows

/// `gridsettle drill`: the intervals behind one line of a stored run, settled again from the directory the run
/// was settled from (``LineDrillDown``).
struct Drill: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the intervals behind one statement line of a stored run, with their quantities and amounts.",
        discussion: """
            The run's unit is settled again from DATASET, which must be the inputs the run was settled from (their \
            fingerprint is checked), and the line's intervals are written as CSV: interval start and end (UTC), \
            quantity, price and amount, adding up exactly to the line's quantity and exact amount. A line that is \
            not a sum over intervals (a fixed charge, a demand peak, a tier) is named with the reason, and no file \
            is written. Line numbers (seq) are those of `GET /v1/runs/{id}/lines`, from 0. See docs/rules.md, "Drill-down".
            """)

    @Argument(help: "The portfolio or dataset directory the run was settled from.")
    var dataset: String
    @Option(help: "Run id (see the output of `settle`).")
    var run: Int64
    @Option(help: "Line number (seq) within the run, from 0.")
    var line: Int
    @Option(help: "SQLite database file, or a postgres:// URL.")
    var db: String = "gridsettle.sqlite"
    @Option(help: "CSV file to write (default: line-<run>-<seq>.csv in the current directory).")
    var out: String?

    func run() async throws {
        let postgres = db.hasPrefix("postgres://") || db.hasPrefix("postgresql://")
        guard postgres || FileManager.default.fileExists(atPath: db) else { throw ValidationError("no database at \(db)") }
        let store = try await Repositories.open(db)
        let drilled: LineDrillDown.Drilled
        do {
            guard let summary = try await store.run(id: run) else { throw LineDrillDownFailure(.noSuchLine, "no run \(run) in \(db)") }
            let source: SettlementSource
            do {
                source = try LineDrillDown.source(directory: dataset, run: summary)
            } catch {
                throw LineDrillDownFailure(.datasetInvalid, "\(dataset) does not read: \(error.issues.prefix(3).map(\.description).joined(separator: "; "))")
            }
            drilled = try await LineDrillDown.breakdown(runID: run, seq: line, store: store, source: source)
        } catch let e as LineDrillDownFailure {
            await store.close()
            throw ValidationError(e.message)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
        let l = drilled.line
        let b = drilled.breakdown
        print("run \(run) line \(line): \(l.section.rawValue) \(l.code) \(FixedPointFormat.decimal(l.quantityMicro, scale: 6, fractionDigits: 6)) \(l.unit) \(l.amount.exactDescription) $ (rule \(l.rule))")
        guard b.basis != .notBrokenDown else {
            print("not broken down: \(b.explanation)")
            return
        }
        let path = out ?? "line-\(run)-\(line).csv"
        try DocumentFile.write(LineBreakdownCSV.bytes(b, line: l), to: path)
        let (q, a) = b.sums
        print("\(b.intervals.count) interval(s), \(b.basis.rawValue): \(b.explanation)")
        print("sums: quantity \(FixedPointFormat.decimal(q, scale: 6, fractionDigits: 6)) \(l.unit), amount \(a.exactDescription) $")
        print("wrote \(path)")
    }
}
