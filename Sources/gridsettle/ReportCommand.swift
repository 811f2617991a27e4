import ArgumentParser
import Foundation
import GridSettleStore

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the stored statement (JSON, CSV) and HTML report of a settlement run.")

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
        guard let summary = try await store.run(id: runID), let docs = try await store.documents(runID: runID) else {
            let known = try await store.runs(tenant: "default").map { String($0.id) }.joined(separator: ", ")
            await store.close()
            throw ValidationError("no run \(runID) in the database; runs: \(known.isEmpty ? "none" : known)")
        }
        await store.close()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let base = "run-\(runID)-\(summary.resourceID)-\(summary.periodStart)"
        // a run settled without --report stores no HTML: its statement is written, and the summary says so
        let documents = [(base + ".json", docs.json), (base + ".csv", docs.csv)] + (docs.html.isEmpty ? [] : [(base + ".html", docs.html)])
        let paths = try documents.map { name, text in
            let p = (out as NSString).appendingPathComponent(name)
            try Data(text.utf8).write(to: URL(fileURLWithPath: p))
            return p
        }
        print("run \(runID): \(summary.siteID) / \(summary.resourceID) \(summary.periodStart)…\(summary.periodEnd) \(summary.status), \(summary.violationCount) violation(s)")
        for p in paths { print("wrote \(p)") }
        if docs.html.isEmpty { print("no HTML report is stored with run \(runID): it was settled without --report (settle again with --report for one)") }
    }
}
