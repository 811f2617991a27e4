import Foundation
import GRDB
import GridSettleCore

/// The SQLite work queue: the same plan / work / reduce on a laptop, for one worker process.
///
/// A unit is claimed, settled, written and marked in one `BEGIN IMMEDIATE` transaction, so the lease is the
/// database's write lock: a second `gridsettle work` on the same file waits its turn (busy timeout) instead of
/// running in parallel. Safe, not faster. Because the attempt is counted inside that transaction, a crash rolls
/// its count back too; the give-up-after-N-attempts protection is PostgreSQL's.
public final class SQLiteWorkQueue: WorkQueue, Sendable {
    let db: DatabaseQueue
    public var backend: String { "sqlite" }

    /// Opens (and migrates, as ``SettlementStore`` does) the database at `path`.
    public init(path: String, busyTimeoutSeconds: Double = 600) throws {
        var config = Configuration()
        config.busyMode = .timeout(busyTimeoutSeconds)
        db = path == ":memory:" ? try DatabaseQueue(configuration: config) : try DatabaseQueue(path: path, configuration: config)
        var m = DatabaseMigrator()
        for migration in Schema.migrations {
            m.registerMigration(migration.name) { db in
                for sql in migration.sqlite { try db.execute(sql: sql) }
            }
        }
        try m.migrate(db)
    }

    public func close() async {}

    static let now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

    public func plan(tenant: String, job name: String, units: [PlannedUnit]) async throws -> PlanOutcome {
        try planSync(tenant: tenant, name: name, units: units)
    }

    func planSync(tenant: String, name: String, units: [PlannedUnit]) throws -> PlanOutcome {
        try db.write { db in
            var created = false
            if let first = units.first {
                try db.execute(
                    sql: "INSERT INTO job (tenant_id, name, period_start, period_end) VALUES (?, ?, ?, ?) ON CONFLICT (tenant_id, name) DO NOTHING",
                    arguments: [tenant, name, first.periodStart, first.periodEnd])
                created = db.changesCount > 0
            }
            guard var job = try Self.job(db, tenant: tenant, name: name) else {
                throw StoreError("no job '\(name)' for tenant '\(tenant)', and no dataset to plan it with")
            }
            let (accepted, refused) = WorkPlanning.screen(units, periodStart: job.periodStart, periodEnd: job.periodEnd)
            var added = 0
            var existing = 0
            var elsewhere: [(key: String, planned: String, given: String)] = []
            for u in accepted {
                try db.execute(
                    sql: """
                        INSERT INTO work_unit (job_id, unit_key, resource_id, period_start, period_end, input_location) VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (job_id, unit_key) DO NOTHING
                        """, arguments: [job.id, u.key, u.resourceID, u.periodStart, u.periodEnd, u.inputLocation])
                if db.changesCount > 0 {
                    added += 1
                } else {
                    existing += 1
                    let planned = try String.fetchOne(
                        db, sql: "SELECT input_location FROM work_unit WHERE job_id = ? AND unit_key = ?", arguments: [job.id, u.key])
                    if let planned, planned != u.inputLocation { elsewhere.append((u.key, planned, u.inputLocation)) }
                }
            }
            if added > 0 && job.status != "open" {
                try db.execute(sql: "UPDATE job SET status = 'open' WHERE id = ?", arguments: [job.id])
                job.status = "open"
            }
            return PlanOutcome(job: job, created: created, added: added, alreadyPlanned: existing, plannedElsewhere: elsewhere, refused: refused)
        }
    }

    static func job(_ db: Database, tenant: String, name: String) throws -> WorkJob? {
        try Row.fetchOne(
            db, sql: "SELECT id, tenant_id, name, period_start, period_end, created_at, status FROM job WHERE tenant_id = ? AND name = ?",
            arguments: [tenant, name]
        ).map(Self.job)
    }

    static func job(_ r: Row) -> WorkJob {
        WorkJob(id: r["id"], tenant: r["tenant_id"], name: r["name"], periodStart: r["period_start"], periodEnd: r["period_end"], created: r["created_at"], status: r["status"])
    }

    public func job(tenant: String, name: String) async throws -> WorkJob? {
        try await db.read { db in try Self.job(db, tenant: tenant, name: name) }
    }

    public func retryFailed(jobID: Int64) async throws -> Int {
        try await db.write { db in
            try db.execute(sql: "UPDATE work_unit SET status = 'pending' WHERE job_id = ? AND status = 'failed'", arguments: [jobID])
            let n = db.changesCount
            if n > 0 { try db.execute(sql: "UPDATE job SET status = 'open' WHERE id = ?", arguments: [jobID]) }
            return n
        }
    }

    public func workNext(
        jobID: Int64, worker: String, options: WorkOptions, settle: @Sendable (ClaimedUnit) -> UnitOutcome
    ) async throws -> WorkStep {
        let worked = try workNextSync(jobID: jobID, worker: worker, options: options, settle: settle)
        return worked.isEmpty ? .finished : .worked(worked)
    }

    func workNextSync(jobID: Int64, worker: String, options: WorkOptions, settle: @Sendable (ClaimedUnit) -> UnitOutcome) throws -> [WorkedUnit] {
        var worked: [WorkedUnit] = []
        try db.inTransaction(.immediate) { db in
            // each unit of the batch is marked before the next is looked for, so the same query finds the next one
            while worked.count < options.batchSize, let w = try workOne(db, jobID: jobID, worker: worker, options: options, settle: settle) {
                worked.append(w)
            }
            for w in worked { WorkQueueHooks.beforeCommit?(w.unit) }
            return .commit
        }
        return worked
    }

    /// Claims, settles, writes and marks the first pending unit inside the open transaction; nil when none is pending.
    private func workOne(
        _ db: Database, jobID: Int64, worker: String, options: WorkOptions, settle: @Sendable (ClaimedUnit) -> UnitOutcome
    ) throws -> WorkedUnit? {
        guard
            let r = try Row.fetchOne(
                db, sql: """
                    SELECT id, unit_key, resource_id, period_start, period_end, input_location FROM work_unit
                    WHERE job_id = ? AND status = 'pending' ORDER BY id LIMIT 1
                    """, arguments: [jobID])
        else { return nil }
        let unitID: Int64 = r["id"]
        let startedAt = try String.fetchOne(db, sql: "SELECT \(Self.now)") ?? ""
        let attempt = (try Int.fetchOne(db, sql: "SELECT MAX(attempt) FROM work_attempt WHERE unit_id = ?", arguments: [unitID]) ?? 0) + 1
        try db.execute(
            sql: "INSERT INTO work_attempt (unit_id, attempt, job_id, worker) VALUES (?, ?, ?, ?)", arguments: [unitID, attempt, jobID, worker])
        let unit = ClaimedUnit(
            jobID: jobID, unitID: unitID, key: r["unit_key"], resourceID: r["resource_id"], periodStart: r["period_start"],
            periodEnd: r["period_end"], inputLocation: r["input_location"], attempt: attempt)
        let outcome: UnitOutcome = attempt > options.maxAttempts ? .failed(WorkPlanning.abandoned(attempt)) : settle(unit)
        switch outcome {
        case .settled(let result):
            if let run = result.run { _ = try SettlementStore.insert(run, into: db) }
            for l in result.lines {
                try db.execute(
                    sql: """
                        INSERT INTO unit_result (job_id, unit_id, seq, section, code, unit, quantity_micro, amount_micros, amount_cents)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [jobID, unitID, l.seq, l.section, l.code, l.unit, l.quantityMicro, l.amountMicros, l.amountCents])
            }
            for t in result.sectionTotals {
                try db.execute(
                    sql: "INSERT INTO unit_total (job_id, unit_id, section, amount_cents) VALUES (?, ?, ?, ?)",
                    arguments: [jobID, unitID, t.section, t.amountCents])
            }
            for x in result.series {
                try db.execute(
                    sql: """
                        INSERT INTO unit_series (job_id, unit_id, name, start_utc, interval_seconds, value_count, data)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [jobID, unitID, x.name, x.start, x.intervalSeconds, x.values.count, Data(x.encoded)])
            }
            try db.execute(
                sql: """
                    UPDATE work_unit SET status = 'done', attempts = ?, worker = ?, started_at = ?, finished_at = \(Self.now),
                      error = NULL, statement_status = ?, violation_count = ? WHERE id = ?
                    """, arguments: [attempt, worker, startedAt, result.statementStatus, result.violationCount, unitID])
            return WorkedUnit(unit: unit, status: "done", error: nil, lineCount: result.lines.count)
        case .failed(let text):
            let clipped = WorkPlanning.clip(text)
            try db.execute(
                sql: """
                    UPDATE work_unit SET status = 'failed', attempts = ?, worker = ?, started_at = ?, finished_at = \(Self.now),
                      error = ? WHERE id = ?
                    """, arguments: [attempt, worker, startedAt, clipped, unitID])
            return WorkedUnit(unit: unit, status: "failed", error: clipped, lineCount: 0)
        }
    }

    public func counts(jobID: Int64) async throws -> UnitCounts {
        try await db.read { db in try Self.counts(db, jobID: jobID) }
    }

    static func counts(_ db: Database, jobID: Int64) throws -> UnitCounts {
        var out = UnitCounts()
        for r in try Row.fetchAll(
            db, sql: """
                SELECT status, COUNT(*) AS n, SUM(attempts > 1) AS retried, SUM(COALESCE(violation_count, 0) > 0) AS violations
                FROM work_unit WHERE job_id = ? GROUP BY status
                """, arguments: [jobID])
        {
            let n: Int = r["n"]
            switch r["status"] as String {
            case "pending": out.pending = n
            case "done": out.done = n
            default: out.failed = n
            }
            out.retried += r["retried"] as Int? ?? 0
            out.withViolations += r["violations"] as Int? ?? 0
        }
        return out
    }

    @discardableResult
    public func finishIfComplete(jobID: Int64) async throws -> UnitCounts {
        try await db.write { db in
            try db.execute(
                sql: """
                    UPDATE job SET status = 'finished' WHERE id = ? AND status <> 'finished'
                      AND NOT EXISTS (SELECT 1 FROM work_unit WHERE job_id = ? AND status = 'pending')
                    """, arguments: [jobID, jobID])
            return try Self.counts(db, jobID: jobID)
        }
    }

    public func reduce(jobID: Int64) async throws -> JobReduction {
        let counts = try await finishIfComplete(jobID: jobID)
        return try await db.read { db in
            guard
                let job = try Row.fetchOne(
                    db, sql: "SELECT id, tenant_id, name, period_start, period_end, created_at, status FROM job WHERE id = ?", arguments: [jobID]
                ).map(Self.job)
            else { throw StoreError("no job with id \(jobID)") }
            let totals = try Row.fetchAll(
                db, sql: """
                    SELECT section, code, unit, COUNT(*) AS n, SUM(quantity_micro) AS q, SUM(amount_micros) AS micros, SUM(amount_cents) AS cents,
                      MIN(seq) AS first FROM unit_result WHERE job_id = ? GROUP BY section, code, unit
                    """, arguments: [jobID]
            ).map { r in
                CodeTotal(
                    section: r["section"], code: r["code"], unit: r["unit"], lineCount: r["n"], quantityMicro: r["q"], amountMicros: r["micros"],
                    amountCents: r["cents"], firstSeq: r["first"])
            }
            let unitTotals = try Row.fetchAll(
                db, sql: "SELECT section, SUM(amount_cents) AS cents, COUNT(*) AS n FROM unit_total WHERE job_id = ? GROUP BY section", arguments: [jobID]
            ).map { r -> (section: String, cents: Int64, units: Int) in (r["section"], r["cents"], r["n"]) }
            return JobReduction(job: job, counts: counts, totals: JobReduction.ordered(totals), sections: JobReduction.sectionChecks(totals, unitTotals: unitTotals))
        }
    }

    public func units(jobID: Int64) async throws -> [WorkUnitRow] {
        try await db.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM work_unit WHERE job_id = ? ORDER BY id", arguments: [jobID]).map { r in
                WorkUnitRow(
                    id: r["id"], key: r["unit_key"], resourceID: r["resource_id"], periodStart: r["period_start"], periodEnd: r["period_end"],
                    inputLocation: r["input_location"], status: r["status"], attempts: r["attempts"], worker: r["worker"], startedAt: r["started_at"],
                    finishedAt: r["finished_at"], error: r["error"], statementStatus: r["statement_status"], violationCount: r["violation_count"])
            }
        }
    }

    public func results(jobID: Int64) async throws -> [UnitResultRow] {
        try await db.read { db in
            try Row.fetchAll(
                db, sql: """
                    SELECT u.unit_key, r.seq, r.section, r.code, r.unit, r.quantity_micro, r.amount_micros, r.amount_cents
                    FROM unit_result r JOIN work_unit u ON u.id = r.unit_id WHERE r.job_id = ? ORDER BY u.unit_key, r.seq
                    """, arguments: [jobID]
            ).map { r in
                UnitResultRow(
                    unitKey: r["unit_key"],
                    line: UnitLine(
                        seq: r["seq"], section: r["section"], code: r["code"], unit: r["unit"], quantityMicro: r["quantity_micro"],
                        amountMicros: r["amount_micros"], amountCents: r["amount_cents"]))
            }
        }
    }

    public func series(jobID: Int64) async throws -> [UnitSeriesRow] {
        try await db.read { db in
            try Row.fetchAll(
                db, sql: """
                    SELECT u.unit_key, u.resource_id, s.name, s.start_utc, s.interval_seconds, s.value_count, s.data
                    FROM unit_series s JOIN work_unit u ON u.id = s.unit_id WHERE s.job_id = ? AND u.status = 'done' ORDER BY u.unit_key, s.name
                    """, arguments: [jobID]
            ).map { r in
                let key: String = r["unit_key"], name: String = r["name"], count: Int = r["value_count"]
                let data: Data = r["data"]
                guard let values = UnitSeries.decode([UInt8](data), count: count) else {
                    throw UnitSeriesCorrupt(unitKey: key, name: name, bytes: data.count, count: count)
                }
                return UnitSeriesRow(
                    unitKey: key, resourceID: r["resource_id"],
                    series: UnitSeries(name: name, start: r["start_utc"], intervalSeconds: r["interval_seconds"], values: values))
            }
        }
    }
}
