import GridSettleStore

/// The tenancy rule of the API, for pages: a run is visible when it is the caller's tenant's and in the
/// caller's datasets; anything else — another tenant's run, a dataset outside the token's list, an id that
/// does not parse — is the same "not found", so a page never tells a caller that something exists. The link
/// to a replaced run follows the same rule (``RunScope``): a page never names or links a run the caller may
/// not see.
struct PageAccess {
    let repository: any SettlementRepository
    let identity: Identity

    var scope: RunScope { RunScope(repository: repository, identity: identity) }

    /// The run with this id (as it came in the path or query), or a 404 failure.
    func run(_ raw: String?) async throws -> PageRun {
        guard let run = try await scope.run(raw) else { throw PageFailure.notFound("Run \(raw ?? "")") }
        return try await scope.json(run)
    }

    /// The caller's runs, newest first.
    func runs() async throws -> [PageRun] {
        try await scope.visibleRuns().sorted { $0.id > $1.id }
    }

    /// Whether the caller's role sees a statement section (the utility role: retail sections only).
    func sees(section: String) -> Bool { identity.visibleSections?.contains(section) ?? true }
}
