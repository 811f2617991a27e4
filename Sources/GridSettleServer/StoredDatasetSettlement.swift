import Foundation
import GridSettleCore
import GridSettleFormats
import GridSettleReports
import GridSettleStore
import GridSettleWorkflows
import Synchronization

/// The use case behind `POST /v1/datasets/{dataset}/runs`: read the dataset's current files from the store,
/// settle them and save the run (statement JSON and CSV and the HTML report with it, in one transaction) through
/// ``SourceSettlement``, the settle use case every entry point shares.
///
/// It lives here, not in a route or a command, so that there is one path: the ``InProcessSettlementRunner``
/// calls it directly and `gridsettle settle-run` (the child a ``ProcessSettlementRunner`` starts) calls it in
/// its own process — both store exactly the same run.
public struct StoredDatasetSettlement: Sendable {
    public let repository: any SettlementRepository

    public init(repository: any SettlementRepository) {
        self.repository = repository
    }

    /// Test-only fault hook (`gridsettle settle-run` installs it from `GRIDSETTLE_FAULT_*` variables, see the
    /// executable's `FaultInjection`): called with the tenant and dataset after the files are read and before
    /// they are settled, so a test can make a settlement trap or hang exactly where a hostile file would.
    nonisolated(unsafe) public static var beforeSettleHook: (@Sendable (_ tenant: String, _ dataset: String) async -> Void)?

    public func run(tenant: String, dataset: String) async throws -> RunOutcome {
        let files = try await repository.currentFiles(tenant: tenant, dataset: dataset)
        guard !files.isEmpty else { return .noDataset }
        await Self.beforeSettleHook?(tenant, dataset)
        let source: SettlementSource
        do {
            source = try SourceReader.read(files: files)
        } catch {
            return .invalidDataset(errorCount: error.errors.count, issues: error.issues.map(\.description))
        }
        // the command line's use case: the same run (documents, fingerprint, report) as `gridsettle settle --report`
        let outcome = Mutex<SourceSettlement.Outcome?>(nil)
        try await SourceSettlement.settle(
            source, into: repository, options: SettlementOptions(tenant: tenant, datasetName: dataset, outputDirectory: nil, report: true, parallelism: 1)
        ) { o in outcome.withLock { $0 = o } }
        switch outcome.withLock({ $0 })?.result {
        case .success(let settled)?: return .saved(runID: settled.runID)
        case .failure(let error)?: return .invalidDataset(errorCount: error.errors.count, issues: error.issues.map(\.description))
        case nil: return .noDataset
        }
    }
}

