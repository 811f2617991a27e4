/// Runs ``StoredDatasetSettlement`` for a request to start a run. The server uses a
/// ``ProcessSettlementRunner`` so that a settlement that traps (an overflow in a hostile file, say) ends one
/// child process instead of the service; the router tests use the ``InProcessSettlementRunner`` to stay fast.
public protocol SettlementRunner: Sendable {
    /// The outcome of a settlement that ran to its end; throws ``SettlementRunFailure`` when it did not (the
    /// child trapped, exited abnormally or ran out of time) and the store's errors as they come.
    func settle(tenant: String, dataset: String) async throws -> RunOutcome
}
