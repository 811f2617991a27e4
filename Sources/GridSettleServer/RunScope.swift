import GridSettleStore

/// The runs one caller may see, and the links between them as that caller may follow them.
///
/// A recalculation is stored as the next version of its site, resource and period and names the run it
/// replaces — whatever dataset that run came from. Two datasets of a tenant that hold the same site and
/// period therefore chain into each other, and a token limited to one of them must not learn of, compare
/// with or be linked to the other's run. Every response that follows `replaces_run_id` goes through here, so
/// the tenancy rule (``Identity/canSee(run:)``) is applied to both ends of the link.
struct RunScope {
    let repository: any SettlementRepository
    let identity: Identity

    func sees(_ run: RunSummary) -> Bool { identity.canSee(run: run) }

    /// The run with this id as it came in a path or query, or nil when it does not parse, does not exist or
    /// is not the caller's — the same answer for all three, so nothing tells a caller that a run exists.
    func run(_ raw: String?) async throws -> RunSummary? {
        guard let raw, let id = Int64(raw), let run = try await repository.run(id: id), sees(run) else { return nil }
        return run
    }

    /// The run this one replaces, when the caller may see it; nil when it replaces none or one the caller may not see.
    func replaced(of run: RunSummary) async throws -> RunSummary? {
        guard run.replacesRunID != nil, let replaced = try await repository.replacedRun(of: run.id), sees(replaced) else { return nil }
        return replaced
    }

    /// The run as JSON, naming the run it replaces only when the caller may see that one too.
    func json(_ run: RunSummary) async throws -> RunJSON {
        RunJSON(run, replaces: try await replaced(of: run)?.id)
    }

    /// The caller's runs of the tenant as JSON, in the store's order; a replaced run is named only when it is
    /// among the runs the caller sees (one listing, no lookup per run).
    func visibleRuns() async throws -> [RunJSON] {
        let runs = try await repository.runs(tenant: identity.tenant).filter(sees)
        let visibleIDs = Set(runs.map(\.id))
        return runs.map { RunJSON($0, replaces: $0.replacesRunID.flatMap { visibleIDs.contains($0) ? $0 : nil }) }
    }
}
