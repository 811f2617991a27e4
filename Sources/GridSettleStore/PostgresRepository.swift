import Foundation
import GridSettleCore
import Logging
import PostgresNIO

/// The PostgreSQL backend of ``SettlementRepository`` (postgres-nio): the production store several services
/// share. Same schema and guarantees as the SQLite store; migrations are recorded in `schema_migration` and
/// applied under an advisory lock, so several processes may open the same database at once.
///
/// Writes are one transaction each (`PostgresClient.withTransaction`): a process killed part-way loses its
/// connection and the server rolls the transaction back, so nothing half-written is ever visible.
public final class PostgresRepository: SettlementRepository, Sendable {
    let client: PostgresClient
    let runner: Task<Void, Never>
    /// Resumed by the runner task right before it enters `client.run()`, so no query leases a connection
    /// before the pool runs.
    let started: AsyncStream<Void>
    let logger: Logger
    public var backend: String { "postgres" }

    /// Connects to `url` (`postgres://user:password@host:port/database`) and migrates the database.
    /// postgres-nio's own connection chatter is logged at `warning` and above unless a logger is given.
    public static func open(url: String, logger: Logger = PostgresRepository.quietLogger) async throws -> PostgresRepository {
        let repo = try PostgresRepository(configuration: PostgresURL.configuration(url), logger: logger)
        for await _ in repo.started {}
        await Task.yield()
        do {
            try await repo.migrate()
        } catch {
            await repo.close()
            throw StoreError("PostgreSQL at \(PostgresURL.redacted(url)): \(String(reflecting: error))")
        }
        return repo
    }

    public static var quietLogger: Logger {
        var l = Logger(label: "gridsettle.store")
        l.logLevel = .warning
        return l
    }

    init(configuration: PostgresClient.Configuration, logger: Logger) throws {
        self.logger = logger
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        let (started, signal) = AsyncStream<Void>.makeStream()
        self.started = started
        runner = Task {
            signal.finish()
            await client.run()
        }
    }

    public func close() async {
        runner.cancel()
        _ = await runner.value
    }

    // MARK: schema

    func migrate() async throws {
        try await client.withTransaction(logger: logger) { c in
            // one migrator at a time, whichever process gets here first
            try await c.query("SELECT pg_advisory_xact_lock(841002)", logger: logger)
            try await c.query("CREATE TABLE IF NOT EXISTS schema_migration (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())", logger: logger)
            var applied = Set<Int64>()
            for try await v in try await c.query("SELECT version FROM schema_migration", logger: logger).decode(Int64.self) { applied.insert(v) }
            for m in Schema.migrations where !applied.contains(Int64(m.version)) {
                for sql in m.postgres { try await c.query(PostgresQuery(unsafeSQL: sql), logger: logger) }
                try await c.query("INSERT INTO schema_migration (version, name) VALUES (\(Int64(m.version)), \(m.name))", logger: logger)
            }
        }
    }

    public func schemaVersion() async throws -> Int {
        var v: Int64 = 0
        for try await x in try await client.query("SELECT COALESCE(MAX(version), 0) FROM schema_migration", logger: logger).decode(Int64.self) { v = x }
        return Int(v)
    }

    // MARK: runs

    /// Test hook: called inside the transaction after the lines are written (the kill test stops there).
    nonisolated(unsafe) public static var afterLinesHook: (@Sendable () async -> Void)?

    public func save(_ r: NewRun) async throws -> SavedRun {
        let logger = self.logger
        return try await client.withTransaction(logger: logger) { c in try await Self.insert(r, on: c, logger: logger) }
    }

    /// Writes a run inside the caller's transaction (a save, or a worker's unit with its results).
    static func insert(_ r: NewRun, on c: PostgresConnection, logger: Logger) async throws -> SavedRun {
        let s = r.statement
        do {
            // serialise saves of one period so versions never collide
            let key = "\(r.tenant)|\(s.siteID)|\(s.resourceID)|\(s.period.start)|\(s.period.end)"
            try await c.query("SELECT pg_advisory_xact_lock(hashtext(\(key)))", logger: logger)
            var replaces: Int64?
            var version: Int64 = 1
            for try await (id, v) in try await c.query(
                """
                SELECT id, version FROM run WHERE tenant_id = \(r.tenant) AND site_id = \(s.siteID) AND resource_id = \(s.resourceID)
                  AND period_start = \(s.period.start.description) AND period_end = \(s.period.end.description) ORDER BY version DESC LIMIT 1
                """, logger: logger
            ).decode((Int64, Int64).self) {
                replaces = id
                version = v + 1
            }
            var runID: Int64 = 0
            for try await id in try await c.query(
                """
                INSERT INTO run (tenant_id, site_id, resource_id, market, period_start, period_end, status, violation_count, input_digest,
                                 policies, statement_json, statement_csv, report_html, version, replaces_run_id, dataset_id, source_directory)
                VALUES (\(r.tenant), \(s.siteID), \(s.resourceID), \(s.market.rawValue), \(s.period.start.description), \(s.period.end.description),
                        \(s.status.rawValue), \(Int64(s.violations.count)), \(r.inputDigest), \(StoredRows.policies(s)), '',
                        '', '', \(version), \(replaces), \(r.dataset), \(r.sourceDirectory))
                RETURNING id
                """, logger: logger
            ).decode(Int64.self) { runID = id }
            for l in StoredRows.lines(s) {
                try await c.query(
                    """
                    INSERT INTO statement_line VALUES (\(runID), \(l.seq), \(l.section), \(l.code), \(l.description), \(l.quantityMicro), \(l.unit),
                      \(l.unitPriceMicro), \(l.priceUnit), \(l.amountMicros), \(l.amountCents), \(l.rule), \(l.intervalCount),
                      \(l.firstIntervalStart), \(l.lastIntervalEnd), \(l.note), \(Data(l.intervalRuns)))
                    """, logger: logger)
            }
            await Self.afterLinesHook?()
            try await c.query("INSERT INTO run_statement VALUES (\(runID), \(Data(StatementCoding.encode(s))))", logger: logger)
            if let figures = r.figures { try await c.query("INSERT INTO run_figures VALUES (\(runID), \(Data(figures)))", logger: logger) }
            for k in StoredRows.checks(s) {
                try await c.query(
                    """
                    INSERT INTO check_result VALUES (\(runID), \(k.checkID), \(k.status), \(k.energyMicroKWh), \(k.amountMicros), \(k.intervalCount),
                      \(k.detail), \(k.question), \(k.rule), \(k.firstIntervalStart), \(k.lastIntervalEnd), \(Data(k.intervalRuns)))
                    """, logger: logger)
            }
            return SavedRun(id: runID, version: Int(version), replaces: replaces)
        }
    }

    static let summaryColumns = "id, tenant_id, site_id, resource_id, period_start, period_end, status, violation_count, input_digest, version, replaces_run_id, dataset_id, source_directory"

    func summaries(_ q: PostgresQuery) async throws -> [RunSummary] {
        var out: [RunSummary] = []
        for try await row in try await client.query(q, logger: logger) {
            let r = row.makeRandomAccess()
            out.append(
                RunSummary(
                    id: try r["id"].decode(Int64.self), tenantID: try r["tenant_id"].decode(String.self), siteID: try r["site_id"].decode(String.self),
                    resourceID: try r["resource_id"].decode(String.self), periodStart: try r["period_start"].decode(String.self),
                    periodEnd: try r["period_end"].decode(String.self), status: try r["status"].decode(String.self),
                    violationCount: Int(try r["violation_count"].decode(Int64.self)), inputDigest: try r["input_digest"].decode(String.self),
                    version: Int(try r["version"].decode(Int64.self)), replacesRunID: try r["replaces_run_id"].decode(Int64?.self),
                    datasetID: try r["dataset_id"].decode(String?.self), sourceDirectory: try r["source_directory"].decode(String?.self)))
        }
        return out
    }

    public func runs(tenant: String) async throws -> [RunSummary] {
        try await summaries("SELECT \(unescaped: Self.summaryColumns) FROM run WHERE tenant_id = \(tenant) ORDER BY id")
    }

    public func run(id: Int64) async throws -> RunSummary? {
        try await summaries("SELECT \(unescaped: Self.summaryColumns) FROM run WHERE id = \(id)").first
    }

    public func replacedRun(of runID: Int64) async throws -> RunSummary? {
        try await summaries("SELECT \(unescaped: Self.summaryColumns) FROM run WHERE id = (SELECT replaces_run_id FROM run WHERE id = \(runID))").first
    }

    public func lines(runID: Int64) async throws -> [StoredLine] {
        var out: [StoredLine] = []
        for try await row in try await client.query("SELECT * FROM statement_line WHERE run_id = \(runID) ORDER BY seq", logger: logger) {
            let r = row.makeRandomAccess()
            out.append(
                StoredLine(
                    seq: Int(try r["seq"].decode(Int64.self)), section: try r["section"].decode(String.self), code: try r["code"].decode(String.self),
                    description: try r["description"].decode(String.self), quantityMicro: try r["quantity_micro"].decode(Int64.self),
                    unit: try r["unit"].decode(String.self), unitPriceMicro: try r["unit_price_micro"].decode(Int64?.self),
                    priceUnit: try r["price_unit"].decode(String.self), amountMicros: try r["amount_micros"].decode(Int64.self),
                    amountCents: try r["amount_cents"].decode(Int64.self), rule: try r["rule"].decode(String.self),
                    intervalCount: Int(try r["interval_count"].decode(Int64.self)), firstIntervalStart: try r["first_interval_start"].decode(String?.self),
                    lastIntervalEnd: try r["last_interval_end"].decode(String?.self), note: try r["note"].decode(String.self),
                    intervals: try StoredLineage.decode(
                        try r["interval_runs"].decode(Data?.self), run: runID, row: "statement_line \(try r["seq"].decode(Int64.self))")))
        }
        return out
    }

    public func checks(runID: Int64) async throws -> [StoredCheck] {
        var out: [StoredCheck] = []
        for try await row in try await client.query("SELECT * FROM check_result WHERE run_id = \(runID) ORDER BY check_id", logger: logger) {
            let r = row.makeRandomAccess()
            out.append(
                StoredCheck(
                    id: try r["check_id"].decode(String.self), status: try r["status"].decode(String.self),
                    energyMicroKWh: try r["energy_micro_kwh"].decode(Int64.self), amountMicros: try r["amount_micros"].decode(Int64?.self),
                    intervalCount: Int(try r["interval_count"].decode(Int64.self)), detail: try r["detail"].decode(String.self),
                    question: try r["question"].decode(String.self), rule: try r["rule"].decode(String.self),
                    intervals: try StoredLineage.decode(
                        try r["interval_runs"].decode(Data?.self), run: runID, row: "check_result \(try r["check_id"].decode(String.self))")))
        }
        return out
    }

    public func documents(runID: Int64) async throws -> RunDocuments? {
        var out: RunDocuments?
        for try await (j, c, h) in try await client.query("SELECT statement_json, statement_csv, report_html FROM run WHERE id = \(runID)", logger: logger)
            .decode((String, String, String).self)
        {
            out = RunDocuments(json: j, csv: c, html: h)
        }
        return out
    }

    public func statement(runID: Int64) async throws -> [UInt8]? {
        var out: [UInt8]?
        for try await bytes in try await client.query("SELECT statement FROM run_statement WHERE run_id = \(runID)", logger: logger).decode(Data.self) {
            out = [UInt8](bytes)
        }
        return out
    }

    public func figures(runID: Int64) async throws -> [UInt8]? {
        var out: [UInt8]?
        for try await bytes in try await client.query("SELECT figures FROM run_figures WHERE run_id = \(runID)", logger: logger).decode(Data.self) {
            out = [UInt8](bytes)
        }
        return out
    }

    public func compare(from oldRunID: Int64, to newRunID: Int64) async throws -> [LineDifference] {
        func sides(_ id: Int64) async throws -> [LineDifference.Side] {
            var out: [LineDifference.Side] = []
            for try await (section, code, unit, q, c) in try await client.query(
                "SELECT section, code, unit, quantity_micro, amount_cents FROM statement_line WHERE run_id = \(id) ORDER BY seq", logger: logger
            ).decode((String, String, String, Int64, Int64).self) {
                out.append(LineDifference.Side(section: section, code: code, unit: unit, quantityMicro: q, cents: c))
            }
            return out
        }
        return LineDifference.compare(old: try await sides(oldRunID), new: try await sides(newRunID))
    }

    // MARK: input files

    public func ingest(_ f: IngestFile) async throws -> IngestOutcome {
        let digest = f.digest
        let logger = self.logger
        return try await client.withTransaction(logger: logger) { c in
            try await c.query("SELECT pg_advisory_xact_lock(hashtext(\(f.tenant + "|" + f.dataset + "|" + f.name)))", logger: logger)
            var existing: [(version: Int, digest: String)] = []
            for try await (v, d) in try await c.query(
                "SELECT version, digest FROM input_file WHERE tenant_id = \(f.tenant) AND dataset_id = \(f.dataset) AND name = \(f.name) ORDER BY version",
                logger: logger
            ).decode((Int64, String).self) {
                existing.append((Int(v), d))
            }
            let outcome = IngestVersioning.outcome(for: digest, existing: existing)
            if case .unchanged = outcome { return outcome }
            try await c.query(
                """
                INSERT INTO input_file (tenant_id, dataset_id, name, version, digest, size, content)
                VALUES (\(f.tenant), \(f.dataset), \(f.name), \(Int64(outcome.version)), \(digest), \(Int64(f.content.count)), \(Data(f.content)))
                """, logger: logger)
            return outcome
        }
    }

    public func fileVersions(tenant: String, dataset: String, name: String) async throws -> [StoredFileVersion] {
        var out: [StoredFileVersion] = []
        for try await (n, v, d, size) in try await client.query(
            "SELECT name, version, digest, size FROM input_file WHERE tenant_id = \(tenant) AND dataset_id = \(dataset) AND name = \(name) ORDER BY version",
            logger: logger
        ).decode((String, Int64, String, Int64).self) {
            out.append(StoredFileVersion(name: n, version: Int(v), digest: d, size: Int(size)))
        }
        return out
    }

    public func currentFiles(tenant: String, dataset: String) async throws -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        for try await (name, content) in try await client.query(
            """
            SELECT DISTINCT ON (name) name, content FROM input_file WHERE tenant_id = \(tenant) AND dataset_id = \(dataset)
            ORDER BY name, version DESC
            """, logger: logger
        ).decode((String, Data).self) {
            out[name] = [UInt8](content)
        }
        return out
    }

    // MARK: tokens

    public func saveToken(_ t: StoredToken) async throws {
        try await client.query(
            """
            INSERT INTO api_token (token_hash, tenant_id, name, role, datasets, revoked, expires_at)
            VALUES (\(t.hash), \(t.tenant), \(t.name), \(t.role), \(t.datasetsColumn), \(t.revoked), \(t.expiresAt))
            """, logger: logger)
    }

    public func token(hash: String) async throws -> StoredToken? {
        var out: StoredToken?
        for try await (h, tenant, name, role, datasets, revoked, expiresAt) in try await client.query(
            "SELECT token_hash, tenant_id, name, role, datasets, revoked, expires_at FROM api_token WHERE token_hash = \(hash)", logger: logger
        ).decode((String, String, String, String, String, Bool, Int64?).self) {
            out = StoredToken(hash: h, tenant: tenant, name: name, role: role, datasets: StoredToken.datasets(datasets), revoked: revoked, expiresAt: expiresAt)
        }
        return out
    }

    public func revokeToken(hash: String) async throws {
        try await client.query("UPDATE api_token SET revoked = TRUE WHERE token_hash = \(hash)", logger: logger)
    }
}

/// `postgres://user:password@host:port/database` → a postgres-nio configuration (TLS off: loopback or a
/// private network; a deployment that needs TLS terminates it in front of the database).
enum PostgresURL {
    static func configuration(_ url: String) throws -> PostgresClient.Configuration {
        guard let u = URLComponents(string: url), u.scheme == "postgres" || u.scheme == "postgresql", let host = u.host, !host.isEmpty,
            let user = u.user, !user.isEmpty
        else {
            throw StoreError("database URL '\(redacted(url))': expected postgres://user:password@host:port/database")
        }
        let database = u.path.hasPrefix("/") ? String(u.path.dropFirst()) : u.path
        return PostgresClient.Configuration(
            host: host, port: u.port ?? 5432, username: user, password: u.password, database: database.isEmpty ? nil : database, tls: .disable)
    }

    /// The URL without its password, for messages and logs.
    static func redacted(_ url: String) -> String {
        guard var u = URLComponents(string: url), u.password != nil else { return url }
        u.password = "***"
        return u.string ?? url
    }
}
