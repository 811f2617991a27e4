import Foundation
import GRDB
import GridSettleCore

/// The embedded SQLite backend of ``SettlementRepository`` (GRDB): the default of `gridsettle settle` and
/// `gridsettle serve`. Migrations are ``Schema``'s, recorded by GRDB's migrator under their names (v1 is the
/// name the first store used, so its databases upgrade in place).
///
/// Every write is one transaction; SQLite's journal makes a process killed part-way leave nothing behind.
/// The synchronous methods serve the command line; the protocol's async methods wrap them.
public final class SettlementStore: SettlementRepository, Sendable {
    let db: DatabaseQueue
    /// How long a write waits for another process's transaction on the same file.
    static let busyTimeoutSeconds: TimeInterval = 30
    public var backend: String { "sqlite" }

    /// Opens (and migrates) the database at `path`; `":memory:"` for a throw-away store.
    ///
    /// Several processes may write one file (the server's settlement children, a CLI `settle`), so a writer
    /// that finds the database locked waits up to ``busyTimeoutSeconds`` instead of failing at once.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeoutSeconds)
        db = path == ":memory:" ? try DatabaseQueue(configuration: configuration) : try DatabaseQueue(path: path, configuration: configuration)
        var m = DatabaseMigrator()
        for migration in Schema.migrations {
            m.registerMigration(migration.name) { db in
                for sql in migration.sqlite { try db.execute(sql: sql) }
            }
        }
        try m.migrate(db)
    }

    public func schemaVersion() async throws -> Int {
        let applied = try await db.read { db in try String.fetchSet(db, sql: "SELECT identifier FROM grdb_migrations") }
        return Schema.migrations.filter { applied.contains($0.name) }.map(\.version).max() ?? 0
    }

    // MARK: runs

    /// Stores a run in one transaction; returns its id.
    @discardableResult
    public func save(
        statement s: GridSettleCore.Statement, inputDigest: String, tenant: String = "default"
    ) throws -> Int64 {
        try saveRun(NewRun(tenant: tenant, statement: s, inputDigest: inputDigest)).id
    }

    /// Test hook: called inside the transaction after the lines are written (the kill test stops there).
    nonisolated(unsafe) public static var afterLinesHook: (@Sendable () -> Void)?

    func saveRun(_ r: NewRun) throws -> SavedRun {
        try db.write { db in try Self.insert(r, into: db) }
    }

    public func save(_ runs: [NewRun]) async throws -> [SavedRun] {
        try await db.write { db in try runs.map { try Self.insert($0, into: db) } }
    }

    /// Writes a run inside the caller's transaction (a save, or a worker's unit with its results).
    static func insert(_ r: NewRun, into db: Database) throws -> SavedRun {
        let s = r.statement
        let previous = try Row.fetchOne(
            db, sql: """
                SELECT id, version FROM run WHERE tenant_id = ? AND site_id = ? AND resource_id = ? AND period_start = ? AND period_end = ?
                ORDER BY version DESC LIMIT 1
                """, arguments: [r.tenant, s.siteID, s.resourceID, s.period.start.description, s.period.end.description])
        let replaces: Int64? = previous?["id"]
        let version = (previous?["version"] as Int? ?? 0) + 1
        try db.execute(
            sql: """
                INSERT INTO run (tenant_id, site_id, resource_id, market, period_start, period_end, status, violation_count,
                                 input_digest, policies, statement_json, statement_csv, report_html, version, replaces_run_id, dataset_id,
                                 source_directory)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                r.tenant, s.siteID, s.resourceID, s.market.rawValue, s.period.start.description, s.period.end.description,
                s.status.rawValue, s.violations.count, r.inputDigest, StoredRows.policies(s), "", "", "", version, replaces, r.dataset,
                r.sourceDirectory,
            ])
        let runID = db.lastInsertedRowID
        let insertLine = try db.cachedStatement(sql: "INSERT INTO statement_line VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        for l in StoredRows.lines(s) {
            try insertLine.execute(
                arguments: [
                    runID, l.seq, l.section, l.code, l.description, l.quantityMicro, l.unit, l.unitPriceMicro, l.priceUnit, l.amountMicros,
                    l.amountCents, l.rule, l.intervalCount, l.firstIntervalStart, l.lastIntervalEnd, l.note, Data(l.intervalRuns),
                ])
        }
        Self.afterLinesHook?()
        try db.execute(sql: "INSERT INTO run_statement VALUES (?, ?)", arguments: [runID, Data(StatementCoding.encode(s))])
        if let figures = r.figures { try db.execute(sql: "INSERT INTO run_figures VALUES (?, ?)", arguments: [runID, Data(figures)]) }
        let insertCheck = try db.cachedStatement(sql: "INSERT INTO check_result VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        for c in StoredRows.checks(s) {
            try insertCheck.execute(
                arguments: [
                    runID, c.checkID, c.status, c.energyMicroKWh, c.amountMicros, c.intervalCount, c.detail, c.question, c.rule,
                    c.firstIntervalStart, c.lastIntervalEnd, Data(c.intervalRuns),
                ])
        }
        return SavedRun(id: runID, version: version, replaces: replaces)
    }

    public func save(_ run: NewRun) async throws -> SavedRun { try saveRun(run) }

    static let summaryColumns = "id, tenant_id, site_id, resource_id, period_start, period_end, status, violation_count, input_digest, version, replaces_run_id, dataset_id, source_directory"

    public func runs() throws -> [RunSummary] {
        try db.read { db in try Row.fetchAll(db, sql: "SELECT \(Self.summaryColumns) FROM run ORDER BY id").map(Self.summary) }
    }

    public func runs(tenant: String) async throws -> [RunSummary] {
        try await db.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.summaryColumns) FROM run WHERE tenant_id = ? ORDER BY id", arguments: [tenant]).map(Self.summary)
        }
    }

    public func run(id: Int64) throws -> RunSummary? { try fetchRun(id) }

    public func run(id: Int64) async throws -> RunSummary? { try fetchRun(id) }

    func fetchRun(_ id: Int64) throws -> RunSummary? {
        try db.read { db in try Row.fetchOne(db, sql: "SELECT \(Self.summaryColumns) FROM run WHERE id = ?", arguments: [id]).map(Self.summary) }
    }

    static func summary(_ r: Row) -> RunSummary {
        RunSummary(
            id: r["id"], tenantID: r["tenant_id"], siteID: r["site_id"], resourceID: r["resource_id"], periodStart: r["period_start"],
            periodEnd: r["period_end"], status: r["status"], violationCount: r["violation_count"], inputDigest: r["input_digest"],
            version: r["version"], replacesRunID: r["replaces_run_id"], datasetID: r["dataset_id"], sourceDirectory: r["source_directory"])
    }

    public func lines(runID: Int64) async throws -> [StoredLine] {
        try await db.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM statement_line WHERE run_id = ? ORDER BY seq", arguments: [runID]).map { r in
                StoredLine(
                    seq: r["seq"], section: r["section"], code: r["code"], description: r["description"], quantityMicro: r["quantity_micro"],
                    unit: r["unit"], unitPriceMicro: r["unit_price_micro"], priceUnit: r["price_unit"], amountMicros: r["amount_micros"],
                    amountCents: r["amount_cents"], rule: r["rule"], intervalCount: r["interval_count"],
                    firstIntervalStart: r["first_interval_start"], lastIntervalEnd: r["last_interval_end"], note: r["note"],
                    intervals: try StoredLineage.decode(r["interval_runs"] as Data?, run: runID, row: "statement_line \(r["seq"] as Int64)"))
            }
        }
    }

    public func checks(runID: Int64) async throws -> [StoredCheck] {
        try await db.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM check_result WHERE run_id = ? ORDER BY check_id", arguments: [runID]).map { r in
                StoredCheck(
                    id: r["check_id"], status: r["status"], energyMicroKWh: r["energy_micro_kwh"], amountMicros: r["amount_micros"],
                    intervalCount: r["interval_count"], detail: r["detail"], question: r["question"], rule: r["rule"],
                    intervals: try StoredLineage.decode(r["interval_runs"] as Data?, run: runID, row: "check_result \(r["check_id"] as String)"))
            }
        }
    }

    /// The documents stored as text with a run settled before schema v9 (empty for later runs).
    public func documents(runID: Int64) throws -> (json: String, csv: String, html: String)? { try fetchDocuments(runID) }

    func fetchDocuments(_ runID: Int64) throws -> (json: String, csv: String, html: String)? {
        try db.read { db in
            try Row.fetchOne(db, sql: "SELECT statement_json, statement_csv, report_html FROM run WHERE id = ?", arguments: [runID])
                .map { ($0["statement_json"], $0["statement_csv"], $0["report_html"]) }
        }
    }

    public func documents(runID: Int64) async throws -> RunDocuments? {
        try fetchDocuments(runID).map { RunDocuments(json: $0.json, csv: $0.csv, html: $0.html) }
    }

    public func statement(runID: Int64) async throws -> [UInt8]? {
        try await db.read { db in
            try Data.fetchOne(db, sql: "SELECT statement FROM run_statement WHERE run_id = ?", arguments: [runID]).map { [UInt8]($0) }
        }
    }

    public func figures(runID: Int64) async throws -> [UInt8]? {
        try await db.read { db in
            try Data.fetchOne(db, sql: "SELECT figures FROM run_figures WHERE run_id = ?", arguments: [runID]).map { [UInt8]($0) }
        }
    }

    /// Stored line amounts in cents, in statement order.
    public func lineCents(runID: Int64) throws -> [(section: String, code: String, cents: Int64)] {
        try db.read { db in
            try Row.fetchAll(db, sql: "SELECT section, code, amount_cents FROM statement_line WHERE run_id = ? ORDER BY seq", arguments: [runID])
                .map { ($0["section"], $0["code"], $0["amount_cents"]) }
        }
    }

    /// Section totals recomputed by SQL.
    public func sectionTotalsCents(runID: Int64) throws -> [String: Int64] {
        try db.read { db in
            var out: [String: Int64] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT section, SUM(amount_cents) AS c FROM statement_line WHERE run_id = ? GROUP BY section", arguments: [runID]) {
                out[r["section"]] = r["c"]
            }
            return out
        }
    }

    public func checkStatuses(runID: Int64) throws -> [String: String] {
        try db.read { db in
            var out: [String: String] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT check_id, status FROM check_result WHERE run_id = ?", arguments: [runID]) {
                out[r["check_id"]] = r["status"]
            }
            return out
        }
    }

    /// The run `runID` replaced: the previous version of its period.
    public func previousRun(of runID: Int64) throws -> RunSummary? { try fetchPreviousRun(runID) }

    func fetchPreviousRun(_ runID: Int64) throws -> RunSummary? {
        try db.read { db in
            try Row.fetchOne(
                db, sql: "SELECT \(Self.summaryColumns) FROM run WHERE id = (SELECT replaces_run_id FROM run WHERE id = ?)", arguments: [runID]
            ).map(Self.summary)
        }
    }

    public func replacedRun(of runID: Int64) async throws -> RunSummary? { try fetchPreviousRun(runID) }

    /// Every line of either run, in the newer run's order and then the lines only the older run has.
    public func difference(from oldRunID: Int64, to newRunID: Int64) throws -> [LineDifference] { try fetchDifference(oldRunID, newRunID) }

    func fetchDifference(_ oldRunID: Int64, _ newRunID: Int64) throws -> [LineDifference] {
        try db.read { db in
            func lines(_ id: Int64) throws -> [LineDifference.Side] {
                try Row.fetchAll(db, sql: "SELECT section, code, unit, quantity_micro, amount_cents FROM statement_line WHERE run_id = ? ORDER BY seq", arguments: [id])
                    .map { LineDifference.Side(section: $0["section"], code: $0["code"], unit: $0["unit"], quantityMicro: $0["quantity_micro"], cents: $0["amount_cents"]) }
            }
            return LineDifference.compare(old: try lines(oldRunID), new: try lines(newRunID))
        }
    }

    public func compare(from oldRunID: Int64, to newRunID: Int64) async throws -> [LineDifference] { try fetchDifference(oldRunID, newRunID) }

    // MARK: input files

    public func ingest(_ f: IngestFile) async throws -> IngestOutcome {
        let digest = f.digest
        return try await db.write { db in
            let versions = try Row.fetchAll(
                db, sql: "SELECT version, digest FROM input_file WHERE tenant_id = ? AND dataset_id = ? AND name = ? ORDER BY version",
                arguments: [f.tenant, f.dataset, f.name]
            ).map { (version: $0["version"] as Int, digest: $0["digest"] as String) }
            let outcome = IngestVersioning.outcome(for: digest, existing: versions)
            if case .unchanged = outcome { return outcome }
            try db.execute(
                sql: "INSERT INTO input_file (tenant_id, dataset_id, name, version, digest, size, content) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [f.tenant, f.dataset, f.name, outcome.version, digest, f.content.count, Data(f.content)])
            return outcome
        }
    }

    public func fileVersions(tenant: String, dataset: String, name: String) async throws -> [StoredFileVersion] {
        try await db.read { db in
            try Row.fetchAll(
                db, sql: "SELECT name, version, digest, size FROM input_file WHERE tenant_id = ? AND dataset_id = ? AND name = ? ORDER BY version",
                arguments: [tenant, dataset, name]
            ).map { StoredFileVersion(name: $0["name"], version: $0["version"], digest: $0["digest"], size: $0["size"]) }
        }
    }

    public func currentFiles(tenant: String, dataset: String) async throws -> [String: [UInt8]] {
        try await db.read { db in
            var out: [String: [UInt8]] = [:]
            for r in try Row.fetchAll(
                db, sql: """
                    SELECT f.name, f.content FROM input_file f WHERE f.tenant_id = ? AND f.dataset_id = ?
                      AND f.version = (SELECT MAX(version) FROM input_file g WHERE g.tenant_id = f.tenant_id AND g.dataset_id = f.dataset_id AND g.name = f.name)
                    """, arguments: [tenant, dataset])
            {
                out[r["name"]] = [UInt8](r["content"] as Data)
            }
            return out
        }
    }

    // MARK: tokens

    public func saveToken(_ t: StoredToken) async throws {
        try await db.write { db in
            try db.execute(
                sql: "INSERT INTO api_token (token_hash, tenant_id, name, role, datasets, revoked, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [t.hash, t.tenant, t.name, t.role, t.datasetsColumn, t.revoked, t.expiresAt])
        }
    }

    public func token(hash: String) async throws -> StoredToken? {
        try await db.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM api_token WHERE token_hash = ?", arguments: [hash]).map { r in
                StoredToken(
                    hash: r["token_hash"], tenant: r["tenant_id"], name: r["name"], role: r["role"], datasets: StoredToken.datasets(r["datasets"]),
                    revoked: r["revoked"], expiresAt: r["expires_at"])
            }
        }
    }

    public func revokeToken(hash: String) async throws {
        try await db.write { db in try db.execute(sql: "UPDATE api_token SET revoked = 1 WHERE token_hash = ?", arguments: [hash]) }
    }

    public func close() async {}
}
