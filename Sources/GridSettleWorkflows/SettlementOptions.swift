/// How `settle` stores and writes a source's runs.
public struct SettlementOptions: Sendable {
    /// The tenant the runs belong to: `serve` on the same database shows them to this tenant's tokens.
    public var tenant: String
    /// The dataset name recorded with the runs (tokens limited to a dataset see only its runs); nil: none.
    public var datasetName: String?
    /// Where statements (and reports) are written; nil: nowhere, the runs are only stored (the API).
    public var outputDirectory: String?
    /// Whether to write the HTML report of every run next to its statement (statements are always written; a stored
    /// run's report is rendered on demand from what it stores, whatever this says: ``StoredRunDocuments``).
    public var report: Bool
    /// Units settled at once: the number of cores by default.
    public var parallelism: Int

    public init(tenant: String = SettlementOptions.defaultTenant, datasetName: String? = nil, outputDirectory: String?, report: Bool = false, parallelism: Int) {
        self.tenant = tenant
        self.datasetName = datasetName
        self.outputDirectory = outputDirectory
        self.report = report
        self.parallelism = max(1, parallelism)
    }

    /// The tenant of runs settled from the command line when none is named; `gridsettle token create
    /// --tenant default` makes tokens that see them.
    public static let defaultTenant = "default"
}
