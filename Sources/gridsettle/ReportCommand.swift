import ArgumentParser
import Foundation
import GridSettleFormats
import GridSettleStore
import GridSettleWorkflows

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the statement (JSON, CSV) and HTML report of a stored settlement run, rendered from what the run stores.")

    @Argument(help: "Run id (see the output of `settle`).")
    var runID: Int64
    @Option(help: "SQLite database file, or a postgres:// URL.")
    var db: String = "gridsettle.sqlite"
    @Option(help: "Output directory.")
    var out: String = "."

    func run() async throws {
        let postgres = db.hasPrefix("postgres://") || db.hasPrefix("postgresql://")
        guard postgres || FileManager.default.fileExists(atPath: db) else { throw ValidationError("no database at \(db)") }
        let store = try await Repositories.open(db)
        let summary = try await store.run(id: runID)
        let docs: StoredRunDocuments?
        do {
            docs = summary == nil ? nil : try await StoredRunDocuments.load(runID: runID, from: store)
        } catch {
            await store.close()
            throw ValidationError("\(error)")
        }
        guard let summary, let docs else {
            let known = try await store.runs(tenant: "default").map { String($0.id) }.joined(separator: ", ")
            await store.close()
            throw ValidationError("no run \(runID) in the database; runs: \(known.isEmpty ? "none" : known)")
        }
        await store.close()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let base = "run-\(runID)-\(summary.resourceID)-\(summary.periodStart)"
        let html = docs.html  // rendered once: each document is rendered when it is read
        let documents = [(base + ".json", docs.json), (base + ".csv", docs.csv)] + (html.map { [(base + ".html", $0)] } ?? [])
        let paths = try documents.map { name, text in
            let p = (out as NSString).appendingPathComponent(name)
            try DocumentFile.write(text, to: p)
            return p
        }
        print("run \(runID): \(summary.siteID) / \(summary.resourceID) \(summary.periodStart)…\(summary.periodEnd) \(summary.status), \(summary.violationCount) violation(s)")
        for p in paths { print("wrote \(p)") }
        // only a run stored before schema v9, settled without --report, has none: its statement was stored as text
        if html == nil { print("no HTML report for run \(runID): it was stored before schema v9 without --report (settle again for one)") }
    }
}
