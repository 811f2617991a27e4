import Foundation
import GridSettleCore
import Logging
import PostgresNIO

/// The PostgreSQL work queue: many worker processes on any number of hosts share one job.
///
/// A unit's whole life is one transaction on one connection:
///
/// ```
/// BEGIN
///   SET LOCAL idle_in_transaction_session_timeout = '<unit timeout>s'
///   SELECT … FROM work_unit WHERE job_id = $1 AND status = 'pending' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED
///   (another connection, committed at once: INSERT INTO work_attempt …  → the attempt number)
///   read + settle the dataset in this process
///   INSERT INTO unit_result … FROM unnest(…);  INSERT INTO unit_total …
///   UPDATE work_unit SET status = 'done' | 'failed', …
/// COMMIT
/// ```
///
/// The row lock is the lease: other workers skip the row, and if this worker dies its connection drops, the server
/// rolls back and the unit is pending again with no result written. A worker that hangs without dying is ended by
/// the server after the unit timeout. Results are keyed (job, unit, line), so a unit can only ever be written once.
extension PostgresRepository: WorkQueue {
    static let timestampText = "YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\""

    public func plan(tenant: String, job name: String, units: [PlannedUnit]) async throws -> PlanOutcome {
        let logger = self.logger
        return try await client.withTransaction(logger: logger) { c in
            var created = false
            if let first = units.first {
                for try await _ in try await c.query(
                    """
                    INSERT INTO job (tenant_id, name, period_start, period_end) VALUES (\(tenant), \(name), \(first.periodStart), \(first.periodEnd))
                    ON CONFLICT (tenant_id, name) DO NOTHING RETURNING id
                    """, logger: logger
                ).decode(Int64.self) { created = true }
            }
            guard var job = try await Self.job(on: c, tenant: tenant, name: name, logger: logger) else {
                throw StoreError("no job '\(name)' for tenant '\(tenant)', and no dataset to plan it with")
            }
            let (accepted, refused) = WorkPlanning.screen(units, periodStart: job.periodStart, periodEnd: job.periodEnd)
            var added = Set<String>()
            var start = 0
            while start < accepted.count {
                let batch = accepted[start..<min(start + 5000, accepted.count)]
                start += batch.count
                for try await key in try await c.query(
                    """
                    INSERT INTO work_unit (job_id, unit_key, resource_id, period_start, period_end, input_location)
                    SELECT \(job.id), * FROM unnest(\(batch.map(\.key))::text[], \(batch.map(\.resourceID))::text[],
                      \(batch.map(\.periodStart))::text[], \(batch.map(\.periodEnd))::text[], \(batch.map(\.inputLocation))::text[])
                    ON CONFLICT (job_id, unit_key) DO NOTHING RETURNING unit_key
                    """, logger: logger
                ).decode(String.self) { added.insert(key) }
            }
            let existing = accepted.filter { !added.contains($0.key) }
            var elsewhere: [(key: String, planned: String, given: String)] = []
            if !existing.isEmpty {
                let given = Dictionary(uniqueKeysWithValues: existing.map { ($0.key, $0.inputLocation) })
                for try await (key, location) in try await c.query(
                    "SELECT unit_key, input_location FROM work_unit WHERE job_id = \(job.id) AND unit_key = ANY(\(existing.map(\.key))::text[])",
                    logger: logger
                ).decode((String, String).self) where given[key] != location {
                    elsewhere.append((key, location, given[key] ?? ""))
                }
                elsewhere.sort { $0.key < $1.key }
            }
            if !added.isEmpty && job.status != "open" {
                try await c.query("UPDATE job SET status = 'open' WHERE id = \(job.id)", logger: logger)
                job.status = "open"
            }
            return PlanOutcome(
                job: job, created: created, added: added.count, alreadyPlanned: existing.count, plannedElsewhere: elsewhere, refused: refused)
        }
    }

    static func job(on c: PostgresConnection, tenant: String, name: String, logger: Logger) async throws -> WorkJob? {
        var out: WorkJob?
        for try await (id, t, n, ps, pe, created, status) in try await c.query(
            """
            SELECT id, tenant_id, name, period_start, period_end, to_char(created_at AT TIME ZONE 'UTC', \(timestampText)), status
            FROM job WHERE tenant_id = \(tenant) AND name = \(name)
            """, logger: logger
        ).decode((Int64, String, String, String, String, String, String).self) {
            out = WorkJob(id: id, tenant: t, name: n, periodStart: ps, periodEnd: pe, created: created, status: status)
        }
        return out
    }

    public func job(tenant: String, name: String) async throws -> WorkJob? {
        let logger = self.logger
        return try await client.withConnection { c in try await Self.job(on: c, tenant: tenant, name: name, logger: logger) }
    }

    func job(id: Int64) async throws -> WorkJob {
        var names: (String, String)?
        for try await (t, n) in try await client.query("SELECT tenant_id, name FROM job WHERE id = \(id)", logger: logger).decode((String, String).self) {
            names = (t, n)
        }
        guard let (t, n) = names, let job = try await job(tenant: t, name: n) else { throw StoreError("no job with id \(id)") }
        return job
    }

    public func retryFailed(jobID: Int64) async throws -> Int {
        let logger = self.logger
        return try await client.withTransaction(logger: logger) { c in
            var n = 0
            for try await _ in try await c.query(
                "UPDATE work_unit SET status = 'pending' WHERE job_id = \(jobID) AND status = 'failed' RETURNING id", logger: logger
            ).decode(Int64.self) { n += 1 }
            if n > 0 { try await c.query("UPDATE job SET status = 'open' WHERE id = \(jobID)", logger: logger) }
            return n
        }
    }

    public func workNext(
        jobID: Int64, worker: String, options: WorkOptions, settle: @Sendable (ClaimedUnit) -> UnitOutcome
    ) async throws -> WorkStep {
        let logger = self.logger
        let worked: [WorkedUnit] = try await client.withTransaction(logger: logger) { c in
            try await c.query(PostgresQuery(unsafeSQL: "SET LOCAL idle_in_transaction_session_timeout = '\(max(1, options.unitTimeoutSeconds))s'"), logger: logger)
            var claimed: [ClaimedUnit] = []
            for try await (id, key, resource, ps, pe, location) in try await c.query(
                """
                SELECT id, unit_key, resource_id, period_start, period_end, input_location FROM work_unit
                WHERE job_id = \(jobID) AND status = 'pending' ORDER BY id LIMIT \(Int64(options.batchSize)) FOR UPDATE SKIP LOCKED
                """, logger: logger
            ).decode((Int64, String, String, String, String, String).self) {
                claimed.append(ClaimedUnit(
                    jobID: jobID, unitID: id, key: key, resourceID: resource, periodStart: ps, periodEnd: pe, inputLocation: location, attempt: 0))
            }
            guard !claimed.isEmpty else { return [] }
            // the attempts are committed on another connection now, so they count even if this transaction never commits
            let attempts = try await self.recordAttempts(claimed, worker: worker)
            var out: [WorkedUnit] = []
            var settled: [(unit: ClaimedUnit, result: UnitResult)] = []
            var failed: [(unit: ClaimedUnit, error: String)] = []
            for var unit in claimed {
                unit.attempt = attempts[unit.unitID] ?? 1
                switch unit.attempt > options.maxAttempts ? .failed(WorkPlanning.abandoned(unit.attempt)) : settle(unit) {
                case .settled(let r):
                    // a unit's run is its own rows (the statement, its lines and checks)
                    if let run = r.run { _ = try await PostgresRepository.insert(run, on: c, logger: logger) }
                    settled.append((unit, r))
                    out.append(WorkedUnit(unit: unit, status: "done", error: nil, lineCount: r.lines.count))
                case .failed(let text):
                    let clipped = WorkPlanning.clip(text)
                    failed.append((unit, clipped))
                    out.append(WorkedUnit(unit: unit, status: "failed", error: clipped, lineCount: 0))
                }
            }
            try await self.write(settled: settled, failed: failed, jobID: jobID, worker: worker, on: c)
            for w in out { WorkQueueHooks.beforeCommit?(w.unit) }
            return out
        }
        if !worked.isEmpty { return .worked(worked) }
        // nothing to claim: are units still held by others? (the partial index answers without touching done units)
        var pending: Int64 = 0
        for try await n in try await client.query(
            "SELECT COUNT(*) FROM work_unit WHERE job_id = \(jobID) AND status = 'pending'", logger: logger
        ).decode(Int64.self) { pending = n }
        return pending == 0 ? .finished : .waiting(held: Int(pending))
    }

    /// Writes a batch's results and marks its units, one statement per table for the whole batch (not per unit):
    /// the lines, the section totals, the interval series (their bytes as hex text, decoded by the server) and the
    /// units' status, on the batch's open transaction.
    private func write(
        settled: [(unit: ClaimedUnit, result: UnitResult)], failed: [(unit: ClaimedUnit, error: String)], jobID: Int64, worker: String,
        on c: PostgresConnection
    ) async throws {
        let logger = self.logger
        let lines = settled.flatMap { s in s.result.lines.map { (s.unit.unitID, $0) } }
        if !lines.isEmpty {
            try await c.query(
                """
                INSERT INTO unit_result (job_id, unit_id, seq, section, code, unit, quantity_micro, amount_micros, amount_cents)
                SELECT \(jobID), * FROM unnest(\(lines.map(\.0))::bigint[], \(lines.map { Int64($0.1.seq) })::bigint[], \(lines.map(\.1.section))::text[],
                  \(lines.map(\.1.code))::text[], \(lines.map(\.1.unit))::text[], \(lines.map(\.1.quantityMicro))::bigint[],
                  \(lines.map(\.1.amountMicros))::bigint[], \(lines.map(\.1.amountCents))::bigint[])
                """, logger: logger)
        }
        let totals = settled.flatMap { s in s.result.sectionTotals.map { (s.unit.unitID, $0) } }
        if !totals.isEmpty {
            try await c.query(
                """
                INSERT INTO unit_total (job_id, unit_id, section, amount_cents)
                SELECT \(jobID), * FROM unnest(\(totals.map(\.0))::bigint[], \(totals.map(\.1.section))::text[], \(totals.map(\.1.amountCents))::bigint[])
                """, logger: logger)
        }
        let series = settled.flatMap { s in s.result.series.map { (s.unit.unitID, $0) } }
        if !series.isEmpty {
            try await c.query(
                """
                INSERT INTO unit_series (job_id, unit_id, name, start_utc, interval_seconds, value_count, data)
                SELECT \(jobID), u, n, s, i, k, decode(d, 'hex') FROM unnest(\(series.map(\.0))::bigint[], \(series.map(\.1.name))::text[],
                  \(series.map(\.1.start))::text[], \(series.map(\.1.intervalSeconds))::bigint[], \(series.map { Int64($0.1.values.count) })::bigint[],
                  \(series.map { Hex.lowercase($0.1.encoded) })::text[]) AS t(u, n, s, i, k, d)
                """, logger: logger)
        }
        if !settled.isEmpty {
            try await c.query(
                """
                UPDATE work_unit AS w SET status = 'done', attempts = t.attempt, worker = \(worker), started_at = now(),
                  finished_at = clock_timestamp(), error = NULL, statement_status = t.st, violation_count = t.v
                FROM unnest(\(settled.map(\.unit.unitID))::bigint[], \(settled.map { Int64($0.unit.attempt) })::bigint[],
                  \(settled.map(\.result.statementStatus))::text[], \(settled.map { Int64($0.result.violationCount) })::bigint[]) AS t(id, attempt, st, v)
                WHERE w.id = t.id
                """, logger: logger)
        }
        if !failed.isEmpty {
            try await c.query(
                """
                UPDATE work_unit AS w SET status = 'failed', attempts = t.attempt, worker = \(worker), started_at = now(),
                  finished_at = clock_timestamp(), error = t.e
                FROM unnest(\(failed.map(\.unit.unitID))::bigint[], \(failed.map { Int64($0.unit.attempt) })::bigint[], \(failed.map(\.error))::text[])
                  AS t(id, attempt, e)
                WHERE w.id = t.id
                """, logger: logger)
        }
    }


    /// Inserts the next `work_attempt` row of each unit, in one statement on a connection of its own (autocommit):
    /// one commit for a whole batch. Only the holder of the units' row locks gets here, so the numbers never race.
    func recordAttempts(_ units: [ClaimedUnit], worker: String) async throws -> [Int64: Int] {
        guard let jobID = units.first?.jobID else { return [:] }
        var out: [Int64: Int] = [:]
        for try await (unit, attempt) in try await client.query(
            """
            INSERT INTO work_attempt (unit_id, attempt, job_id, worker)
            SELECT u.id, COALESCE((SELECT MAX(a.attempt) FROM work_attempt a WHERE a.unit_id = u.id), 0) + 1, \(jobID), \(worker)
            FROM unnest(\(units.map(\.unitID))::bigint[]) AS u(id)
            RETURNING unit_id, attempt
            """, logger: logger
        ).decode((Int64, Int64).self) { out[unit] = Int(attempt) }
        return out
    }

    public func counts(jobID: Int64) async throws -> UnitCounts {
        var out = UnitCounts()
        for try await (status, n, retried, violations) in try await client.query(
            """
            SELECT status, COUNT(*), COUNT(*) FILTER (WHERE attempts > 1), COUNT(*) FILTER (WHERE violation_count > 0)
            FROM work_unit WHERE job_id = \(jobID) GROUP BY status
            """, logger: logger
        ).decode((String, Int64, Int64, Int64).self) {
            switch status {
            case "pending": out.pending = Int(n)
            case "done": out.done = Int(n)
            default: out.failed = Int(n)
            }
            out.retried += Int(retried)
            out.withViolations += Int(violations)
        }
        return out
    }

    @discardableResult
    public func finishIfComplete(jobID: Int64) async throws -> UnitCounts {
        try await client.query(
            """
            UPDATE job SET status = 'finished' WHERE id = \(jobID) AND status <> 'finished'
              AND NOT EXISTS (SELECT 1 FROM work_unit WHERE job_id = \(jobID) AND status = 'pending')
            """, logger: logger)
        return try await counts(jobID: jobID)
    }

    public func reduce(jobID: Int64) async throws -> JobReduction {
        let counts = try await finishIfComplete(jobID: jobID)
        let job = try await job(id: jobID)
        var totals: [CodeTotal] = []
        for try await (section, code, unit, n, q, micros, cents, first) in try await client.query(
            """
            SELECT section, code, unit, COUNT(*), SUM(quantity_micro)::bigint, SUM(amount_micros)::bigint, SUM(amount_cents)::bigint, MIN(seq)
            FROM unit_result WHERE job_id = \(jobID) GROUP BY section, code, unit
            """, logger: logger
        ).decode((String, String, String, Int64, Int64, Int64, Int64, Int64).self) {
            totals.append(
                CodeTotal(section: section, code: code, unit: unit, lineCount: Int(n), quantityMicro: q, amountMicros: micros, amountCents: cents, firstSeq: Int(first)))
        }
        var unitTotals: [(section: String, cents: Int64, units: Int)] = []
        for try await (section, cents, n) in try await client.query(
            "SELECT section, SUM(amount_cents)::bigint, COUNT(*) FROM unit_total WHERE job_id = \(jobID) GROUP BY section", logger: logger
        ).decode((String, Int64, Int64).self) {
            unitTotals.append((section, cents, Int(n)))
        }
        return JobReduction(job: job, counts: counts, totals: JobReduction.ordered(totals), sections: JobReduction.sectionChecks(totals, unitTotals: unitTotals))
    }

    public func units(jobID: Int64) async throws -> [WorkUnitRow] {
        var out: [WorkUnitRow] = []
        for try await row in try await client.query(
            """
            SELECT id, unit_key, resource_id, period_start, period_end, input_location, status, attempts, worker,
              to_char(started_at AT TIME ZONE 'UTC', \(Self.timestampText)) AS started, to_char(finished_at AT TIME ZONE 'UTC', \(Self.timestampText)) AS finished,
              error, statement_status, violation_count
            FROM work_unit WHERE job_id = \(jobID) ORDER BY id
            """, logger: logger)
        {
            let r = row.makeRandomAccess()
            out.append(
                WorkUnitRow(
                    id: try r["id"].decode(Int64.self), key: try r["unit_key"].decode(String.self), resourceID: try r["resource_id"].decode(String.self),
                    periodStart: try r["period_start"].decode(String.self), periodEnd: try r["period_end"].decode(String.self),
                    inputLocation: try r["input_location"].decode(String.self), status: try r["status"].decode(String.self),
                    attempts: Int(try r["attempts"].decode(Int64.self)), worker: try r["worker"].decode(String?.self),
                    startedAt: try r["started"].decode(String?.self), finishedAt: try r["finished"].decode(String?.self),
                    error: try r["error"].decode(String?.self), statementStatus: try r["statement_status"].decode(String?.self),
                    violationCount: try r["violation_count"].decode(Int64?.self).map(Int.init)))
        }
        return out
    }

    public func results(jobID: Int64) async throws -> [UnitResultRow] {
        var out: [UnitResultRow] = []
        for try await (key, seq, section, code, unit, q, micros, cents) in try await client.query(
            """
            SELECT u.unit_key, r.seq, r.section, r.code, r.unit, r.quantity_micro, r.amount_micros, r.amount_cents
            FROM unit_result r JOIN work_unit u ON u.id = r.unit_id WHERE r.job_id = \(jobID) ORDER BY u.unit_key, r.seq
            """, logger: logger
        ).decode((String, Int64, String, String, String, Int64, Int64, Int64).self) {
            out.append(
                UnitResultRow(
                    unitKey: key,
                    line: UnitLine(seq: Int(seq), section: section, code: code, unit: unit, quantityMicro: q, amountMicros: micros, amountCents: cents)))
        }
        return out
    }

    public func series(jobID: Int64) async throws -> [UnitSeriesRow] {
        var out: [UnitSeriesRow] = []
        for try await (key, resource, name, start, seconds, count, data) in try await client.query(
            """
            SELECT u.unit_key, u.resource_id, s.name, s.start_utc, s.interval_seconds, s.value_count, s.data
            FROM unit_series s JOIN work_unit u ON u.id = s.unit_id WHERE s.job_id = \(jobID) AND u.status = 'done' ORDER BY u.unit_key, s.name
            """, logger: logger
        ).decode((String, String, String, String, Int64, Int64, Data).self) {
            guard let values = UnitSeries.decode([UInt8](data), count: Int(count)) else {
                throw UnitSeriesCorrupt(unitKey: key, name: name, bytes: data.count, count: Int(count))
            }
            out.append(UnitSeriesRow(unitKey: key, resourceID: resource, series: UnitSeries(name: name, start: start, intervalSeconds: seconds, values: values)))
        }
        return out
    }
}
