/// Schema v4, the work queue (``WorkQueue``; design in docs/scaling.md). Kept beside the queue code;
/// ``Schema/migrations`` applies it like every other version, to both backends.
///
/// - `job`: one tenant's settlement of one period for many resources, by name (`UNIQUE (tenant_id, name)`).
/// - `work_unit`: one (resource, period) of a job, `UNIQUE (job_id, unit_key)` so planning twice adds nothing.
///   `input_location` is where the worker reads the dataset: a directory path today, which on a cluster is a path on
///   a volume every worker mounts at the same place. The partial index holds only pending units, so the claim
///   (`… WHERE status = 'pending' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`) stays an index probe however many
///   units are done.
/// - `work_attempt`: one row per claim, committed on its own (outside the unit's transaction), so an attempt whose
///   worker died is still counted; that is what lets a worker give up on a unit that kills every worker.
///   Deliberately without a foreign key: the insert must not wait for the claimed row's lock.
/// - `unit_result`, `unit_total`: the statement's lines and its own section totals, written in the transaction that
///   marks the unit done, keyed by (job, unit, line position / section), and immutable.
enum WorkQueueSchema {
    static let sqlite: [String] = [
        """
        CREATE TABLE job (id INTEGER PRIMARY KEY AUTOINCREMENT, tenant_id TEXT NOT NULL, name TEXT NOT NULL,
          period_start TEXT NOT NULL, period_end TEXT NOT NULL,
          created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
          status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'finished')), UNIQUE (tenant_id, name))
        """,
        """
        CREATE TABLE work_unit (id INTEGER PRIMARY KEY AUTOINCREMENT, job_id INTEGER NOT NULL REFERENCES job(id), unit_key TEXT NOT NULL,
          resource_id TEXT NOT NULL, period_start TEXT NOT NULL, period_end TEXT NOT NULL, input_location TEXT NOT NULL,
          status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')), attempts INTEGER NOT NULL DEFAULT 0,
          worker TEXT, started_at TEXT, finished_at TEXT, error TEXT, statement_status TEXT, violation_count INTEGER,
          UNIQUE (job_id, unit_key))
        """,
        "CREATE INDEX work_unit_pending ON work_unit (job_id, id) WHERE status = 'pending'",
        """
        CREATE TABLE work_attempt (unit_id INTEGER NOT NULL, attempt INTEGER NOT NULL, job_id INTEGER NOT NULL, worker TEXT NOT NULL,
          started_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), PRIMARY KEY (unit_id, attempt))
        """,
        """
        CREATE TABLE unit_result (job_id INTEGER NOT NULL, unit_id INTEGER NOT NULL REFERENCES work_unit(id), seq INTEGER NOT NULL,
          section TEXT NOT NULL, code TEXT NOT NULL, unit TEXT NOT NULL, quantity_micro INTEGER NOT NULL, amount_micros INTEGER NOT NULL,
          amount_cents INTEGER NOT NULL, PRIMARY KEY (job_id, unit_id, seq))
        """,
        """
        CREATE TABLE unit_total (job_id INTEGER NOT NULL, unit_id INTEGER NOT NULL REFERENCES work_unit(id), section TEXT NOT NULL,
          amount_cents INTEGER NOT NULL, PRIMARY KEY (job_id, unit_id, section))
        """,
    ] + ["unit_result", "unit_total"].flatMap { table in
        ["UPDATE", "DELETE"].map { op in
            "CREATE TRIGGER \(table)_no_\(op.lowercased()) BEFORE \(op) ON \(table) BEGIN SELECT RAISE(ABORT, 'stored \(table) rows are immutable: \(op) refused'); END"
        }
    }

    static let postgres: [String] = [
        """
        CREATE TABLE job (id BIGSERIAL PRIMARY KEY, tenant_id TEXT NOT NULL, name TEXT NOT NULL,
          period_start TEXT NOT NULL, period_end TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
          status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'finished')), UNIQUE (tenant_id, name))
        """,
        """
        CREATE TABLE work_unit (id BIGSERIAL PRIMARY KEY, job_id BIGINT NOT NULL REFERENCES job(id), unit_key TEXT NOT NULL,
          resource_id TEXT NOT NULL, period_start TEXT NOT NULL, period_end TEXT NOT NULL, input_location TEXT NOT NULL,
          status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')), attempts BIGINT NOT NULL DEFAULT 0,
          worker TEXT, started_at TIMESTAMPTZ, finished_at TIMESTAMPTZ, error TEXT, statement_status TEXT, violation_count BIGINT,
          UNIQUE (job_id, unit_key))
        """,
        "CREATE INDEX work_unit_pending ON work_unit (job_id, id) WHERE status = 'pending'",
        """
        CREATE TABLE work_attempt (unit_id BIGINT NOT NULL, attempt BIGINT NOT NULL, job_id BIGINT NOT NULL, worker TEXT NOT NULL,
          started_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(), PRIMARY KEY (unit_id, attempt))
        """,
        """
        CREATE TABLE unit_result (job_id BIGINT NOT NULL, unit_id BIGINT NOT NULL REFERENCES work_unit(id), seq BIGINT NOT NULL,
          section TEXT NOT NULL, code TEXT NOT NULL, unit TEXT NOT NULL, quantity_micro BIGINT NOT NULL, amount_micros BIGINT NOT NULL,
          amount_cents BIGINT NOT NULL, PRIMARY KEY (job_id, unit_id, seq))
        """,
        """
        CREATE TABLE unit_total (job_id BIGINT NOT NULL, unit_id BIGINT NOT NULL REFERENCES work_unit(id), section TEXT NOT NULL,
          amount_cents BIGINT NOT NULL, PRIMARY KEY (job_id, unit_id, section))
        """,
    ] + ["unit_result", "unit_total"].map { table in
        // gridsettle_immutable() is v2's
        "CREATE TRIGGER \(table)_immutable BEFORE UPDATE OR DELETE ON \(table) FOR EACH ROW EXECUTE FUNCTION gridsettle_immutable()"
    }

    /// Schema v5: `unit_series`, interval columns stored with a unit (``UnitSeries``): the values as one BLOB / BYTEA
    /// of little-endian `Int64`s with the grid they are on. Written with the unit's lines, immutable like them.
    static let seriesSQLite: [String] = [
        """
        CREATE TABLE unit_series (job_id INTEGER NOT NULL, unit_id INTEGER NOT NULL REFERENCES work_unit(id), name TEXT NOT NULL,
          start_utc TEXT NOT NULL, interval_seconds INTEGER NOT NULL, value_count INTEGER NOT NULL, data BLOB NOT NULL,
          PRIMARY KEY (job_id, unit_id, name))
        """,
    ] + ["UPDATE", "DELETE"].map { op in
        "CREATE TRIGGER unit_series_no_\(op.lowercased()) BEFORE \(op) ON unit_series BEGIN SELECT RAISE(ABORT, 'stored unit_series rows are immutable: \(op) refused'); END"
    }

    static let seriesPostgres: [String] = [
        """
        CREATE TABLE unit_series (job_id BIGINT NOT NULL, unit_id BIGINT NOT NULL REFERENCES work_unit(id), name TEXT NOT NULL,
          start_utc TEXT NOT NULL, interval_seconds BIGINT NOT NULL, value_count BIGINT NOT NULL, data BYTEA NOT NULL,
          PRIMARY KEY (job_id, unit_id, name))
        """,
        "CREATE TRIGGER unit_series_immutable BEFORE UPDATE OR DELETE ON unit_series FOR EACH ROW EXECUTE FUNCTION gridsettle_immutable()",
    ]
}
