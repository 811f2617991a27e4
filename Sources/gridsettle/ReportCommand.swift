import ArgumentParser
import Foundation
import GridSettleStore

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the stored statement (JSON, CSV) and HTML report of a settlement run.")

    @Argument(help: "Run id (see the output of `settle`).")
    var runID: Int64
    @Option(help: "SQLite database file.")
    var db: String = "gridsettle.sqlite"
    @Option(help: "Output directory.")
    var out: String = "."

    func run() async throws {
        guard FileManager.default.fileExists(atPath: db) else { throw ValidationError("no database at \(db)") }
        let store = try SettlementStore(path: db)
        guard let summary = try store.run(id: runID), let docs = try store.documents(runID: runID) else {
            let known = try store.runs().map { String($0.id) }.joined(separator: ", ")
            throw ValidationError("no run \(runID) in \(db); runs: \(known.isEmpty ? "none" : known)")
        }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let base = "run-\(runID)-\(summary.resourceID)-\(summary.periodStart)"
        let paths = try [(base + ".json", docs.json), (base + ".csv", docs.csv), (base + ".html", docs.html)].map { name, text in
            let p = (out as NSString).appendingPathComponent(name)
            try Data(text.utf8).write(to: URL(fileURLWithPath: p))
            return p
        }
        print("run \(runID): \(summary.siteID) / \(summary.resourceID) \(summary.periodStart)…\(summary.periodEnd) \(summary.status), \(summary.violationCount) violation(s)")
        for p in paths { print("wrote \(p)") }
    }
}
