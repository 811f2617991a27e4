import GridSettleCore
import GridSettleReports
import GridSettleStore

/// `GET /ui/runs/:id/violations`: the checks that found a VIOLATION — something paid twice, an add-back
/// missing, a ledger that does not balance — each with the energy and money involved, the intervals, the
/// detail and the rule, in a red banner an analyst cannot miss. The other checks are counted underneath so
/// "no violations" is visibly "every check ran". The same list `GET /v1/runs/:id/violations` gives.
enum ViolationsPage {
    static func render(run: PageRun, checks: [StoredCheck], identity: Identity) -> String {
        let violations = checks.filter(\.isViolation)
        var h = PageBuffer()
        h.raw(PageLayout.runTabs(run, current: .violations, identity: identity))
        h.raw(PageLayout.runTitle(run, heading: "Check violations"))
        if violations.isEmpty {
            h.raw("<div class=\"banner banner-ok\"><h2>No check violations</h2><p>")
            h.text("All \(PageFormat.count(checks.count)) checks of this run pass or do not apply.")
            h.raw("</p></div>")
        } else {
            h.raw("<div class=\"banner banner-violation\" id=\"violations\"><h2>")
            h.text("\(PageFormat.count(violations.count)) check VIOLATION\(violations.count == 1 ? "" : "S")")
            h.raw("</h2><p>Each names the energy and the money involved and where it happened; the rule says what the check enforces.</p>")
            var t = PageTable([
                .init("Check"), .init("Question"), .init("Energy, kWh", numeric: true), .init("Amount", numeric: true),
                .init("Intervals", numeric: true), .init("Detail"), .init("Rule"),
            ], cls: "data violations")
            for c in violations {
                t.add([
                    .markup("<span class=\"badge badge-violation\">VIOLATION</span> <span class=\"code strong\">\(PageHTML.escape(c.id))</span>"),
                    .text(c.question, "wide"),
                    .num(PageFormat.quantity(micro: c.energyMicroKWh)),
                    c.amountMicros.map { .num(PageFormat.dollars(micros: $0), "strong") } ?? .noneNum,
                    .num(PageFormat.count(c.intervalCount)),
                    .text(c.detail, "detail"),
                    .text(c.rule, "code"),
                ], cls: "row-violation")
            }
            h.raw(t.render())
            h.raw("</div>")
        }
        var counts: [String: Int] = [:]
        for c in checks { counts[c.status, default: 0] += 1 }
        h.raw("<h2>All checks</h2><p class=\"muted\">")
        h.text(counts.keys.sorted().map { "\($0): \(counts[$0] ?? 0)" }.joined(separator: " · "))
        h.raw("</p>")
        var all = PageTable([.init("Check"), .init("Status"), .init("Question")], cls: "data compact")
        for c in checks {
            let badge = switch c.checkStatus {
            case .violation: "badge-violation"
            case .pass: "badge-pass"
            default: "badge-na"
            }
            all.add([.text(c.id, "code"), .markup("<span class=\"badge \(badge)\">\(PageHTML.escape(c.status))</span>"), .text(c.question)])
        }
        h.raw(all.render())
        return PageLayout.page(title: "Violations · run #\(run.id)", identity: identity, body: h.html)
    }
}
