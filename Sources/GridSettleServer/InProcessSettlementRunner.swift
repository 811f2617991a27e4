import GridSettleStore

/// Settles in the calling process, on the calling task. A trap in the settlement ends this process: for tests
/// and tools that settle their own data, not for a server that takes files from many tenants.
public struct InProcessSettlementRunner: SettlementRunner {
    let settlement: StoredDatasetSettlement

    public init(repository: any SettlementRepository) {
        settlement = StoredDatasetSettlement(repository: repository)
    }

    public func settle(tenant: String, dataset: String) async throws -> RunOutcome {
        try await settlement.run(tenant: tenant, dataset: dataset)
    }
}
