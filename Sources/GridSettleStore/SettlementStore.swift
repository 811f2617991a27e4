import GRDB
import GridSettleCore

/// Settlement runs and their statements in an embedded SQLite database (GRDB).
///
/// A run is written in one transaction: the run row, every statement line and every check result, so a
/// failure part-way leaves nothing half-written. Runs are never updated; a re-settlement is a new run.
public final class SettlementStore: Sendable {
    let db: DatabaseQueue

    /// Opens (and migrates) the database at `path`; `":memory:"` for a throw-away store.
    public init(path: String) throws {
        db = path == ":memory:" ? try DatabaseQueue() : try DatabaseQueue(path: path)
        try Self.migrator.migrate(db)
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.create(table: "run") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("site_id", .text).notNull()
                t.column("resource_id", .text).notNull()
                t.column("market", .text).notNull()
                t.column("period_start", .text).notNull()
                t.column("period_end", .text).notNull()
                t.column("status", .text).notNull()
                t.column("violation_count", .integer).notNull()
                t.column("input_digest", .text).notNull()
                t.column("policies", .text).notNull()
                t.column("statement_json", .text).notNull()
                t.column("statement_csv", .text).notNull()
                t.column("report_html", .text).notNull()
            }
            try db.create(table: "statement_line") { t in
                t.column("run_id", .integer).notNull().references("run", onDelete: .cascade)
                t.column("seq", .integer).notNull()
                t.column("section", .text).notNull()
                t.column("code", .text).notNull()
                t.column("description", .text).notNull()
                t.column("quantity_micro", .integer).notNull()
                t.column("unit", .text).notNull()
                t.column("unit_price_micro", .integer)
                t.column("price_unit", .text).notNull()
                t.column("amount_micros", .integer).notNull()
                t.column("amount_cents", .integer).notNull()
                t.column("rule", .text).notNull()
                t.column("interval_count", .integer).notNull()
                t.column("first_interval_start", .text)
                t.column("last_interval_end", .text)
                t.column("note", .text).notNull()
                t.primaryKey(["run_id", "seq"])
            }
            try db.create(table: "check_result") { t in
                t.column("run_id", .integer).notNull().references("run", onDelete: .cascade)
                t.column("check_id", .text).notNull()
                t.column("status", .text).notNull()
                t.column("energy_micro_kwh", .integer).notNull()
                t.column("amount_micros", .integer)
                t.column("interval_count", .integer).notNull()
                t.column("detail", .text).notNull()
                t.column("question", .text).notNull()
                t.column("rule", .text).notNull()
                t.column("first_interval_start", .text)
                t.column("last_interval_end", .text)
                t.primaryKey(["run_id", "check_id"])
            }
        }
        return m
    }

    /// Stores a run; returns its id.
    @discardableResult
    public func save(
        statement s: GridSettleCore.Statement, inputDigest: String, statementJSON: String, statementCSV: String, reportHTML: String
    ) throws -> Int64 {
        try db.write { db in
            try db.execute(
                sql: """
                    INSERT INTO run (site_id, resource_id, market, period_start, period_end, status, violation_count,
                                     input_digest, policies, statement_json, statement_csv, report_html)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    s.siteID, s.resourceID, s.market.rawValue, s.period.start.description, s.period.end.description,
                    s.status.rawValue, s.violations.count, inputDigest,
                    s.policies.map { "\($0.name)=\($0.value)" }.joined(separator: ";"), statementJSON, statementCSV, reportHTML,
                ])
            let runID = db.lastInsertedRowID
            for (seq, l) in s.lines.enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO statement_line VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        runID, seq, l.section.rawValue, l.code, l.description, l.quantityMicro, l.unit, l.unitPriceMicro,
                        l.priceUnit, l.amount.micros, l.roundedAmount.cents, l.rule, l.intervalCount,
                        l.runs.first?.start.description, l.runs.last?.end.description, l.note,
                    ])
            }
            for c in s.checks {
                try db.execute(
                    sql: "INSERT INTO check_result VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    arguments: [
                        runID, c.id, c.status.rawValue, c.energyMicroKWh, c.amount?.micros, c.intervalCount, c.detail,
                        c.question, c.rule, c.runs.first?.start.description, c.runs.last?.end.description,
                    ])
            }
            return runID
        }
    }

    /// A stored run's summary.
    public struct RunSummary: Sendable, Hashable {
        public var id: Int64
        public var siteID: String
        public var resourceID: String
        public var periodStart: String
        public var periodEnd: String
        public var status: String
        public var violationCount: Int
        public var inputDigest: String
    }

    public func runs() throws -> [RunSummary] {
        try db.read { db in
            try Row.fetchAll(db, sql: "SELECT id, site_id, resource_id, period_start, period_end, status, violation_count, input_digest FROM run ORDER BY id")
                .map(Self.summary)
        }
    }

    public func run(id: Int64) throws -> RunSummary? {
        try db.read { db in
            try Row.fetchOne(db, sql: "SELECT id, site_id, resource_id, period_start, period_end, status, violation_count, input_digest FROM run WHERE id = ?", arguments: [id])
                .map(Self.summary)
        }
    }

    static func summary(_ r: Row) -> RunSummary {
        RunSummary(id: r["id"], siteID: r["site_id"], resourceID: r["resource_id"], periodStart: r["period_start"], periodEnd: r["period_end"],
                   status: r["status"], violationCount: r["violation_count"], inputDigest: r["input_digest"])
    }

    /// The stored documents of a run: statement JSON, statement CSV and HTML report.
    public func documents(runID: Int64) throws -> (json: String, csv: String, html: String)? {
        try db.read { db in
            try Row.fetchOne(db, sql: "SELECT statement_json, statement_csv, report_html FROM run WHERE id = ?", arguments: [runID])
                .map { ($0["statement_json"], $0["statement_csv"], $0["report_html"]) }
        }
    }

    /// Stored line amounts in cents, in statement order, and the section totals recomputed by SQL.
    public func lineCents(runID: Int64) throws -> [(section: String, code: String, cents: Int64)] {
        try db.read { db in
            try Row.fetchAll(db, sql: "SELECT section, code, amount_cents FROM statement_line WHERE run_id = ? ORDER BY seq", arguments: [runID])
                .map { ($0["section"], $0["code"], $0["amount_cents"]) }
        }
    }

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
}

/// A 64-bit FNV-1a digest of the input files, to recognise a re-run of identical inputs (identification
/// only, not security).
public enum InputDigest {
    public static func of(files: [String: [UInt8]]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for (name, bytes) in files.sorted(by: { $0.key < $1.key }) {
            for b in Array(name.utf8) + [0] + bytes {
                h ^= UInt64(b)
                h = h &* 0x0000_0100_0000_01B3
            }
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
