import GridSettleCore
import GridSettleReports

/// The frame every page shares: the document head with the one stylesheet, and a header that always says who
/// is signed in (tenant, role, token name and dataset limit) with a sign-out button — an analyst looking at
/// numbers must never wonder whose numbers they are.
enum PageLayout {
    /// Which tab of the run navigation is current.
    enum RunTab: String {
        case statement, violations, difference, report
    }

    /// A full page. `identity` nil = the signed-out frame (the sign-in page, errors before sign-in).
    /// `extraHead` is markup for `<head>` (the stored report's chart styles).
    static func page(title: String, identity: Identity?, body: String, extraHead: String = "") -> String {
        var h = PageBuffer()
        h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        h.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        h.raw("<title>")
        h.text(title + " · GridSettle")
        h.raw("</title><link rel=\"stylesheet\" href=\"/ui/style.css\">")
        h.raw(extraHead)
        h.raw("</head><body>")
        h.raw(header(identity))
        h.raw("<main>")
        h.raw(body)
        h.raw("</main></body></html>\n")
        return h.html
    }

    static func header(_ identity: Identity?) -> String {
        var h = PageBuffer()
        h.raw("<header class=\"top\"><a class=\"brand\" href=\"/ui\">GridSettle</a>")
        if let identity {
            h.raw("<nav class=\"who\"><span class=\"who-item\"><span class=\"who-label\">tenant</span> ")
            h.element("strong", nil, identity.tenant)
            h.raw("</span><span class=\"who-item\"><span class=\"who-label\">role</span> ")
            h.element("strong", "role role-\(identity.role.rawValue)", identity.role.rawValue)
            h.raw("</span><span class=\"who-item\"><span class=\"who-label\">token</span> ")
            h.element("span", nil, identity.tokenName)
            h.raw("</span>")
            if let datasets = identity.datasets {
                h.raw("<span class=\"who-item\"><span class=\"who-label\">datasets</span> ")
                h.element("span", nil, datasets.sorted().joined(separator: ", "))
                h.raw("</span>")
            }
            h.raw("<form class=\"signout\" method=\"post\" action=\"/ui/logout\"><button type=\"submit\">Sign out</button></form></nav>")
        }
        h.raw("</header>")
        return h.html
    }

    /// The tabs of a run: statement, violations (with the count), difference, and the full report for roles
    /// that may see the whole statement.
    static func runTabs(_ run: PageRun, current: RunTab, identity: Identity) -> String {
        var tabs: [(RunTab, String, String)] = [
            (.statement, "/ui/runs/\(run.id)", "Statement"),
            (.violations, "/ui/runs/\(run.id)/violations", "Violations (\(run.violationCount))"),
            (.difference, "/ui/runs/\(run.id)/difference", "Difference"),
        ]
        if identity.visibleSections == nil { tabs.append((.report, "/ui/runs/\(run.id)/report", "Full report")) }
        var h = PageBuffer()
        h.raw("<nav class=\"tabs\"><a class=\"back\" href=\"/ui\">← All runs</a>")
        for (tab, href, label) in tabs {
            let cls = tab == current ? "tab current" : (tab == .violations && run.violationCount > 0 ? "tab tab-bad" : "tab")
            h.raw("<a class=\"\(cls)\" href=\"\(href)\">")
            h.text(label)
            h.raw("</a>")
        }
        h.raw("</nav>")
        return h.html
    }

    /// The run's title block: which site, resource and period, its status and version.
    static func runTitle(_ run: PageRun, heading: String) -> String {
        var h = PageBuffer()
        h.raw("<div class=\"eyebrow\">")
        h.text("Run #\(run.id) · \(run.dataset ?? "command line") · version \(run.version)")
        h.raw("</div><div class=\"title-row\"><h1>")
        h.text(heading)
        h.raw("</h1>")
        h.raw(statusBadge(run.status))
        h.raw("</div><p class=\"subtitle\">")
        h.text("\(run.site) / \(run.resource) · \(run.periodStart) to \(run.periodEnd)")
        h.raw("</p>")
        return h.html
    }

    /// Whether a stored run's status is FINAL (``Statement/Status``).
    static func isFinal(_ status: String) -> Bool { Statement.Status(rawValue: status) == .final }

    static func statusBadge(_ status: String) -> String {
        let cls = isFinal(status) ? "status status-final" : "status status-provisional"
        return "<span class=\"\(cls)\">\(PageHTML.escape(status))</span>"
    }
}
