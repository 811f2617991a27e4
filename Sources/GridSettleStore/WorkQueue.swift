import GridSettleCore

/// Settling many resources as one job that any number of worker processes share (docs/scaling.md).
///
/// The unit of work is one (resource, period): one dataset, settled by `SettlementEngine.settle` in the worker's
/// process with nothing shared. A job is planned once (one `work_unit` row per dataset, idempotently), worked by
/// N processes, and reduced over its finished units.
///
/// The PostgreSQL backend is the one meant for many processes: a worker claims a unit with
/// `SELECT … FOR UPDATE SKIP LOCKED` inside a transaction; the row lock is the lease (a worker that dies loses its
/// connection, the server rolls the transaction back and the unit is pending again); the results are written and
/// the unit marked done in that same transaction, so a unit is either done with all its results or pending with
/// none. The SQLite backend runs the same protocol for one process on a laptop: the unit's transaction holds the
/// database's write lock, so several processes are safe but take turns.
public protocol WorkQueue: Sendable {
    /// `sqlite` or `postgres`.
    var backend: String { get }

    /// Creates the job `name` of `tenant` if it is new (its period is that of the first unit), then adds every unit
    /// it does not already have. Planning the same units again adds nothing. Units of another period than the job's,
    /// or repeating a key earlier in `units`, are refused and listed.
    func plan(tenant: String, job name: String, units: [PlannedUnit]) async throws -> PlanOutcome

    func job(tenant: String, name: String) async throws -> WorkJob?

    /// Puts the job's failed units back to pending (after the dataset was fixed); returns how many.
    func retryFailed(jobID: Int64) async throws -> Int

    /// One step of a worker's loop: claims the first pending units nobody holds (up to ``WorkOptions/batchSize``),
    /// calls `settle` with each in turn (inside their one transaction), writes each one's results or failure and
    /// marks it, then commits once. Returns ``WorkStep/waiting(held:)`` when units are pending but every one is
    /// held by another worker, and ``WorkStep/finished`` when no unit is pending. Throws only for database errors
    /// (the units stay pending). A batch is all-or-nothing like a single unit: a worker that dies leaves every unit
    /// of its batch pending, each with its attempt recorded.
    func workNext(jobID: Int64, worker: String, options: WorkOptions, settle: @Sendable (ClaimedUnit) -> UnitOutcome) async throws -> WorkStep

    func counts(jobID: Int64) async throws -> UnitCounts

    /// Marks the job `finished` when none of its units is pending, and returns the counts.
    @discardableResult
    func finishIfComplete(jobID: Int64) async throws -> UnitCounts

    /// Totals by section and line code over the done units, with the check that the sum of the units' own section
    /// totals (rounded cents) equals the reduced total exactly.
    func reduce(jobID: Int64) async throws -> JobReduction

    /// Every unit of the job, in plan order.
    func units(jobID: Int64) async throws -> [WorkUnitRow]

    /// Every stored result line of the job, by unit key and line position.
    func results(jobID: Int64) async throws -> [UnitResultRow]

    /// Every interval column stored with the job's done units (schema v5), by unit key and name. Throws
    /// ``UnitSeriesCorrupt`` for a row whose bytes do not match its length.
    func series(jobID: Int64) async throws -> [UnitSeriesRow]

    func close() async
}

/// Hooks for tests; nil in production.
public enum WorkQueueHooks {
    /// Called inside the unit's transaction after the results are written and the unit is marked done (or failed),
    /// right before COMMIT (for a batch: for each of its units, after the last one is written): the kill test
    /// stops a worker there.
    nonisolated(unsafe) public static var beforeCommit: (@Sendable (ClaimedUnit) -> Void)?
}

extension Repositories {
    /// The work queue a `--db` value names: a `postgres://` URL (migrated to the current schema, like
    /// ``open(_:)``), or a SQLite file.
    public static func openWorkQueue(_ location: String) async throws -> any WorkQueue {
        if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
            return try await PostgresRepository.open(url: location)
        }
        return try SQLiteWorkQueue(path: location)
    }
}

/// A job: one tenant's settlement of one period for many resources.
public struct WorkJob: Sendable, Hashable {
    public var id: Int64
    public var tenant: String
    public var name: String
    public var periodStart: String
    public var periodEnd: String
    /// ISO 8601, UTC.
    public var created: String
    /// `open` while any unit is pending, `finished` once none is (checked when a worker stops and on reduce).
    public var status: String
}

/// A unit to plan: one dataset (one resource, one period) and where workers read it.
public struct PlannedUnit: Sendable, Hashable {
    public var resourceID: String
    public var periodStart: String
    public var periodEnd: String
    /// The dataset directory as every worker sees it (on a cluster: the path on the shared volume).
    public var inputLocation: String

    public init(resourceID: String, periodStart: String, periodEnd: String, inputLocation: String) {
        self.resourceID = resourceID
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.inputLocation = inputLocation
    }

    /// The unit key: resource id and period, `R@2016-11-01/2016-12-01` (an ISO 8601 interval of local dates).
    public var key: String { WorkUnitKey.make(resourceID: resourceID, periodStart: periodStart, periodEnd: periodEnd) }
}

public enum WorkUnitKey {
    public static func make(resourceID: String, periodStart: String, periodEnd: String) -> String {
        "\(resourceID)@\(periodStart)/\(periodEnd)"
    }
}

public struct PlanOutcome: Sendable {
    public var job: WorkJob
    /// Whether this call created the job.
    public var created: Bool
    /// Units new to the job.
    public var added: Int
    /// Units the job already had (same key); nothing changed for them.
    public var alreadyPlanned: Int
    /// Of those, the ones planned earlier from another input location (the earlier location stays).
    public var plannedElsewhere: [(key: String, planned: String, given: String)]
    /// Units not planned, with the reason.
    public var refused: [(unit: PlannedUnit, reason: String)]
}

/// What a worker holds while it settles.
public struct ClaimedUnit: Sendable, Hashable {
    public var jobID: Int64
    public var unitID: Int64
    public var key: String
    public var resourceID: String
    public var periodStart: String
    public var periodEnd: String
    public var inputLocation: String
    /// 1 for the first claim of the unit; more when earlier claims never finished (the worker died or timed out).
    public var attempt: Int
}

public struct WorkOptions: Sendable {
    /// A unit whose claims keep dying with the worker (a dataset that crashes the process, or takes longer than
    /// the timeout) is marked failed on the next claim after this many attempts, instead of killing every worker.
    public var maxAttempts: Int = 3
    /// PostgreSQL: how long a unit's transaction may sit idle before the server ends it (`SET LOCAL
    /// idle_in_transaction_session_timeout`), which frees the unit of a worker that hangs without dying.
    public var unitTimeoutSeconds: Int = 900
    /// How many units one step claims and commits together (at least 1). Units that settle in a fraction of a
    /// millisecond (a DSO member) spend most of their time in the queue's commits (docs/scaling.md); a batch
    /// commits once for all of them.
    public var batchSize: Int = 1

    public init(maxAttempts: Int = 3, unitTimeoutSeconds: Int = 900, batchSize: Int = 1) {
        self.maxAttempts = maxAttempts
        self.unitTimeoutSeconds = unitTimeoutSeconds
        self.batchSize = max(1, batchSize)
    }
}

/// The settled unit (its statement's lines and section totals) or why it could not be settled.
public enum UnitOutcome: Sendable {
    case settled(UnitResult)
    /// The dataset is invalid or the settlement refused it: the unit is marked failed with this text.
    case failed(String)
}

/// The compact form of one statement that the queue stores: its lines, its own section totals, status and
/// violation count. Amounts are integers: µ$ exact and the line's cents as rounded once by the engine.
/// A unit may also store interval columns (``series``) that a later reduce needs interval by interval.
public struct UnitResult: Sendable {
    public var lines: [UnitLine]
    public var sectionTotals: [UnitSectionTotal]
    public var statementStatus: String
    public var violationCount: Int
    /// Interval columns stored with the unit (schema v5 `unit_series`); names unique within the unit.
    public var series: [UnitSeries] = []
    /// The unit's settlement as an ordinary run (statement, documents, fingerprint), stored in the same
    /// transaction as the unit's result, so the API and the pages list a job's resources like any run.
    public var run: NewRun?

    public init(
        lines: [UnitLine], sectionTotals: [UnitSectionTotal], statementStatus: String, violationCount: Int, series: [UnitSeries] = []
    ) {
        self.lines = lines
        self.sectionTotals = sectionTotals
        self.statementStatus = statementStatus
        self.violationCount = violationCount
        self.series = series
    }

    public init(statement s: GridSettleCore.Statement) {
        lines = s.lines.enumerated().map { seq, l in
            UnitLine(
                seq: seq, section: l.section.rawValue, code: l.code, unit: l.unit, quantityMicro: l.quantityMicro,
                amountMicros: l.amount.micros, amountCents: l.roundedAmount.cents)
        }
        sectionTotals = StatementSection.allCases.filter { sec in s.lines.contains { $0.section == sec } }
            .map { UnitSectionTotal(section: $0.rawValue, amountCents: s.total($0).cents) }
        statementStatus = s.status.rawValue
        violationCount = s.violations.count
    }
}

public struct UnitLine: Sendable, Hashable {
    /// Position in the statement (the result key with job and unit: a line code can repeat across sections).
    public var seq: Int
    public var section: String
    public var code: String
    public var unit: String
    public var quantityMicro: Int64
    public var amountMicros: Int64
    public var amountCents: Int64

    public init(seq: Int, section: String, code: String, unit: String, quantityMicro: Int64, amountMicros: Int64, amountCents: Int64) {
        self.seq = seq
        self.section = section
        self.code = code
        self.unit = unit
        self.quantityMicro = quantityMicro
        self.amountMicros = amountMicros
        self.amountCents = amountCents
    }
}

public struct UnitSectionTotal: Sendable, Hashable {
    public var section: String
    public var amountCents: Int64

    public init(section: String, amountCents: Int64) {
        self.section = section
        self.amountCents = amountCents
    }
}

public enum WorkStep: Sendable {
    /// The units of one step, in claim order (at least one).
    case worked([WorkedUnit])
    /// Units are pending but all are held by other workers (one may die and release its unit).
    case waiting(held: Int)
    /// No unit is pending.
    case finished
}

public struct WorkedUnit: Sendable {
    public var unit: ClaimedUnit
    /// `done` or `failed`.
    public var status: String
    public var error: String?
    public var lineCount: Int
}

public struct UnitCounts: Sendable, Hashable {
    public var pending = 0
    public var done = 0
    public var failed = 0
    /// Done or failed units that took more than one attempt.
    public var retried = 0
    /// Done units whose statement reports a check violation.
    public var withViolations = 0
    public var total: Int { pending + done + failed }

    public init() {}
}

public struct WorkUnitRow: Sendable, Hashable {
    public var id: Int64
    public var key: String
    public var resourceID: String
    public var periodStart: String
    public var periodEnd: String
    public var inputLocation: String
    public var status: String
    public var attempts: Int
    public var worker: String?
    public var startedAt: String?
    public var finishedAt: String?
    public var error: String?
    public var statementStatus: String?
    public var violationCount: Int?
}

public struct UnitResultRow: Sendable, Hashable {
    public var unitKey: String
    public var line: UnitLine
}

/// One line code's totals over the job's done units.
public struct CodeTotal: Sendable, Hashable {
    public var section: String
    public var code: String
    public var unit: String
    /// Statement lines summed (one per unit that has the line).
    public var lineCount: Int
    public var quantityMicro: Int64
    /// Σ of the lines' exact amounts (for reference; money is the sum of the rounded lines).
    public var amountMicros: Int64
    /// Σ of the lines' rounded amounts: the job's money for this code.
    public var amountCents: Int64
    /// The code's first position in a statement, to print codes in statement order.
    public var firstSeq: Int
}

/// A section's reduced total against the sum of the units' own section totals.
public struct SectionCheck: Sendable, Hashable {
    public var section: String
    /// Σ over the section's codes of ``CodeTotal/amountCents``.
    public var reducedCents: Int64
    /// Σ over units of the statement's section total, as each worker computed it from its statement.
    public var unitTotalCents: Int64
    public var units: Int
    public var balanced: Bool { reducedCents == unitTotalCents }
}

public struct JobReduction: Sendable {
    public var job: WorkJob
    public var counts: UnitCounts
    /// In statement order: sections as ``StatementSection`` lists them, codes by first position.
    public var totals: [CodeTotal]
    public var sections: [SectionCheck]
    /// Every section balances: the money does not depend on which worker settled what.
    public var balanced: Bool { sections.allSatisfy(\.balanced) }

    /// Sorts the code totals into statement order.
    static func ordered(_ totals: [CodeTotal]) -> [CodeTotal] {
        let rank = Dictionary(uniqueKeysWithValues: StatementSection.allCases.enumerated().map { ($1.rawValue, $0) })
        return totals.sorted {
            let a = rank[$0.section] ?? Int.max, b = rank[$1.section] ?? Int.max
            if a != b { return a < b }
            if $0.firstSeq != $1.firstSeq { return $0.firstSeq < $1.firstSeq }
            return ($0.code, $0.unit) < ($1.code, $1.unit)
        }
    }

    /// Builds the section checks from the code totals and the units' section totals.
    static func sectionChecks(_ totals: [CodeTotal], unitTotals: [(section: String, cents: Int64, units: Int)]) -> [SectionCheck] {
        var reduced: [String: Int64] = [:]
        for t in totals { reduced[t.section, default: 0] += t.amountCents }
        var byUnit: [String: (Int64, Int)] = [:]
        for u in unitTotals { byUnit[u.section] = (u.cents, u.units) }
        let rank = Dictionary(uniqueKeysWithValues: StatementSection.allCases.enumerated().map { ($1.rawValue, $0) })
        return Set(reduced.keys).union(byUnit.keys).sorted { (rank[$0] ?? Int.max, $0) < (rank[$1] ?? Int.max, $1) }.map { s in
            SectionCheck(section: s, reducedCents: reduced[s] ?? 0, unitTotalCents: byUnit[s]?.0 ?? 0, units: byUnit[s]?.1 ?? 0)
        }
    }
}

/// Plan-time rules shared by both backends.
enum WorkPlanning {
    /// Splits `units` into those to insert and those refused: the period must be the job's, a key may appear once.
    static func screen(_ units: [PlannedUnit], periodStart: String, periodEnd: String)
        -> (accepted: [PlannedUnit], refused: [(unit: PlannedUnit, reason: String)])
    {
        var seen: [String: String] = [:]
        var accepted: [PlannedUnit] = []
        var refused: [(unit: PlannedUnit, reason: String)] = []
        for u in units {
            if u.periodStart != periodStart || u.periodEnd != periodEnd {
                refused.append((u, "period \(u.periodStart)/\(u.periodEnd) is not the job's \(periodStart)/\(periodEnd)"))
            } else if let first = seen[u.key] {
                refused.append((u, "same resource and period as \(first)"))
            } else {
                seen[u.key] = u.inputLocation
                accepted.append(u)
            }
        }
        return (accepted, refused)
    }

    /// The text stored on a unit given up after too many attempts.
    static func abandoned(_ attempt: Int) -> String {
        "gave up at attempt \(attempt): the \(attempt - 1) attempt(s) before it started and never finished "
            + "(the worker died, or its transaction outlived the unit timeout); see work_attempt"
    }

    /// Error texts are kept whole up to this many characters.
    static let maxErrorLength = 8000

    static func clip(_ s: String) -> String {
        s.count <= maxErrorLength ? s : String(s.prefix(maxErrorLength)) + "… (\(s.count - maxErrorLength) more characters)"
    }
}
