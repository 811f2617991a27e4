import GridSettleStore

/// The tenancy rule of the API, for pages: a run is visible when it is the caller's tenant's and in the
/// caller's datasets; anything else — another tenant's run, a dataset outside the token's list, an id that
/// does not parse — is the same "not found", so a page never tells a caller that something exists.
struct PageAccess {
    let repository: any SettlementRepository
    let identity: Identity

    /// The run with this id (as it came in the path or query), or a 404 failure.
    func run(_ raw: String?) async throws -> PageRun {
        guard let raw, let id = Int64(raw), let run = try await repository.run(id: id), visible(run) else {
            throw PageFailure.notFound("Run \(raw ?? "")")
        }
        return PageRun(run)
    }

    /// The caller's runs, newest first.
    func runs() async throws -> [PageRun] {
        try await repository.runs(tenant: identity.tenant).filter(visible).sorted { $0.id > $1.id }.map(PageRun.init)
    }

    func visible(_ run: RunSummary) -> Bool {
        run.tenantID == identity.tenant && identity.canSee(dataset: run.datasetID)
    }

    /// Whether the caller's role sees a statement section (the utility role: retail sections only).
    func sees(section: String) -> Bool { identity.visibleSections?.contains(section) ?? true }
}
