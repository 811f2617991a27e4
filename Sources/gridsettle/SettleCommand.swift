import ArgumentParser
import Foundation
import GridSettleCore
import GridSettleFormats
import GridSettleReports
import GridSettleStore

struct Settle: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Settle one or more dataset directories into the store (SQLite file, or PostgreSQL with a postgres:// URL) and write statements and reports.")

    @Argument(help: "Dataset directories.")
    var directories: [String]
    @Option(help: "SQLite database file, or a postgres://user:password@host:port/database URL.")
    var db: String = "gridsettle.sqlite"
    @Option(help: "Directory for statement JSON/CSV and HTML reports (default: <dataset>/output).")
    var out: String?
    @Flag(help: "Exit with status 2 when any check reports a violation.")
    var failOnViolation = false
    @Option(help: "Tenant the runs belong to: `serve` on the same database shows them to this tenant's tokens (docs/api.md).")
    var tenant: String = Settlement.defaultTenant
    @Option(help: "Dataset name recorded with the runs, so tokens limited to that dataset see them (default: none; then only tokens for every dataset of the tenant do).")
    var dataset: String?

    func validate() throws {
        if let p = StoredName.problem(tenant, option: "--tenant") ?? dataset.flatMap({ StoredName.problem($0, option: "--dataset") }) {
            throw ValidationError(p)
        }
    }

    func run() async throws {
        var violations = 0
        var failed: [String] = []
        for (k, dir) in directories.enumerated() {
            if directories.count > 1 { Console.progress("[\(k + 1)/\(directories.count)] \(dir)") }
            let outputs = out.map { directories.count > 1 ? ($0 as NSString).appendingPathComponent((dir as NSString).lastPathComponent) : $0 }
                ?? (dir as NSString).appendingPathComponent("output")
            do {
                let s = try await Settlement.run(datasetDirectory: dir, databasePath: db, outputDirectory: outputs, tenant: tenant, datasetName: dataset)
                Console.out(s.text)
                violations += s.violationCount
            } catch let e as ExitCode where directories.count > 1 {
                // an invalid dataset does not stop the others; it is listed at the end
                _ = e
                failed.append(dir)
            }
        }
        if !failed.isEmpty {
            Console.out("\(failed.count) of \(directories.count) dataset(s) not settled: \(failed.joined(separator: ", "))")
            throw ExitCode(1)
        }
        if failOnViolation && violations > 0 { throw ExitCode(2) }
    }
}

/// The settle pipeline shared by `settle` and `demo`: read → settle → write files → store.
enum Settlement {
    struct Summary {
        var runID: Int64
        var text: String
        var reportPath: String
        var jsonPath: String
        var csvPath: String
        var violationCount: Int
    }

    /// The tenant of runs settled from the command line when none is named; `gridsettle token create
    /// --tenant default` makes tokens that see them.
    static let defaultTenant = "default"

    static func run(
        datasetDirectory dir: String, databasePath: String, outputDirectory: String, tenant: String = defaultTenant, datasetName: String? = nil
    ) async throws -> Summary {
        Console.progress("reading \(dir)")
        let dataset: Dataset
        do {
            dataset = try DatasetReader.read(directory: dir)
        } catch {
            for i in error.issues { Console.out(i.description) }
            Console.out("\(dir): \(error.errors.count) error(s); nothing was settled")
            throw ExitCode(1)
        }
        Console.progress("settling \(dataset.config.resource.id) \(dataset.config.period.start)…\(dataset.config.period.end)")
        let result: SettlementResult
        do {
            result = try SettlementEngine.settle(dataset)
        } catch {
            for i in error.issues { Console.out(i.description) }
            throw ExitCode(1)
        }
        let s = result.statement
        let json = StatementJSON.render(s)
        let csv = StatementCSV.render(s)
        let html = HTMLReport.render(result)
        try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        let base = "statement-\(s.resourceID)-\(s.period.start)"
        let jsonPath = (outputDirectory as NSString).appendingPathComponent(base + ".json")
        let csvPath = (outputDirectory as NSString).appendingPathComponent(base + ".csv")
        let reportPath = (outputDirectory as NSString).appendingPathComponent("report-\(s.resourceID)-\(s.period.start).html")
        try Data(json.utf8).write(to: URL(fileURLWithPath: jsonPath))
        try Data(csv.utf8).write(to: URL(fileURLWithPath: csvPath))
        try Data(html.utf8).write(to: URL(fileURLWithPath: reportPath))
        if let pjm = result.pjm {
            // the files the EDC submits to PJM (docs/dataset-format.md §7.7)
            let tag = "\(s.resourceID)-\(s.period.start)"
            let zone = dataset.config.zone
            try Data(PJMSubmissionCSV.meterCorrection(pjm, resourceID: s.resourceID, zone: zone).utf8)
                .write(to: URL(fileURLWithPath: (outputDirectory as NSString).appendingPathComponent("esr-meter-correction-\(tag).csv")))
            try Data(PJMSubmissionCSV.loadReconciliation(pjm, resourceID: s.resourceID, zone: zone).utf8)
                .write(to: URL(fileURLWithPath: (outputDirectory as NSString).appendingPathComponent("load-reconciliation-\(tag).csv")))
        }
        var files: [String: [UInt8]] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] {
            if let b = FileManager.default.contents(atPath: (dir as NSString).appendingPathComponent(name)), !name.hasPrefix(".") {
                files[name] = [UInt8](b)
            }
        }
        let store = try await Repositories.open(databasePath)
        FaultInjection.installIfRequested()
        let saved: SavedRun
        do {
            saved = try await store.save(NewRun(tenant: tenant, dataset: datasetName, statement: s, inputDigest: InputDigest.of(files: files), statementJSON: json, statementCSV: csv, reportHTML: html))
        } catch {
            await store.close()
            throw error
        }
        let runID = saved.id
        var text = SummaryText.render(s, runID: runID)
        if let previous = try await store.replacedRun(of: runID) {
            // a re-settlement of the same period (e.g. a provisional month with its data completed) replaces
            // the earlier run, which is kept; the difference is printed and written line by line
            let diff = try await store.compare(from: previous.id, to: runID).filter(\.changed)
            let diffPath = (outputDirectory as NSString).appendingPathComponent("statement-diff-\(s.resourceID)-\(s.period.start).csv")
            try Data(RunDifferenceText.csv(diff).utf8).write(to: URL(fileURLWithPath: diffPath))
            text += "\n" + RunDifferenceText.summary(diff, previous: previous, current: s.status.rawValue, path: diffPath)
        }
        await store.close()
        return Summary(runID: runID, text: text, reportPath: reportPath, jsonPath: jsonPath,
                       csvPath: csvPath, violationCount: s.violations.count)
    }
}

/// The terminal summary of a statement: totals, checks (violations loudly), answers.
enum SummaryText {
    static func render(_ s: GridSettleCore.Statement, runID: Int64) -> String {
        var out: [String] = []
        out.append("Run \(runID): \(s.siteName) / \(s.resourceID), \(s.period.start) to \(s.period.end) (\(s.timeZone)) — \(s.status.rawValue)")
        for r in s.statusReasons { out.append("  \(r)") }
        for section in StatementSection.allCases where s.lines.contains(where: { $0.section == section }) {
            out.append("  \(section.title.padded(52)) \(s.total(section).description.leftPadded(14)) $")
        }
        if s.violations.isEmpty {
            out.append("  checks: all \(s.checks.count) pass")
        } else {
            out.append("  !!! \(s.violations.count) CHECK VIOLATION(S) !!!")
            for c in s.violations {
                out.append("  VIOLATION \(c.id): \(c.detail) [\(c.intervalCount) interval(s)]")
            }
        }
        for a in s.answers { out.append("  \(a.id): \(a.answer)") }
        return out.joined(separator: "\n")
    }
}

extension String {
    func padded(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
