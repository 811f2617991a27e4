import GridSettleCore
import GridSettleStore

/// What a caller may do, from its API token: one tenant, one role, and optionally a list of datasets
/// (resources) it is limited to. Every request is authorised against it; the rules are in docs/api.md.
public struct Identity: Sendable, Hashable {
    public var tenant: String
    public var role: Role
    /// nil = every dataset of the tenant.
    public var datasets: Set<String>?
    public var tokenName: String

    public enum Role: String, Sendable, Hashable, CaseIterable {
        /// The tenant's settlement team: everything within the tenant.
        case admin
        /// A scheduling coordinator: market data (awards, signals, prices, mileage) for its resources, runs, full statements.
        case scheduler
        /// A utility (the LSE): meter data and tariffs for its customers; sees the retail sections of statements only.
        case utility
        /// An aggregator: its resources' meter data, events, trips and edits; full statements of its resources.
        case aggregator
    }

    public init(tenant: String, role: Role, datasets: Set<String>?, tokenName: String) {
        self.tenant = tenant
        self.role = role
        self.datasets = datasets
        self.tokenName = tokenName
    }

    public func canSee(dataset: String?) -> Bool {
        guard let datasets else { return true }
        guard let dataset else { return false }  // a run without a dataset (command line) is the admin's
        return datasets.contains(dataset)
    }

    /// A run is the caller's when it is of the caller's tenant and of a dataset the token is not limited away from.
    public func canSee(run: RunSummary) -> Bool {
        run.tenantID == tenant && canSee(dataset: run.datasetID)
    }

    /// Which files of the dataset format a role may send.
    public func canIngest(_ name: String) -> Bool {
        switch role {
        case .admin: return true
        case .scheduler: return ["awards.csv", "signals.csv", "prices.csv", "mileage.csv"].contains(name)
        case .utility: return name == "readings.csv" || (name.hasSuffix(".json") && name != "site.json")
        case .aggregator: return ["readings.csv", "events.csv", "trips.csv", "edits.csv", "temperature.csv", "baseline_series.csv"].contains(name)
        }
    }

    public var canStartRuns: Bool { role == .admin || role == .scheduler || role == .aggregator }

    /// The statement sections a role sees; nil = all.
    public var visibleSections: Set<String>? {
        role == .utility
            ? [StatementSection.retailAsMetered.rawValue, StatementSection.retailAdjusted.rawValue, StatementSection.retailAdjustment.rawValue]
            : nil
    }
}
