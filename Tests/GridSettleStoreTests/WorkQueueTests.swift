import Foundation
import GRDB
import GridSettleCore
import GridSettleFormats
@testable import GridSettleStore
import PostgresNIO
import Synchronization
import Testing

/// The work queue (`gridsettle plan` / `work` / `reduce`, docs/scaling.md) with real processes of the built
/// `gridsettle` binary against PostgreSQL: one worker and three concurrent workers give the same results, a worker
/// SIGKILLed inside a unit's transaction loses and duplicates nothing, and the money does not depend on the split.
///
/// The PostgreSQL tests run when `GRIDSETTLE_TEST_POSTGRES_URL` names a server; with `GRIDSETTLE_REQUIRE_POSTGRES=1`
/// (CI) they run and fail if it is missing. The migration test and the single-process SQLite test always run.
@Suite("Work queue: plan, work (N processes), reduce", .serialized)
struct WorkQueueTests {
    static let env = ProcessInfo.processInfo.environment
    static var postgresEnabled: Bool { env["GRIDSETTLE_TEST_POSTGRES_URL"] != nil || env["GRIDSETTLE_REQUIRE_POSTGRES"] == "1" }

    /// Resources in the test job; one of them (``broken``) has a truncated readings file.
    static let resourceCount = 20
    static let broken = "resource-0007"

    @Test("CI runs the PostgreSQL work-queue tests: with GRIDSETTLE_REQUIRE_POSTGRES=1 the server URL must be set")
    func postgresRequiredInCI() {
        if Self.env["GRIDSETTLE_REQUIRE_POSTGRES"] == "1" {
            #expect(Self.env["GRIDSETTLE_TEST_POSTGRES_URL"] != nil, "GRIDSETTLE_REQUIRE_POSTGRES=1 but GRIDSETTLE_TEST_POSTGRES_URL is not set")
        }
    }

    // MARK: (a) one worker and three workers

    @Test("one process and three concurrent processes give identical reduced and per-unit results", .enabled(if: postgresEnabled))
    func oneAndThreeWorkers() async throws {
        let reference = try await ReferenceRun.shared.snapshot()
        #expect(reference.counts.done == Self.resourceCount - 1 && reference.counts.failed == 1 && reference.counts.pending == 0)
        #expect(reference.reduction.balanced)
        #expect(reference.units.allSatisfy { $0.attempts == 1 && ($0.status == "done") == !$0.inputLocation.hasSuffix(Self.broken) })
        let failed = try #require(reference.units.first { $0.status == "failed" })
        #expect(failed.error?.contains("readings.csv") == true, "the failed unit carries the reader's error text")

        // the stored lines are the engine's: one unit settled in this process gives the same rows
        let fleet = try await TestFleet.shared.directory()
        let first = (fleet as NSString).appendingPathComponent("resource-0001")
        let direct = UnitResult(statement: try SettlementEngine.settle(try DatasetReader.read(directory: first)).statement)
        let key = try #require(reference.units.first { $0.inputLocation == first }?.key)
        #expect(reference.results.filter { $0.unitKey == key }.map(\.line) == direct.lines)

        try await WorkDatabase.with { db in
            try Cli.run(["plan", "--db", db.url, "--job", "j", fleet])
            // at most 7 of the 20 units each, so all three share the work however fast each process starts (without a
            // cap the first worker up could claim every unit before the others connect)
            let workers = try (1...3).map { try Cli.start(["work", "--db", db.url, "--job", "j", "--worker-id", "w\($0)", "--max-units", "7"]) }
            for w in workers { try await w.wait(seconds: 600) }
            for w in workers { #expect(w.status == 0, "worker failed: \(w.stderr)") }
            let three = try await db.snapshot()
            #expect(three.results == reference.results)
            #expect(three.reduction.totals == reference.reduction.totals)
            #expect(three.reduction.sections == reference.reduction.sections)
            #expect(three.counts == reference.counts)
            #expect(three.units.map(\.status) == reference.units.map(\.status))
            #expect(three.units.allSatisfy { $0.attempts == 1 })
            let byWorker = Dictionary(grouping: three.units, by: { $0.worker ?? "" }).mapValues(\.count)
            #expect(byWorker.count == 3 && byWorker.values.allSatisfy { $0 <= 7 }, "the work was shared: \(byWorker)")
            #expect(three.units.map(\.worker).allSatisfy { ["w1", "w2", "w3"].contains($0 ?? "") })
            // the CLI's reduce says the same, and exits 0 (balanced)
            let csvPath = db.scratch("three.csv")
            try Cli.run(["reduce", "--db", db.url, "--job", "j", "--csv", csvPath])
            #expect(try String(contentsOfFile: csvPath, encoding: .utf8) == reference.csv)
        }
    }

    // MARK: (b) a worker killed inside a unit's transaction

    @Test("a worker SIGKILLed after writing a unit's results, before COMMIT, loses and duplicates nothing", .enabled(if: postgresEnabled))
    func killedWorker() async throws {
        let reference = try await ReferenceRun.shared.snapshot()
        let fleet = try await TestFleet.shared.directory()
        try await WorkDatabase.with { db in
            try Cli.run(["plan", "--db", db.url, "--job", "j", fleet])
            let marker = db.scratch("held")
            let victim = try Cli.start(["work", "--db", db.url, "--job", "j", "--worker-id", "victim"], environment: ["GRIDSETTLE_FAULT_HOLD_BEFORE_UNIT_COMMIT": marker])
            var waited = 0
            while !FileManager.default.fileExists(atPath: marker) && victim.isRunning && waited < 3000 {
                try await Task.sleep(for: .milliseconds(100))
                waited += 1
            }
            let heldKey = try #require(try? String(contentsOfFile: marker, encoding: .utf8), "the victim never reached the open transaction")
                .trimmingCharacters(in: .whitespacesAndNewlines)
            // held: done and with results inside the victim's transaction, invisible outside it
            let during = try await db.snapshot()
            #expect(during.units.first { $0.key == heldKey }?.status == "pending")
            #expect(during.results.isEmpty)

            let survivor = try Cli.start(["work", "--db", db.url, "--job", "j", "--worker-id", "survivor", "--poll", "0.2"])
            // the survivor settles every other unit, then waits on the held one
            waited = 0
            let jobID = try #require(try await db.queue.job(tenant: "default", name: "j")).id
            while waited < 6000 {
                let c = try await db.queue.counts(jobID: jobID)
                if c.done + c.failed == Self.resourceCount - 1 { break }
                try await Task.sleep(for: .milliseconds(100))
                waited += 1
            }
            #expect(survivor.isRunning, "the survivor waits while a unit is held: \(survivor.stderr)")
            victim.kill()
            try await victim.wait(seconds: 60)
            #expect(victim.terminatedBySignal)
            try await survivor.wait(seconds: 600)
            #expect(survivor.status == 0, "survivor: \(survivor.stderr)")

            let after = try await db.snapshot()
            #expect(after.results == reference.results, "every unit's lines exactly once, equal to the single-process run")
            #expect(after.reduction.totals == reference.reduction.totals && after.reduction.sections == reference.reduction.sections)
            #expect(after.reduction.balanced)
            #expect(after.counts.done == reference.counts.done && after.counts.failed == reference.counts.failed && after.counts.pending == 0)
            #expect(after.counts.retried == 1)
            let held = try #require(after.units.first { $0.key == heldKey })
            #expect(held.status == "done" && held.attempts == 2 && held.worker == "survivor")
            #expect(after.units.filter { $0.key != heldKey }.allSatisfy { $0.attempts == 1 && $0.worker == "survivor" })
            let attempts = try await db.attemptWorkers(unitKey: heldKey)
            #expect(attempts == ["victim", "survivor"], "the dead attempt is on record")
            #expect(after.job.status == "finished")
        }
    }

    // MARK: (c) the split does not change the money

    @Test("money totals do not depend on how the units are split between workers (--max-units)", .enabled(if: postgresEnabled))
    func splitDoesNotMatter() async throws {
        let reference = try await ReferenceRun.shared.snapshot()
        let fleet = try await TestFleet.shared.directory()
        try await WorkDatabase.with { db in
            try Cli.run(["plan", "--db", db.url, "--job", "j", fleet])
            try Cli.run(["work", "--db", db.url, "--job", "j", "--worker-id", "a", "--max-units", "3"])
            try Cli.run(["work", "--db", db.url, "--job", "j", "--worker-id", "b", "--max-units", "7"])
            // part-way: the reduction covers the 10 finished units, balances, and counts the rest as pending
            let partial = try await db.snapshot()
            #expect(partial.counts.pending == Self.resourceCount - 10 && partial.job.status == "open")
            #expect(partial.reduction.balanced)
            let finishedKeys = Set(partial.units.filter { $0.status == "done" }.map(\.key))
            #expect(partial.results == reference.results.filter { finishedKeys.contains($0.unitKey) })
            // two at once for the rest, one of them capped
            let c = try Cli.start(["work", "--db", db.url, "--job", "j", "--worker-id", "c", "--max-units", "1"])
            let d = try Cli.start(["work", "--db", db.url, "--job", "j", "--worker-id", "d"])
            try await c.wait(seconds: 600)
            try await d.wait(seconds: 600)
            #expect(c.status == 0 && d.status == 0)
            let split = try await db.snapshot()
            let perWorker = Dictionary(grouping: split.units, by: { $0.worker ?? "" }).mapValues(\.count)
            #expect(perWorker["a"] == 3 && perWorker["b"] == 7 && perWorker["c"] == 1 && perWorker["d"] == Self.resourceCount - 11)
            #expect(split.reduction.totals == reference.reduction.totals)
            #expect(split.reduction.sections == reference.reduction.sections)
            #expect(split.results == reference.results)
            // and the money is the integer sum of the units' rounded amounts, in any grouping
            let byUnit = Dictionary(grouping: split.results, by: \.unitKey).mapValues { $0.reduce(Int64(0)) { $0 + $1.line.amountCents } }
            let byWorkerSum = Dictionary(grouping: split.units, by: { $0.worker ?? "" }).values
                .map { us in us.reduce(Int64(0)) { $0 + (byUnit[$1.key] ?? 0) } }.reduce(0, +)
            #expect(byWorkerSum == split.reduction.totals.reduce(0) { $0 + $1.amountCents })
        }
    }

    // MARK: planning

    @Test("planning twice adds nothing; other periods and duplicate resources are refused", .enabled(if: postgresEnabled))
    func planIsIdempotent() async throws {
        let fleet = try await TestFleet.shared.directory()
        try await WorkDatabase.with { db in
            let one = (fleet as NSString).appendingPathComponent("resource-0001")
            let first = try await db.queue.plan(tenant: "t", job: "p", units: try [one, fleet].flatMap(Self.units))
            #expect(first.created && first.added == Self.resourceCount && first.refused.count == 1)  // resource-0001 twice
            let again = try await db.queue.plan(tenant: "t", job: "p", units: try Self.units(fleet))
            #expect(!again.created && again.added == 0 && again.alreadyPlanned == Self.resourceCount)
            var other = try Self.units(one)[0]
            other.periodStart = "2016-12-01"
            other.periodEnd = "2017-01-01"
            let refused = try await db.queue.plan(tenant: "t", job: "p", units: [other])
            #expect(refused.added == 0 && refused.refused.count == 1)
            var moved = try Self.units(one)[0]
            moved.inputLocation = "/elsewhere"
            let elsewhere = try await db.queue.plan(tenant: "t", job: "p", units: [moved])
            #expect(elsewhere.added == 0 && elsewhere.plannedElsewhere.map(\.planned) == [one])
            let counts = try await db.queue.counts(jobID: first.job.id)
            #expect(counts.pending == Self.resourceCount && counts.total == Self.resourceCount)
            // the same name in another tenant is another job
            let otherTenant = try await db.queue.plan(tenant: "u", job: "p", units: try Self.units(one))
            #expect(otherTenant.created && otherTenant.job.id != first.job.id)
        }
    }

    // MARK: a unit that kills every worker

    @Test("a unit whose earlier attempts all died with their workers is given up (failed), not claimed forever", .enabled(if: postgresEnabled))
    func poisonUnitPostgres() async throws {
        try await WorkDatabase.with { db in
            let plan = try await db.queue.plan(tenant: "default", job: "j", units: [Self.sampleUnit])
            // three claims that never finished: their workers died, only their work_attempt rows remain
            for a in 1...3 {
                try await db.queue.client.query(
                    "INSERT INTO work_attempt (unit_id, attempt, job_id, worker) SELECT id, \(Int64(a)), job_id, 'dead' FROM work_unit")
            }
            try await Self.expectGivenUp(db.queue, jobID: plan.job.id)
        }
    }

    @Test("SQLite: a unit past --max-attempts is given up the same way")
    func poisonUnitSQLite() async throws {
        let path = NSTemporaryDirectory() + "gridsettle-poison-\(UInt64.random(in: 0...UInt64.max)).sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let queue = try SQLiteWorkQueue(path: path)
        let plan = try await queue.plan(tenant: "default", job: "j", units: [Self.sampleUnit])
        try await DatabaseQueue(path: path).write { db in
            for a in 1...3 {
                try db.execute(sql: "INSERT INTO work_attempt (unit_id, attempt, job_id, worker) SELECT id, ?, job_id, 'dead' FROM work_unit", arguments: [a])
            }
        }
        try await Self.expectGivenUp(queue, jobID: plan.job.id)
    }

    // MARK: batches

    @Test("SQLite: a batch claims, settles and commits several units in one step, each with its attempt, in plan order")
    func batchSQLite() async throws {
        let path = NSTemporaryDirectory() + "gridsettle-batch-\(UInt64.random(in: 0...UInt64.max)).sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await Self.expectBatches(try SQLiteWorkQueue(path: path))
    }

    @Test("PostgreSQL: the same batches, their attempts recorded in one statement", .enabled(if: postgresEnabled))
    func batchPostgres() async throws {
        try await WorkDatabase.with { db in try await Self.expectBatches(db.queue) }
    }

    /// Five units worked three, then two at a time: every unit done or failed exactly once, attempt 1, its
    /// results stored; then nothing is left.
    static func expectBatches(_ queue: any WorkQueue) async throws {
        let units = (1...5).map { PlannedUnit(resourceID: "R\($0)", periodStart: "2016-11-01", periodEnd: "2016-12-01", inputLocation: "/data/R\($0)") }
        let plan = try await queue.plan(tenant: "default", job: "b", units: units)
        let settled = Mutex<[String]>([])
        let settle: @Sendable (ClaimedUnit) -> UnitOutcome = { u in
            settled.withLock { $0.append(u.resourceID) }
            if u.resourceID == "R2" { return .failed("R2 has no data") }
            let line = UnitLine(seq: 0, section: "s", code: "C", unit: "kWh", quantityMicro: 1_000_000, amountMicros: 0, amountCents: 0)
            return .settled(UnitResult(lines: [line], sectionTotals: [UnitSectionTotal(section: "s", amountCents: 0)], statementStatus: "FINAL", violationCount: 0))
        }
        var sizes: [Int] = []
        while case .worked(let batch) = try await queue.workNext(jobID: plan.job.id, worker: "w", options: WorkOptions(batchSize: 3), settle: settle) {
            sizes.append(batch.count)
            #expect(batch.allSatisfy { $0.unit.attempt == 1 })
        }
        #expect(sizes == [3, 2])
        #expect(settled.withLock { $0 } == ["R1", "R2", "R3", "R4", "R5"])
        let stored = try await queue.units(jobID: plan.job.id)
        #expect(stored.map(\.status) == ["done", "failed", "done", "done", "done"] && stored.allSatisfy { $0.attempts == 1 })
        #expect(try await queue.results(jobID: plan.job.id).count == 4)
    }

    static func expectGivenUp(_ queue: any WorkQueue, jobID: Int64) async throws {
        let step = try await queue.workNext(jobID: jobID, worker: "w", options: WorkOptions(maxAttempts: 3)) { _ in
            Issue.record("a unit given up is not settled again")
            return .failed("settled")
        }
        guard case .worked(let batch) = step, batch.count == 1, let w = batch.first else {
            Issue.record("expected the unit to be worked, got \(step)")
            return
        }
        #expect(w.status == "failed" && w.unit.attempt == 4 && w.error?.contains("gave up at attempt 4") == true)
        let units = try await queue.units(jobID: jobID)
        #expect(units.map(\.status) == ["failed"] && units.map(\.attempts) == [4])
        let next = try await queue.workNext(jobID: jobID, worker: "w", options: WorkOptions()) { _ in .failed("none left") }
        guard case .finished = next else {
            Issue.record("nothing is left to claim, got \(next)")
            return
        }
    }

    static func units(_ path: String) throws -> [PlannedUnit] {
        let dirs = FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("site.json"))
            ? [path] : try FileManager.default.contentsOfDirectory(atPath: path).sorted().map { (path as NSString).appendingPathComponent($0) }
        return try dirs.map { dir in
            let site = try JSONDecoder().decode(SiteConfig.self, from: try Data(contentsOf: URL(fileURLWithPath: dir + "/site.json")))
            return PlannedUnit(resourceID: site.resource.id, periodStart: site.period.start.description, periodEnd: site.period.end.description, inputLocation: dir)
        }
    }

    // MARK: SQLite and migrations (always run)

    @Test("SQLite: one worker process plans, works and reduces a small job; a second worker finds nothing left")
    func sqliteSingleProcess() async throws {
        let fleet = try await TestFleet.shared.directory()
        let dir = NSTemporaryDirectory() + "gridsettle-wq-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/q.sqlite"
        let picked = ["resource-0001", "resource-0002", Self.broken].map { (fleet as NSString).appendingPathComponent($0) }
        try Cli.run(["plan", "--db", path, "--job", "s"] + picked)
        try Cli.run(["plan", "--db", path, "--job", "s"] + picked)
        let out = try Cli.run(["work", "--db", path, "--job", "s", "--worker-id", "laptop"])
        #expect(out.contains("3 unit(s)") && out.contains("2 done, 1 failed"))
        let again = try Cli.run(["work", "--db", path, "--job", "s"])
        #expect(again.contains("0 unit(s)"))
        let queue = try SQLiteWorkQueue(path: path)
        let job = try #require(try await queue.job(tenant: "default", name: "s"))
        let r = try await queue.reduce(jobID: job.id)
        #expect(r.counts.done == 2 && r.counts.failed == 1 && r.counts.pending == 0 && r.balanced && r.job.status == "finished")
        let units = try await queue.units(jobID: job.id)
        #expect(units.map(\.worker) == ["laptop", "laptop", "laptop"])
        // results are immutable once written
        let sq = try DatabaseQueue(path: path)
        #expect(throws: (any Error).self) { try sq.write { try $0.execute(sql: "DELETE FROM unit_result") } }
        // a fixed dataset is retried
        let retried = try await queue.retryFailed(jobID: job.id)
        #expect(retried == 1)
        let reopened = try await queue.counts(jobID: job.id)
        #expect(reopened.pending == 1)
    }

    @Test("a v3 database (SQLite) is upgraded in place to the current schema: runs kept, the queue usable")
    func migrateSQLiteV3() async throws {
        let path = NSTemporaryDirectory() + "gridsettle-v3-\(UInt64.random(in: 0...UInt64.max)).sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let db = try TestRepositories.sqliteDatabase(at: 3, path: path)
            try await db.write { try $0.execute(sql: Self.v3Run) }
        }
        let store = try SettlementStore(path: path)
        let version = try await store.schemaVersion()
        let runs = try await store.runs(tenant: "default")
        #expect(version == Schema.currentVersion && version == 10 && runs.count == 1 && runs[0].sourceDirectory == nil)
        // the old run stays readable: without the chart figures (v8) and the stored statement (v9) later runs have, and
        // with the documents it was stored with
        #expect(try await store.figures(runID: runs[0].id) == nil)
        #expect(try await store.statement(runID: runs[0].id) == nil)
        #expect(try await store.documents(runID: runs[0].id)?.json == "{}")
        let queue = try SQLiteWorkQueue(path: path)
        let plan = try await queue.plan(tenant: "default", job: "after-upgrade", units: [Self.sampleUnit])
        #expect(plan.added == 1)
    }

    @Test("a v3 database (PostgreSQL) is upgraded in place to the current schema: runs kept, the queue usable", .enabled(if: postgresEnabled))
    func migratePostgresV3() async throws {
        let admin = try #require(Self.env["GRIDSETTLE_TEST_POSTGRES_URL"], "GRIDSETTLE_TEST_POSTGRES_URL is not set")
        let name = "gridsettle_v3_\(UInt32.random(in: 0...UInt32.max))"
        try await PostgresAdmin.query(admin, "CREATE DATABASE \(name)")
        let url = PostgresAdmin.url(admin, database: name)
        do {
            // what a v3 binary left behind: v1–v3 applied and recorded, one run stored
            var statements = ["CREATE TABLE schema_migration (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"]
            for m in Schema.migrations where m.version <= 3 {
                statements += m.postgres
                statements.append("INSERT INTO schema_migration (version, name) VALUES (\(m.version), '\(m.name)')")
            }
            statements.append(Self.v3Run)
            let raw = try PostgresRepository(configuration: PostgresURL.configuration(url), logger: PostgresRepository.quietLogger)  // no migration
            for await _ in raw.started {}
            do {
                for sql in statements { try await raw.client.query(PostgresQuery(unsafeSQL: sql)) }
            } catch {
                await raw.close()
                throw error
            }
            await raw.close()
            let repo = try await PostgresRepository.open(url: url)
            let version = try await repo.schemaVersion()
            let runs = try await repo.runs(tenant: "default")
            #expect(version == Schema.currentVersion && version == 10 && runs.count == 1 && runs[0].sourceDirectory == nil)
            #expect(try await repo.figures(runID: runs[0].id) == nil)
            #expect(try await repo.statement(runID: runs[0].id) == nil)
            #expect(try await repo.documents(runID: runs[0].id)?.json == "{}")
            let plan = try await repo.plan(tenant: "default", job: "after-upgrade", units: [Self.sampleUnit])
            #expect(plan.added == 1)
            await repo.close()
        } catch {
            try? await PostgresAdmin.query(admin, "DROP DATABASE \(name) WITH (FORCE)")
            throw error
        }
        try await PostgresAdmin.query(admin, "DROP DATABASE \(name) WITH (FORCE)")
    }

    static let v3Run = """
        INSERT INTO run (site_id, resource_id, market, period_start, period_end, status, violation_count, input_digest, policies,
          statement_json, statement_csv, report_html, tenant_id, version, dataset_id)
        VALUES ('S', 'R', 'CAISO', '2016-11-01', '2016-12-01', 'FINAL', 0, 'd', '', '{}', '', '', 'default', 1, NULL)
        """

    static let sampleUnit = PlannedUnit(resourceID: "R", periodStart: "2016-11-01", periodEnd: "2016-12-01", inputLocation: "/data/R")
}

// MARK: - fixtures

/// What a finished job looks like from the database: every unit, every result line, the reduction, its CSV.
struct JobSnapshot: Sendable {
    var job: WorkJob
    var units: [WorkUnitRow]
    var results: [UnitResultRow]
    var reduction: JobReduction
    var counts: UnitCounts
    var csv: String
}

/// The generated datasets, once per test process: `gridsettle generate --resources 20`, then one readings file cut
/// short so that unit fails.
actor TestFleet {
    static let shared = TestFleet()
    private var task: Task<String, any Error>?

    func directory() async throws -> String {
        if task == nil {
            task = Task {
                let dir = NSTemporaryDirectory() + "gridsettle-fleet-\(UInt64.random(in: 0...UInt64.max))"
                try Cli.run(["generate", "--resources", String(WorkQueueTests.resourceCount), "--out", dir])
                let readings = dir + "/\(WorkQueueTests.broken)/readings.csv"
                let bytes = try Data(contentsOf: URL(fileURLWithPath: readings))
                try bytes.prefix(2000).write(to: URL(fileURLWithPath: readings))
                return dir
            }
        }
        return try await task!.value
    }
}

/// The single-process run every other run is compared with, once per test process.
actor ReferenceRun {
    static let shared = ReferenceRun()
    private var task: Task<JobSnapshot, any Error>?

    func snapshot() async throws -> JobSnapshot {
        if task == nil {
            task = Task {
                let fleet = try await TestFleet.shared.directory()
                var snapshot: JobSnapshot?
                try await WorkDatabase.with { db in
                    try Cli.run(["plan", "--db", db.url, "--job", "j", fleet])
                    let out = try Cli.run(["work", "--db", db.url, "--job", "j", "--worker-id", "solo"])
                    guard out.contains("\(WorkQueueTests.resourceCount) unit(s)") else { throw CliError(description: "the single worker did not work every unit: \(out)") }
                    snapshot = try await db.snapshot()
                }
                return snapshot!
            }
        }
        return try await task!.value
    }
}

/// A PostgreSQL database of its own for one test (created, dropped after), with the queue open on it.
struct WorkDatabase {
    var url: String
    var queue: PostgresRepository
    var directory: String

    static func with(_ body: (WorkDatabase) async throws -> Void) async throws {
        let admin = try #require(ProcessInfo.processInfo.environment["GRIDSETTLE_TEST_POSTGRES_URL"], "GRIDSETTLE_TEST_POSTGRES_URL is not set")
        let name = "gridsettle_wq_\(UInt32.random(in: 0...UInt32.max))"
        try await PostgresAdmin.query(admin, "CREATE DATABASE \(name)")
        let url = PostgresAdmin.url(admin, database: name)
        let directory = NSTemporaryDirectory() + name
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var queue: PostgresRepository?
        do {
            queue = try await PostgresRepository.open(url: url)
            try await body(WorkDatabase(url: url, queue: queue!, directory: directory))
        } catch {
            await queue?.close()
            try? await PostgresAdmin.query(admin, "DROP DATABASE \(name) WITH (FORCE)")
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
        await queue?.close()
        try await PostgresAdmin.query(admin, "DROP DATABASE \(name) WITH (FORCE)")
        try? FileManager.default.removeItem(atPath: directory)
    }

    func scratch(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

    func snapshot(job name: String = "j") async throws -> JobSnapshot {
        let job = try #require(try await queue.job(tenant: "default", name: name))
        let reduction = try await queue.reduce(jobID: job.id)
        let csvPath = scratch("reduce-\(UInt32.random(in: 0...UInt32.max)).csv")
        try Cli.run(["reduce", "--db", url, "--job", name, "--csv", csvPath])
        return JobSnapshot(
            job: reduction.job, units: try await queue.units(jobID: job.id), results: try await queue.results(jobID: job.id), reduction: reduction,
            counts: reduction.counts, csv: try String(contentsOfFile: csvPath, encoding: .utf8))
    }

    /// The workers that claimed a unit, in attempt order (`work_attempt`).
    func attemptWorkers(unitKey: String) async throws -> [String] {
        var out: [String] = []
        for try await w in try await queue.client.query(
            "SELECT a.worker FROM work_attempt a JOIN work_unit u ON u.id = a.unit_id WHERE u.unit_key = \(unitKey) ORDER BY a.attempt"
        ).decode(String.self) {
            out.append(w)
        }
        return out
    }
}

/// Runs the built `gridsettle` binary: the one beside this test bundle (any `--scratch-path`), else `.build/debug`.
enum Cli {
    static var binary: String {
        if let b = ProcessInfo.processInfo.environment["GRIDSETTLE_BINARY"] { return b }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("gridsettle").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent(".build/debug/gridsettle").path
    }

    /// Runs to the end; throws unless the exit status is 0; returns standard output.
    @discardableResult
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let p = try start(arguments, environment: environment)
        p.process.waitUntilExit()
        guard p.status == 0 else {
            throw CliError(description: "gridsettle \(arguments.joined(separator: " ")) exited \(p.status): \(p.stderr)")
        }
        return p.stdout
    }

    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> RunningCli {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw CliError(description: "build the gridsettle executable first (swift build --build-tests): \(binary)")
        }
        let dir = NSTemporaryDirectory() + "gridsettle-cli-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let out = dir + "/stdout", err = dir + "/stderr"
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GRIDSETTLE_FAULT_") }
        env.merge(environment) { $1 }
        p.environment = env
        p.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        try p.run()
        return RunningCli(process: p, directory: dir)
    }
}

struct CliError: Error, CustomStringConvertible {
    var description: String
}

/// A started `gridsettle` process whose output goes to files (no pipe to fill up).
final class RunningCli: @unchecked Sendable {
    let process: Process
    let directory: String

    init(process: Process, directory: String) {
        self.process = process
        self.directory = directory
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    var isRunning: Bool { process.isRunning }
    var status: Int32 { process.terminationStatus }
    var terminatedBySignal: Bool { process.terminationReason == .uncaughtSignal }
    var stdout: String { (try? String(contentsOfFile: directory + "/stdout", encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: directory + "/stderr", encoding: .utf8)) ?? "" }

    func kill() { _ = Foundation.kill(process.processIdentifier, SIGKILL) }

    /// Waits for the process to end without blocking a thread of the test pool.
    func wait(seconds: Int) async throws {
        var waited = 0
        while process.isRunning {
            if waited >= seconds * 10 {
                kill()
                throw CliError(description: "gridsettle did not finish in \(seconds) s: \(stderr)")
            }
            try await Task.sleep(for: .milliseconds(100))
            waited += 1
        }
        process.waitUntilExit()
    }
}
