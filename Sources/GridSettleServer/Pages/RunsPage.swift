import GridSettleReports

/// `GET /ui`: the caller's runs, newest first — the same list `GET /v1/runs` gives (tenant, and the token's
/// datasets), as a table to pick a run from.
enum RunsPage {
    static func render(_ runs: [PageRun], identity: Identity) -> String {
        var h = PageBuffer()
        h.raw("<h1>Settlement runs</h1><p class=\"muted\">")
        h.text(runs.isEmpty
            ? "No runs yet. Runs are started through the API (POST /v1/datasets/{dataset}/runs) once a dataset is ingested."
            : "\(PageFormat.count(runs.count)) run\(runs.count == 1 ? "" : "s") of tenant \(identity.tenant), newest first. A recalculation of a period is a new version that replaces the one before.")
        h.raw("</p>")
        guard !runs.isEmpty else { return PageLayout.page(title: "Runs", identity: identity, body: h.html) }
        var t = PageTable([
            .init("Run", numeric: true), .init("Dataset"), .init("Site / resource"), .init("Period"), .init("Status"),
            .init("Violations", numeric: true), .init("Version", numeric: true), .init(""),
        ])
        for r in runs {
            let link = "/ui/runs/\(r.id)"
            let violations = r.violationCount > 0
                ? PageCell.markup("<a class=\"badge badge-violation\" href=\"\(link)/violations\">\(PageFormat.count(r.violationCount))</a>", "num")
                : PageCell.markup("<span class=\"badge badge-pass\">0</span>", "num")
            let version = r.replacesRun.map { "\(r.version) (replaces #\($0))" } ?? String(r.version)
            t.add([
                .markup("<a href=\"\(link)\">#\(r.id)</a>", "num"),
                r.dataset.map { PageCell.text($0) } ?? PageCell.markup("<span class=\"muted\">command line</span>"),
                .text("\(r.site) / \(r.resource)"),
                .text("\(r.periodStart) to \(r.periodEnd)", "nowrap"),
                .markup(PageLayout.statusBadge(r.status)),
                violations,
                .num(version),
                .markup("<a href=\"\(link)\">Open</a>"),
            ], cls: r.violationCount > 0 ? "row-violation" : nil)
        }
        h.raw(t.render())
        return PageLayout.page(title: "Runs", identity: identity, body: h.html)
    }
}
