/// The store's schema as numbered migrations, one SQL text per backend, applied in order and recorded, so
/// a database of any earlier version is brought up to date on open and both backends hold the same tables.
///
/// - v1: runs, statement lines, check results (the first SQLite store).
/// - v3: the dataset a run settled (API runs), and API tokens (stored as SHA-256 hashes, never in clear).
/// - v2: tenants, per-period run versions (`version`, `replaces_run_id`: a recalculation replaces the run before
///   it, which is kept), versioned input files (idempotent ingest), and triggers that refuse UPDATE and DELETE on
///   everything stored: runs and input files are immutable.
/// - v4: the work queue (``WorkQueue``, docs/scaling.md): `job` (one tenant's settlement of one period for many
///   resources), `work_unit` (one resource and period: where its dataset is, pending/done/failed, attempts, worker,
///   times, error), `work_attempt` (every claim, written outside the unit's transaction so a worker that dies still
///   leaves a trace), and the per-unit results written in the same transaction as the unit's `done`:
///   `unit_result` (the statement's lines: section, code, quantity µ, amount µ$, rounded cents; keyed by job, unit
///   and line position) and `unit_total` (the statement's own section totals, which `reduce` checks the lines
///   against). Results refuse UPDATE and DELETE like runs.
/// - v5: `unit_series` (``UnitSeries``): interval columns a worker stores with its unit for reduces that need them
///   (a DSO member's received and delivered energy per interval), one BLOB of little-endian `Int64`s per column.
/// - v6: `api_token.expires_at` (seconds since 1970-01-01T00:00:00Z; NULL = never, which every older token is).
/// - v7: `statement_line.interval_runs` and `check_result.interval_runs`: the full interval lineage of each line
///   and check (``IntervalRunsCoding``), where `first_interval_start` / `last_interval_end` kept only its ends.
///   NULL for rows stored before v7.
/// - v8: `run_figures`: what a run's charts are drawn from (the report figures: interval columns of the master
///   meter and the storage ledger, bill components, revenue stack), one opaque BLOB / BYTEA per run written in the
///   run's transaction, so pages draw charts from data. Runs stored before v8 have none.
/// - v9: `run_statement`: the whole statement (``StatementCoding``), one BLOB / BYTEA per run written in the run's
///   transaction; the statement JSON, CSV and HTML report are rendered from it (and the figures) on demand, and
///   `run.statement_json`, `statement_csv` and `report_html` are empty for new runs. Runs stored before v9 keep
///   the documents they were stored with and have no `run_statement` row.
/// - v10: `run.source_directory`: the absolute path of the directory a run was settled from (the command line, a
///   job's worker), so a drill-down can settle the run's unit again from it where the inputs were not ingested
///   into the store (docs/rules.md "Drill-down"). NULL for runs settled from stored files and for older runs.
public enum Schema {
    public struct Migration: Sendable {
        public var version: Int
        public var name: String
        public var sqlite: [String]
        public var postgres: [String]
    }

    /// The version a fully migrated database has.
    public static var currentVersion: Int { migrations.last!.version }

    public static let migrations: [Migration] = [
        Migration(
            version: 1, name: "v1",
            sqlite: [
                """
                CREATE TABLE run (id INTEGER PRIMARY KEY AUTOINCREMENT, site_id TEXT NOT NULL, resource_id TEXT NOT NULL,
                  market TEXT NOT NULL, period_start TEXT NOT NULL, period_end TEXT NOT NULL, status TEXT NOT NULL,
                  violation_count INTEGER NOT NULL, input_digest TEXT NOT NULL, policies TEXT NOT NULL, statement_json TEXT NOT NULL,
                  statement_csv TEXT NOT NULL, report_html TEXT NOT NULL)
                """,
                """
                CREATE TABLE statement_line (run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
                  section TEXT NOT NULL, code TEXT NOT NULL, description TEXT NOT NULL, quantity_micro INTEGER NOT NULL, unit TEXT NOT NULL,
                  unit_price_micro INTEGER, price_unit TEXT NOT NULL, amount_micros INTEGER NOT NULL, amount_cents INTEGER NOT NULL,
                  rule TEXT NOT NULL, interval_count INTEGER NOT NULL, first_interval_start TEXT, last_interval_end TEXT, note TEXT NOT NULL,
                  PRIMARY KEY (run_id, seq))
                """,
                """
                CREATE TABLE check_result (run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE, check_id TEXT NOT NULL,
                  status TEXT NOT NULL, energy_micro_kwh INTEGER NOT NULL, amount_micros INTEGER, interval_count INTEGER NOT NULL,
                  detail TEXT NOT NULL, question TEXT NOT NULL, rule TEXT NOT NULL, first_interval_start TEXT, last_interval_end TEXT,
                  PRIMARY KEY (run_id, check_id))
                """,
            ],
            postgres: [
                """
                CREATE TABLE run (id BIGSERIAL PRIMARY KEY, site_id TEXT NOT NULL, resource_id TEXT NOT NULL,
                  market TEXT NOT NULL, period_start TEXT NOT NULL, period_end TEXT NOT NULL, status TEXT NOT NULL,
                  violation_count BIGINT NOT NULL, input_digest TEXT NOT NULL, policies TEXT NOT NULL, statement_json TEXT NOT NULL,
                  statement_csv TEXT NOT NULL, report_html TEXT NOT NULL)
                """,
                """
                CREATE TABLE statement_line (run_id BIGINT NOT NULL REFERENCES run(id), seq BIGINT NOT NULL,
                  section TEXT NOT NULL, code TEXT NOT NULL, description TEXT NOT NULL, quantity_micro BIGINT NOT NULL, unit TEXT NOT NULL,
                  unit_price_micro BIGINT, price_unit TEXT NOT NULL, amount_micros BIGINT NOT NULL, amount_cents BIGINT NOT NULL,
                  rule TEXT NOT NULL, interval_count BIGINT NOT NULL, first_interval_start TEXT, last_interval_end TEXT, note TEXT NOT NULL,
                  PRIMARY KEY (run_id, seq))
                """,
                """
                CREATE TABLE check_result (run_id BIGINT NOT NULL REFERENCES run(id), check_id TEXT NOT NULL,
                  status TEXT NOT NULL, energy_micro_kwh BIGINT NOT NULL, amount_micros BIGINT, interval_count BIGINT NOT NULL,
                  detail TEXT NOT NULL, question TEXT NOT NULL, rule TEXT NOT NULL, first_interval_start TEXT, last_interval_end TEXT,
                  PRIMARY KEY (run_id, check_id))
                """,
            ]),
        Migration(
            version: 2, name: "v2-tenants-versions-inputs",
            sqlite: [
                "ALTER TABLE run ADD COLUMN tenant_id TEXT NOT NULL DEFAULT 'default'",
                "ALTER TABLE run ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
                "ALTER TABLE run ADD COLUMN replaces_run_id INTEGER REFERENCES run(id)",
                renumberRuns,
                replacedRuns,
                "CREATE UNIQUE INDEX run_period_version ON run (tenant_id, site_id, resource_id, period_start, period_end, version)",
                """
                CREATE TABLE input_file (tenant_id TEXT NOT NULL, dataset_id TEXT NOT NULL, name TEXT NOT NULL, version INTEGER NOT NULL,
                  digest TEXT NOT NULL, size INTEGER NOT NULL, content BLOB NOT NULL, PRIMARY KEY (tenant_id, dataset_id, name, version))
                """,
                "CREATE INDEX input_file_digest ON input_file (tenant_id, dataset_id, name, digest)",
            ] + ["run", "statement_line", "check_result", "input_file"].flatMap { table in
                ["UPDATE", "DELETE"].map { op in
                    "CREATE TRIGGER \(table)_no_\(op.lowercased()) BEFORE \(op) ON \(table) BEGIN SELECT RAISE(ABORT, 'stored \(table) rows are immutable: \(op) refused'); END"
                }
            },
            postgres: [
                "ALTER TABLE run ADD COLUMN tenant_id TEXT NOT NULL DEFAULT 'default'",
                "ALTER TABLE run ADD COLUMN version BIGINT NOT NULL DEFAULT 1",
                "ALTER TABLE run ADD COLUMN replaces_run_id BIGINT REFERENCES run(id)",
                renumberRuns,
                replacedRuns,
                "CREATE UNIQUE INDEX run_period_version ON run (tenant_id, site_id, resource_id, period_start, period_end, version)",
                """
                CREATE TABLE input_file (tenant_id TEXT NOT NULL, dataset_id TEXT NOT NULL, name TEXT NOT NULL, version BIGINT NOT NULL,
                  digest TEXT NOT NULL, size BIGINT NOT NULL, content BYTEA NOT NULL, PRIMARY KEY (tenant_id, dataset_id, name, version))
                """,
                "CREATE INDEX input_file_digest ON input_file (tenant_id, dataset_id, name, digest)",
                """
                CREATE FUNCTION gridsettle_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'stored % rows are immutable: % refused', TG_TABLE_NAME, TG_OP; END $$
                """,
            ] + ["run", "statement_line", "check_result", "input_file"].map { table in
                "CREATE TRIGGER \(table)_immutable BEFORE UPDATE OR DELETE ON \(table) FOR EACH ROW EXECUTE FUNCTION gridsettle_immutable()"
            }),
        Migration(
            version: 3, name: "v3-datasets-tokens",
            sqlite: [
                "ALTER TABLE run ADD COLUMN dataset_id TEXT",
                """
                CREATE TABLE api_token (token_hash TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL,
                  datasets TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0)
                """,
            ],
            postgres: [
                "ALTER TABLE run ADD COLUMN dataset_id TEXT",
                """
                CREATE TABLE api_token (token_hash TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL,
                  datasets TEXT NOT NULL, revoked BOOLEAN NOT NULL DEFAULT FALSE)
                """,
            ]),
        Migration(version: 4, name: "v4-work-queue", sqlite: WorkQueueSchema.sqlite, postgres: WorkQueueSchema.postgres),
        Migration(version: 5, name: "v5-unit-series", sqlite: WorkQueueSchema.seriesSQLite, postgres: WorkQueueSchema.seriesPostgres),
        // NULL = never expires, so every token made before v6 keeps working as it did
        Migration(
            version: 6, name: "v6-token-expiry",
            sqlite: ["ALTER TABLE api_token ADD COLUMN expires_at INTEGER"],
            postgres: ["ALTER TABLE api_token ADD COLUMN expires_at BIGINT"]),
        // NULL = stored before v7: only the first start and last end are known
        Migration(
            version: 7, name: "v7-interval-lineage",
            sqlite: ["ALTER TABLE statement_line ADD COLUMN interval_runs BLOB", "ALTER TABLE check_result ADD COLUMN interval_runs BLOB"],
            postgres: ["ALTER TABLE statement_line ADD COLUMN interval_runs BYTEA", "ALTER TABLE check_result ADD COLUMN interval_runs BYTEA"]),
        Migration(
            version: 8, name: "v8-run-figures",
            sqlite: ["CREATE TABLE run_figures (run_id INTEGER PRIMARY KEY REFERENCES run(id), figures BLOB NOT NULL)"]
                + ["UPDATE", "DELETE"].map { op in
                    "CREATE TRIGGER run_figures_no_\(op.lowercased()) BEFORE \(op) ON run_figures BEGIN SELECT RAISE(ABORT, 'stored run_figures rows are immutable: \(op) refused'); END"
                },
            postgres: [
                "CREATE TABLE run_figures (run_id BIGINT PRIMARY KEY REFERENCES run(id), figures BYTEA NOT NULL)",
                "CREATE TRIGGER run_figures_immutable BEFORE UPDATE OR DELETE ON run_figures FOR EACH ROW EXECUTE FUNCTION gridsettle_immutable()",
            ]),
        Migration(
            version: 9, name: "v9-run-statement",
            sqlite: ["CREATE TABLE run_statement (run_id INTEGER PRIMARY KEY REFERENCES run(id), statement BLOB NOT NULL)"]
                + ["UPDATE", "DELETE"].map { op in
                    "CREATE TRIGGER run_statement_no_\(op.lowercased()) BEFORE \(op) ON run_statement BEGIN SELECT RAISE(ABORT, 'stored run_statement rows are immutable: \(op) refused'); END"
                },
            postgres: [
                "CREATE TABLE run_statement (run_id BIGINT PRIMARY KEY REFERENCES run(id), statement BYTEA NOT NULL)",
                "CREATE TRIGGER run_statement_immutable BEFORE UPDATE OR DELETE ON run_statement FOR EACH ROW EXECUTE FUNCTION gridsettle_immutable()",
            ]),
        Migration(
            version: 10, name: "v10-run-source-directory",
            sqlite: ["ALTER TABLE run ADD COLUMN source_directory TEXT"],
            postgres: ["ALTER TABLE run ADD COLUMN source_directory TEXT"]),
    ]

    /// Runs stored before v2 get their version within their period, in id order.
    static let renumberRuns = """
        UPDATE run SET version = (SELECT COUNT(*) FROM run p WHERE p.tenant_id = run.tenant_id AND p.site_id = run.site_id
          AND p.resource_id = run.resource_id AND p.period_start = run.period_start AND p.period_end = run.period_end AND p.id <= run.id)
        """
    static let replacedRuns = """
        UPDATE run SET replaces_run_id = (SELECT MAX(p.id) FROM run p WHERE p.tenant_id = run.tenant_id AND p.site_id = run.site_id
          AND p.resource_id = run.resource_id AND p.period_start = run.period_start AND p.period_end = run.period_end AND p.id < run.id)
        """
}
