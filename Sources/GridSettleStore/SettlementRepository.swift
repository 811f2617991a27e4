import GridSettleCore

/// Everything GridSettle persists, behind one protocol with two backends: ``SettlementStore`` (SQLite through
/// GRDB, the embedded default) and ``PostgresRepository`` (PostgreSQL through postgres-nio). Both hold the same
/// versioned schema (``Schema``) and pass the same contract tests.
///
/// Guarantees every backend keeps:
/// - a run is written in one transaction (run, lines, checks) and never changed; a recalculation of the same
///   tenant, site, resource and period is a new run with the next `version` that `replaces` the one before;
/// - ingesting the same bytes under the same name twice changes nothing; different bytes make the next
///   version of that file, and every earlier version is kept.
public protocol SettlementRepository: Sendable {
    /// `sqlite` or `postgres`.
    var backend: String { get }
    /// The schema version of the database (``Schema/currentVersion`` once opened).
    func schemaVersion() async throws -> Int

    func save(_ run: NewRun) async throws -> SavedRun
    /// Stores several runs, in order; SQLite commits them in one transaction (a portfolio's settlement saves
    /// its units in batches, and a commit per unit was a tenth of its time). Each run is still whole or absent.
    func save(_ runs: [NewRun]) async throws -> [SavedRun]
    func runs(tenant: String) async throws -> [RunSummary]
    func run(id: Int64) async throws -> RunSummary?
    func lines(runID: Int64) async throws -> [StoredLine]
    func checks(runID: Int64) async throws -> [StoredCheck]
    /// The documents stored as text with a run settled before schema v9; a run since stores empty text and its
    /// documents are rendered on demand from ``statement(runID:)`` and ``figures(runID:)``.
    func documents(runID: Int64) async throws -> RunDocuments?
    /// The whole statement as stored (schema v9, ``StatementCoding``); nil for a run stored before v9.
    func statement(runID: Int64) async throws -> [UInt8]?
    /// What the run's charts are drawn from, as stored (schema v8, an opaque encoding the caller decodes); nil for a
    /// run stored without them (before v8).
    func figures(runID: Int64) async throws -> [UInt8]?
    /// The run `runID` replaced (the previous version of its period), if any.
    func replacedRun(of runID: Int64) async throws -> RunSummary?
    /// Line-by-line comparison of two runs (see ``LineDifference``).
    func compare(from oldRunID: Int64, to newRunID: Int64) async throws -> [LineDifference]

    func ingest(_ file: IngestFile) async throws -> IngestOutcome
    /// Every version of one input file, oldest first (without contents).
    func fileVersions(tenant: String, dataset: String, name: String) async throws -> [StoredFileVersion]
    /// The latest version of each file of a dataset, with contents: what a settlement of it reads.
    func currentFiles(tenant: String, dataset: String) async throws -> [String: [UInt8]]

    /// API tokens, by the SHA-256 hash of the token (the token itself is never stored).
    func saveToken(_ token: StoredToken) async throws
    func token(hash: String) async throws -> StoredToken?
    func revokeToken(hash: String) async throws

    /// Releases connections (PostgreSQL); a no-op for SQLite.
    func close() async
}

extension SettlementRepository {
    /// One transaction per run.
    public func save(_ runs: [NewRun]) async throws -> [SavedRun] {
        var out: [SavedRun] = []
        for r in runs { out.append(try await save(r)) }
        return out
    }
}

/// A run to store: the statement and the documents written from it.
public struct NewRun: Sendable {
    public var tenant: String
    /// The dataset settled (runs started through the API); nil from the command line.
    public var dataset: String?
    /// Stored whole (schema v9, ``StatementCoding``) and as rows: its documents are rendered from it on demand.
    public var statement: GridSettleCore.Statement
    public var inputDigest: String
    /// What the run's charts are drawn from, encoded by the caller (the report figures); nil stores none.
    public var figures: [UInt8]?
    /// The absolute path of the directory the run was settled from (schema v10); nil for stored files.
    public var sourceDirectory: String?

    public init(
        tenant: String = "default", dataset: String? = nil, statement: GridSettleCore.Statement, inputDigest: String, figures: [UInt8]? = nil,
        sourceDirectory: String? = nil
    ) {
        self.tenant = tenant
        self.dataset = dataset
        self.statement = statement
        self.inputDigest = inputDigest
        self.figures = figures
        self.sourceDirectory = sourceDirectory
    }
}

public struct SavedRun: Sendable, Hashable {
    public var id: Int64
    /// 1 for the first settlement of a period, 2 for the first recalculation, …
    public var version: Int
    public var replaces: Int64?
}

/// A stored run's summary.
public struct RunSummary: Sendable, Hashable {
    public var id: Int64
    public var tenantID: String
    public var siteID: String
    public var resourceID: String
    public var periodStart: String
    public var periodEnd: String
    public var status: String
    public var violationCount: Int
    public var inputDigest: String
    public var version: Int
    public var replacesRunID: Int64?
    public var datasetID: String?
    /// Where a run settled from a directory was settled from (schema v10), for a drill-down; never shown to API callers.
    public var sourceDirectory: String? = nil
}

public struct StoredLine: Sendable, Hashable {
    public var seq: Int
    public var section: String
    public var code: String
    public var description: String
    public var quantityMicro: Int64
    public var unit: String
    public var unitPriceMicro: Int64?
    public var priceUnit: String
    public var amountMicros: Int64
    public var amountCents: Int64
    public var rule: String
    public var intervalCount: Int
    public var firstIntervalStart: String?
    public var lastIntervalEnd: String?
    public var note: String
    /// Every run of intervals behind the line (schema v7); nil for a line stored before v7, which kept only
    /// ``firstIntervalStart`` and ``lastIntervalEnd``.
    public var intervals: [IntervalRun]?
}

public struct StoredCheck: Sendable, Hashable {
    public var id: String
    public var status: String
    public var energyMicroKWh: Int64
    public var amountMicros: Int64?
    public var intervalCount: Int
    public var detail: String
    public var question: String
    public var rule: String
    /// Every run of intervals behind the check's figure (schema v7); nil for a check stored before v7.
    public var intervals: [IntervalRun]?

    /// The status as the engine's type; nil only for a status this version does not know (a newer writer).
    public var checkStatus: CheckResult.Status? { CheckResult.Status(rawValue: status) }
    public var isViolation: Bool { checkStatus == .violation }
}

public struct RunDocuments: Sendable, Hashable {
    public var json: String
    public var csv: String
    public var html: String

    public init(json: String, csv: String, html: String) {
        self.json = json
        self.csv = csv
        self.html = html
    }
}

/// One input file sent for a dataset (a tenant's dataset id and the file's name in the dataset format).
public struct IngestFile: Sendable {
    public var tenant: String
    public var dataset: String
    public var name: String
    public var content: [UInt8]

    public init(tenant: String = "default", dataset: String, name: String, content: [UInt8]) {
        self.tenant = tenant
        self.dataset = dataset
        self.name = name
        self.content = content
    }

    /// SHA-256 of the content, hex: what makes the same bytes recognisable.
    public var digest: String { ContentDigest.sha256(content) }
}

public enum IngestOutcome: Sendable, Hashable {
    /// The same bytes were already the file's latest version: nothing changed.
    case unchanged(version: Int)
    /// A new version (1 for a new file); the earlier ones are kept.
    case stored(version: Int, previous: Int?)
    /// These bytes were an earlier version; they are stored again as the newest, so a revert is explicit.
    case restored(version: Int, sameAs: Int)

    public var version: Int {
        switch self {
        case .unchanged(let v), .stored(let v, _), .restored(let v, _): return v
        }
    }
}

public struct StoredFileVersion: Sendable, Hashable {
    public var name: String
    public var version: Int
    public var digest: String
    public var size: Int
}

/// Errors a repository reports in words an operator can act on.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// An API token as stored: its hash, whose it is and what it may do.
public struct StoredToken: Sendable, Hashable {
    public var hash: String
    public var tenant: String
    public var name: String
    public var role: String
    /// The datasets the token is limited to; nil = every dataset of the tenant.
    public var datasets: [String]?
    public var revoked: Bool
    /// When the token stops working, in seconds since 1970-01-01T00:00:00Z; nil = never (every token made
    /// before schema v6).
    public var expiresAt: Int64?

    public init(hash: String, tenant: String, name: String, role: String, datasets: [String]?, revoked: Bool = false, expiresAt: Int64? = nil) {
        self.hash = hash
        self.tenant = tenant
        self.name = name
        self.role = role
        self.datasets = datasets
        self.revoked = revoked
        self.expiresAt = expiresAt
    }

    /// `*` or a comma-separated list, as stored.
    var datasetsColumn: String { datasets.map { $0.joined(separator: ",") } ?? "*" }
    static func datasets(_ column: String) -> [String]? { column == "*" ? nil : column.split(separator: ",").map(String.init) }
}
