import ArgumentParser
import Foundation
import GridSettleCore
import GridSettleFormats
import GridSettleReports
import GridSettleStore
import GridSettleWorkflows
import Synchronization

struct Settle: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Settle portfolios (dataset format 2) or dataset directories into the store (SQLite file, or PostgreSQL with a postgres:// URL) and write statements.",
        discussion: """
            A portfolio settles every complete month of every resource in it unless --period names months. Units \
            are settled on every core; statements (JSON, CSV) are always written, HTML reports with --report.
            """)

    @Argument(help: "Portfolio or dataset directories.")
    var directories: [String]
    @Option(help: "SQLite database file, or a postgres://user:password@host:port/database URL.")
    var db: String = "gridsettle.sqlite"
    @Option(help: "Directory for statement JSON/CSV and HTML reports (default: <dataset>/output).")
    var out: String?
    @Option(help: "Months of a portfolio to settle: YYYY-MM or YYYY-MM..YYYY-MM (default: every complete month).")
    var period: String?
    @Flag(help: "Also write the HTML report of every run next to its statement (every stored run has one: `gridsettle report RUN`).")
    var report = false
    @Option(help: "Units settled at once (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    @Flag(help: "Exit with status 2 when any check reports a violation.")
    var failOnViolation = false
    @Option(help: "Tenant the runs belong to: `serve` on the same database shows them to this tenant's tokens (docs/api.md).")
    var tenant: String = SettlementOptions.defaultTenant
    @Option(help: "Dataset name recorded with the runs, so tokens limited to that dataset see them (default: none; then only tokens for every dataset of the tenant do).")
    var dataset: String?

    func validate() throws {
        if let p = StoredName.problem(tenant, option: "--tenant") ?? dataset.flatMap({ StoredName.problem($0, option: "--dataset") }) {
            throw ValidationError(p)
        }
        if let period, PeriodSelection(period) == nil { throw ValidationError("--period \(period): expected \(PeriodSelection.expected)") }
        if !(1...1024).contains(jobs) { throw ValidationError("--jobs \(jobs): expected 1 to 1024") }
    }

    func run() async throws {
        var violations = 0
        var failed: [String] = []
        let periods = period.flatMap(PeriodSelection.init) ?? .allComplete
        for (k, dir) in directories.enumerated() {
            if directories.count > 1 { Console.progress("[\(k + 1)/\(directories.count)] \(dir)") }
            let outputs = out.map { directories.count > 1 ? ($0 as NSString).appendingPathComponent((dir as NSString).lastPathComponent) : $0 }
                ?? (dir as NSString).appendingPathComponent("output")
            let options = SettlementOptions(tenant: tenant, datasetName: dataset, outputDirectory: outputs, report: report, parallelism: jobs)
            let r = try await Settlement.run(directory: dir, periods: periods, databasePath: db, options: options)
            violations += r.violationCount
            if r.failedUnits > 0 || r.settledCount == 0 { failed.append(dir) }
        }
        if !failed.isEmpty {
            Console.out("\(failed.count) of \(directories.count) director(ies) not settled in full: \(failed.joined(separator: ", "))")
            throw ExitCode(1)
        }
        if failOnViolation && violations > 0 { throw ExitCode(2) }
    }
}

/// The command line's side of the settle use case (``SourceSettlement``), shared by `settle` and `demo`:
/// read the directory, settle it into the store, print what happened.
enum Settlement {
    /// Counts, and the first unit settled (what `demo` opens): a portfolio's statements are in the store and
    /// the output directory, not held here, so a run of any size takes the same memory.
    struct Summary {
        var settledCount = 0
        var first: SourceSettlement.Settled?
        var failedUnits = 0
        var violationCount = 0
    }

    static func run(directory dir: String, periods: PeriodSelection, databasePath: String, options: SettlementOptions) async throws -> Summary {
        Console.progress("reading \(dir)")
        let clock = ContinuousClock()
        let t0 = clock.now
        let source: SettlementSource
        do {
            source = try SourceReader.read(directory: dir, periods: periods)
        } catch {
            for i in error.issues { Console.out(i.description) }
            Console.out("\(dir): \(error.errors.count) error(s); nothing was settled")
            return Summary(failedUnits: 1)
        }
        let n = source.unitCount
        if n == 0 {
            Console.out("\(dir): no unit to settle (\(periods)): the readings cover no whole month of any site")
            return Summary()
        }
        AllocatorTuning.releaseFreeMemory()
        let readSeconds = (clock.now - t0).inSeconds
        if source.bytesRead > 0 {
            Console.progress(String(format: "read %.1f MB in %.2f s (%.0f MB/s)", Double(source.bytesRead) / 1e6, readSeconds, Double(source.bytesRead) / 1e6 / max(readSeconds, 1e-9)))
        }
        Console.progress("settling \(n) unit(s) of \(dir) on \(options.parallelism) core(s)\(source.scratch.map { "; parsed meter data and awards in \($0)" } ?? "")")
        let store = try await Repositories.open(databasePath)
        FaultInjection.installIfRequested()
        let summary = Mutex(Settlement.Summary())
        do {
            try await SourceSettlement.settle(source, into: store, options: options) { outcome in
                switch outcome.result {
                case .failure(let e):
                    for i in e.issues { Console.out(i.description) }
                    Console.out("\(outcome.label): \(e.errors.count) error(s); not settled")
                    summary.withLock { $0.failedUnits += 1 }
                case .success(let u):
                    var text = n == 1 ? SummaryText.render(u.statement, runID: u.runID) : SummaryText.line(u.statement, runID: u.runID)
                    if let r = u.replaced {
                        text += "\n" + RunDifferenceText.summary(r.changed, previous: r.previous, current: u.statement.status.rawValue, path: r.path)
                    }
                    Console.out(text)
                    let settled = summary.withLock { s in
                        if s.first == nil { s.first = u }
                        s.settledCount += 1
                        s.violationCount += u.statement.violations.count
                        return s.settledCount
                    }
                    if settled % 256 == 0 { AllocatorTuning.releaseFreeMemory() }
                }
            }
        } catch {
            await store.close()
            throw error
        }
        await store.close()
        let s = summary.withLock { $0 }
        if n > 1 {
            let seconds = (clock.now - t0).inSeconds
            Console.out("\(dir): \(s.settledCount) of \(n) unit(s) settled, \(s.failedUnits) not, \(s.violationCount) check violation(s); statements in \(options.outputDirectory ?? "-") (\(String(format: "%.2f", seconds)) s)")
        }
        return s
    }
}

/// The terminal summary of a statement: totals, checks (violations loudly), answers.
enum SummaryText {
    /// One line per run, for a portfolio's many units; violations still in full.
    static func line(_ s: GridSettleCore.Statement, runID: Int64) -> String {
        var out = "Run \(runID): \(s.resourceID) \(s.period.start)…\(s.period.end) \(s.status.rawValue)"
        for c in s.violations { out += "\n  VIOLATION \(c.id): \(c.detail) [\(c.intervalCount) interval(s)]" }
        return out
    }

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
