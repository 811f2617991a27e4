/// What settling a stored dataset came to, when the settlement itself ran to its end: the saved run, or the
/// reason no run was saved. Codable because `gridsettle settle-run` (the child process a
/// ``ProcessSettlementRunner`` starts) prints it as JSON on standard output for the server to read back.
/// A settlement that never reached its end (a trap, a timeout) is not an outcome but a ``SettlementRunFailure``.
public enum RunOutcome: Sendable, Hashable, Codable {
    /// The run was stored (in one transaction) under this id.
    case saved(runID: Int64)
    /// The dataset cannot be settled: every issue, as `DatasetIssue.description` (file, line, field, value,
    /// expected), and how many of them are errors.
    case invalidDataset(errorCount: Int, issues: [String])
    /// The tenant has no file in a dataset of that name.
    case noDataset
}
