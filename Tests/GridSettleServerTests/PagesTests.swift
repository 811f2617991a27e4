import GridSettleCore
import Foundation
import GridSettleReports
import GridSettleServer
import GridSettleStore
import GridSettleWorkflows
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The `/ui` pages in-process (HummingbirdTesting's router mode) on a SQLite store: sign-in and the cookie,
/// the redirect to sign-in, tenancy (404 pages), the utility role's retail-only view, escaping, violations
/// and the difference between runs.
@Suite("Pages")
struct PagesTests {
    static func form(_ fields: [(String, String)]) -> ByteBuffer {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        return ByteBuffer(string: fields.map { "\($0)=\($1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&"))
    }

    static let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    @Test("signing in with a valid token sets the HttpOnly, SameSite=Strict cookie and redirects; a wrong or revoked token shows the form again with 401 and no cookie")
    func login() async throws {
        let w = try await PagesWorld.shared.value
        let admin = try #require(w.tokens["admin"])
        try await w.app().test(.router) { client in
            // the form's CSRF pair, as a browser gets it with the form (LoginCSRFTests)
            let session = try await LoginCSRFTests.formSession(client)
            var formHeaders = Self.formHeaders
            formHeaders[.cookie] = session.cookie
            func form(_ fields: [(String, String)]) -> ByteBuffer { Self.form(fields + [("csrf", session.field)]) }
            try await client.execute(uri: "/ui/login", method: .get) { r in
                #expect(r.status == .ok && r.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(r.pageText.contains("name=\"token\"") && r.pageText.contains("action=\"/ui/login\""))
            }
            try await client.execute(uri: "/ui/login", method: .post, headers: formHeaders, body: form([("token", admin)])) { r in
                #expect(r.status == .seeOther && r.headers[.location] == "/ui")
                let cookie = try #require(r.headers[.setCookie])
                #expect(cookie.hasPrefix("gridsettle_token=\(admin)"))
                #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"))
            }
            // where to go next is kept, but only within /ui
            try await client.execute(uri: "/ui/login", method: .post, headers: formHeaders,
                                     body: form([("token", " \(admin)\n"), ("next", "/ui/runs/\(w.run)")])) { r in
                #expect(r.status == .seeOther && r.headers[.location] == "/ui/runs/\(w.run)")
            }
            for next in ["//evil.example/ui", "https://evil.example/", "/v1/runs", "/ui\\@evil", "/uix"] {
                try await client.execute(uri: "/ui/login", method: .post, headers: formHeaders, body: form([("token", admin), ("next", next)])) { r in
                    #expect(r.status == .seeOther && r.headers[.location] == "/ui", "\(next)")
                }
            }
            for wrong in ["gs_not_a_token", "", admin + "x"] {
                try await client.execute(uri: "/ui/login", method: .post, headers: formHeaders, body: form([("token", wrong)])) { r in
                    #expect(r.status == .unauthorized && r.headers[.setCookie] == nil, "\(wrong)")
                    #expect(r.pageText.contains("unknown or revoked") && r.pageText.contains("name=\"token\""))
                }
            }
            // the link form for headless browsers: GET with ?token= and next
            try await client.execute(uri: "/ui/login?token=\(admin)&next=/ui/runs/\(w.run)/violations", method: .get) { r in
                #expect(r.status == .seeOther && r.headers[.location] == "/ui/runs/\(w.run)/violations")
                #expect(r.headers[.setCookie]?.hasPrefix("gridsettle_token=\(admin)") == true)
            }
            try await client.execute(uri: "/ui/login?token=gs_nope", method: .get) { r in
                // the form shown again comes with its CSRF cookie, never a session cookie
                #expect(r.status == .unauthorized && r.headers[.setCookie]?.hasPrefix("gridsettle_csrf=") == true)
            }
            // behind a TLS proxy the cookie is Secure
            var https = formHeaders
            https[try #require(HTTPFields.Element.Name("X-Forwarded-Proto"))] = "https"
            try await client.execute(uri: "/ui/login", method: .post, headers: https, body: form([("token", admin)])) { r in
                #expect(r.headers[.setCookie]?.contains("Secure") == true)
            }
            // signing out expires the cookie
            try await client.execute(uri: "/ui/logout", method: .post, headers: w.cookie("admin")) { r in
                #expect(r.status == .seeOther && r.headers[.location] == "/ui/login")
                let cookie = try #require(r.headers[.setCookie])
                #expect(cookie.hasPrefix("gridsettle_token=;") && cookie.contains("Max-Age=0"))
            }
        }
        // a revoked token signs in no more, and its cookie no longer opens a page
        let revocable = try #require(w.tokens["revocable"])
        try await w.app().test(.router) { client in
            try await client.execute(uri: "/ui", method: .get, headers: w.cookie("revocable")) { r in #expect(r.status == .ok) }
        }
        try await w.repo.revokeToken(hash: ContentDigest.sha256(Array(revocable.utf8)))
        try await w.app().test(.router) { client in
            let session = try await LoginCSRFTests.formSession(client)
            var formHeaders = Self.formHeaders
            formHeaders[.cookie] = session.cookie
            try await client.execute(uri: "/ui/login", method: .post, headers: formHeaders,
                                     body: Self.form([("token", revocable), ("csrf", session.field)])) { r in
                #expect(r.status == .unauthorized && r.headers[.setCookie] == nil)
            }
            try await client.execute(uri: "/ui", method: .get, headers: w.cookie("revocable")) { r in
                #expect(r.status == .seeOther && r.headers[.location] == "/ui/login")
            }
        }
    }

    @Test("every page without a cookie, or with an unknown one, redirects to /ui/login; the sign-in page and the stylesheet need none")
    func redirectsWithoutCookie() async throws {
        let w = try await PagesWorld.shared.value
        let pages = ["/ui", "/ui/runs/\(w.run)", "/ui/runs/\(w.run)/violations", "/ui/runs/\(w.run)/difference", "/ui/runs/\(w.run)/report", "/ui/nothing"]
        try await w.app().test(.router) { client in
            for page in pages {
                try await client.execute(uri: page, method: .get) { r in
                    #expect(r.status == .seeOther && r.headers[.location] == "/ui/login", "\(page)")
                }
                try await client.execute(uri: page, method: .get, headers: [.cookie: "gridsettle_token=gs_unknown"]) { r in
                    #expect(r.status == .seeOther && r.headers[.location] == "/ui/login", "\(page)")
                }
            }
            try await client.execute(uri: "/ui/style.css", method: .get) { r in
                #expect(r.status == .ok && r.headers[.contentType]?.hasPrefix("text/css") == true && r.pageText.contains("table"))
            }
        }
    }

    @Test("tenancy: another tenant's run, a run outside the token's datasets, an unknown id and an unknown page are HTML 404s that say nothing more")
    func notFound() async throws {
        let w = try await PagesWorld.shared.value
        try await w.app().test(.router) { client in
            let cases: [(String, String)] = [
                ("admin", "/ui/runs/\(w.otherRun)"), ("admin", "/ui/runs/\(w.otherRun)/violations"), ("admin", "/ui/runs/\(w.otherRun)/difference"),
                ("admin", "/ui/runs/\(w.otherRun)/report"), ("admin", "/ui/runs/\(w.run)/difference?from=\(w.otherRun)"),
                ("other", "/ui/runs/\(w.run)"), ("aggregator-a2", "/ui/runs/\(w.run)"), ("aggregator-a2", "/ui/runs/\(w.run)/violations"),
                ("admin", "/ui/runs/999999"), ("admin", "/ui/runs/abc"), ("admin", "/ui/runs/\(w.run)/difference?from=x"), ("admin", "/ui/nothing/here"),
            ]
            for (who, uri) in cases {
                try await client.execute(uri: uri, method: .get, headers: w.cookie(who)) { r in
                    #expect(r.status == .notFound, "\(who) \(uri): \(r.status)")
                    #expect(r.headers[.contentType]?.hasPrefix("text/html") == true, "\(who) \(uri)")
                    #expect(r.pageText.contains("<h1>Not found</h1>") && r.pageText.contains("Sign out"), "\(who) \(uri)")
                }
            }
            // the runs list holds only the caller's own runs
            try await client.execute(uri: "/ui", method: .get, headers: w.cookie("other")) { r in
                #expect(r.status == .ok && r.pageText.contains("/ui/runs/\(w.otherRun)\"") && !r.pageText.contains("/ui/runs/\(w.run)\""))
            }
            try await client.execute(uri: "/ui", method: .get, headers: w.cookie("aggregator-a2")) { r in
                #expect(r.status == .ok && r.pageText.contains("No runs yet") && !r.pageText.contains("/ui/runs/"))
            }
        }
    }

    @Test("the run page: summary, section totals with a chart, every line with its lineage, and the report's charts drawn from stored figures for the admin")
    func runPage() async throws {
        let w = try await PagesWorld.shared.value
        let lines = try await w.repo.lines(runID: w.run)
        try await w.app().test(.router) { client in
            try await client.execute(uri: "/ui/runs/\(w.run)", method: .get, headers: w.cookie("admin")) { r in
                let html = r.pageText
                #expect(r.status == .ok)
                #expect(r.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true && r.headers[.cacheControl] == "no-store")
                #expect(html.contains("<svg class=\"bars\""))  // section totals chart
                #expect(html.contains("<div class=\"report-charts\">") && html.contains("id=\"fig-meters\""))
                #expect(html.contains("<style>.report-charts{--ink"))
                // the charts are drawn from the stored figures, and they are the charts the stored report drew
                let figures = try ReportFiguresCoding.decode(try #require(try await w.repo.figures(runID: w.run)))
                let charts = ReportCharts.render(figures)
                #expect(html.contains("<div class=\"report-charts\">" + charts + "</div>"))
                let report = try #require(try await StoredRunDocuments.load(runID: w.run, from: w.repo)?.html)
                #expect(report.contains("<section id=\"charts\"><h2>Charts</h2>" + charts + "</section>"))
                #expect(html.contains("href=\"/ui/runs/\(w.run)/report\""))
                for l in lines {
                    #expect(html.contains(">\(l.code)<"), "\(l.code)")
                    #expect(html.contains(PageFormatProbe.dollars(l.amountCents)), "\(l.code) \(l.amountCents)")
                }
                for section in Set(lines.map(\.section)) { #expect(html.contains("id=\"section-\(section)\"")) }
                #expect(html.contains("caiso") && html.contains("revenue-stack"))
            }
            try await client.execute(uri: "/ui/runs/\(w.run)/report", method: .get, headers: w.cookie("admin")) { r in
                let stored = try await StoredRunDocuments.load(runID: w.run, from: w.repo)?.html
                #expect(r.status == .ok && r.pageText == stored)
            }
        }
    }

    @Test("the run page links every line to its line page, which lists every interval run behind it and each interval's amount; other roles' sections are 404s")
    func linePage() async throws {
        let w = try await PagesWorld.shared.value
        let lines = try await w.repo.lines(runID: w.run)
        let line = try #require(lines.first { ($0.intervals?.count ?? 0) > 2 && $0.section == "caiso" })
        let runs = try #require(line.intervals)
        try await w.app().test(.router) { client in
            try await client.execute(uri: "/ui/runs/\(w.run)", method: .get, headers: w.cookie("admin")) { r in
                for l in lines { #expect(r.pageText.contains("href=\"/ui/runs/\(w.run)/lines/\(l.seq)\""), "\(l.code)") }
            }
            try await client.execute(uri: "/ui/runs/\(w.run)/lines/\(line.seq)", method: .get, headers: w.cookie("admin")) { r in
                let html = r.pageText
                #expect(r.status == .ok)
                #expect(html.contains(PageFormatProbe.escape(line.code)) && html.contains(PageFormatProbe.escape(line.rule)))
                #expect(html.contains("\(runs.count) run(s) of consecutive intervals"))
                for run in runs { #expect(html.contains(">\(run.start)<") && html.contains(">\(run.end)<"), "\(run)") }
                // the dataset's files changed after this run (``PagesWorld/recalculate``): its amounts cannot be
                // recomputed from them, and the page says so
                let amounts = try #require(html.range(of: "id=\"amounts\"")).upperBound
                #expect(html[amounts...].contains("settle them again and drill into the new run"))
            }
            // the run settled from the current files: interval by interval (its unit settled again from the stored
            // dataset), a row per interval and a sum that is the line's exact amount
            let current = try #require(try await w.repo.lines(runID: w.second).first { $0.section == line.section && $0.code == line.code })
            try await client.execute(uri: "/ui/runs/\(w.second)/lines/\(current.seq)", method: .get, headers: w.cookie("admin")) { r in
                let html = r.pageText
                let amounts = try #require(html.range(of: "id=\"amounts\"")).upperBound
                let section = String(html[amounts...])
                #expect(section.contains("\(current.intervalCount) interval(s), UTC"))
                #expect(section.components(separatedBy: "nowrap").count - 1 == 2 * current.intervalCount)
                #expect(section.contains(">Sum<") && section.contains(">\(FixedPointFormat.decimal(current.amountMicros, scale: 6, fractionDigits: 6))<"))
            }
            try await client.execute(uri: "/ui/runs/\(w.run)/lines/\(line.seq)", method: .get, headers: w.cookie("utility")) { r in
                #expect(r.status == .notFound && !r.pageText.contains(line.rule))
            }
            for bad in ["\(lines.count)", "-1", "x"] {
                try await client.execute(uri: "/ui/runs/\(w.run)/lines/\(bad)", method: .get, headers: w.cookie("admin")) { r in #expect(r.status == .notFound, "\(bad)") }
            }
        }
    }

    @Test("the utility role's run page shows the retail sections only, no stored report and no report charts")
    func utilityRetailOnly() async throws {
        let w = try await PagesWorld.shared.value
        let all = try await w.repo.lines(runID: w.run)
        let retail: Set<String> = ["retail-as-metered", "retail-adjusted", "retail-adjustment"]
        try await w.app().test(.router) { client in
            try await client.execute(uri: "/ui/runs/\(w.run)", method: .get, headers: w.cookie("utility")) { r in
                let html = r.pageText
                #expect(r.status == .ok)
                let shown = Set(html.components(separatedBy: "id=\"section-").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) })
                #expect(shown == retail)
                for l in all where !retail.contains(l.section) { #expect(!html.contains(">\(l.code)<") || all.contains { $0.code == l.code && retail.contains($0.section) }, "\(l.section) \(l.code)") }
                #expect(!html.contains(">caiso<") && !html.contains(">revenue-stack<") && !html.contains("CAISO shadow settlement"))
                #expect(!html.contains("report-charts") && !html.contains("/report\""))
                #expect(html.contains("sees the retail sections of the statement only"))
                #expect(html.contains("role-utility"))
            }
            try await client.execute(uri: "/ui/runs/\(w.run)/report", method: .get, headers: w.cookie("utility")) { r in
                #expect(r.status == .forbidden && r.pageText.contains("retail sections") && !r.pageText.contains("fig-meters"))
            }
        }
    }

    @Test("text from tokens and the store is escaped on every page: a token named <script>… shows as text")
    func escaping() async throws {
        let w = try await PagesWorld.shared.value
        let second = w.second
        let escaped = "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;"
        try await w.app().test(.router) { client in
            for page in ["/ui", "/ui/runs/\(second)", "/ui/runs/\(second)/violations", "/ui/runs/\(second)/difference", "/ui/runs/\(second)/difference?from=\(w.run)", "/ui/runs/999"] {
                try await client.execute(uri: page, method: .get, headers: w.cookie("hostile")) { r in
                    #expect(r.pageText.contains(escaped), "\(page)")
                    #expect(r.pageText.contains("&lt;b&gt;bold&lt;/b&gt;"), "\(page)")
                    #expect(!r.pageText.contains("<script") && !r.pageText.contains("<b>bold"), "\(page)")
                }
            }
            // what a caller typed is escaped too
            try await client.execute(uri: "/ui/login?next=/ui/%22%3E%3Cscript%3E", method: .get) { r in
                #expect(!r.pageText.contains("<script") && r.pageText.contains("value=\"/ui\""))
            }
        }
    }

    @Test("the violations page lists every VIOLATION of the example with its energy, amount, intervals, detail and rule")
    func violations() async throws {
        let w = try await PagesWorld.shared.value
        let checks = try await w.repo.checks(runID: w.run)
        let violations = checks.filter { $0.status == "VIOLATION" }
        try await w.app().test(.router) { client in
            try await client.execute(uri: "/ui/runs/\(w.run)/violations", method: .get, headers: w.cookie("scheduler")) { r in
                let html = r.pageText
                #expect(r.status == .ok)
                if violations.isEmpty {
                    #expect(html.contains("No check violations"))
                } else {
                    #expect(html.contains("class=\"banner banner-violation\""))
                    #expect(html.contains("\(violations.count) check VIOLATION"))
                    let banner = try #require(html.components(separatedBy: "id=\"violations\"").last?.components(separatedBy: "<h2>All checks</h2>").first)
                    for v in violations {
                        #expect(banner.contains(v.id) && banner.contains(PageFormatProbe.escape(v.detail)) && banner.contains(PageFormatProbe.escape(v.rule)), "\(v.id)")
                        #expect(banner.contains(PageFormatProbe.escape(v.question)), "\(v.id)")
                    }
                    #expect(banner.components(separatedBy: "<tr class=\"row-violation\">").count - 1 == violations.count)
                }
                for c in checks { #expect(html.contains(c.id)) }
            }
        }
    }

    @Test("after a recalculation the difference page shows the changed lines old → new against the replaced run; the runs list is newest first")
    func difference() async throws {
        let w = try await PagesWorld.shared.value
        let second = w.second
        let changed = try await w.repo.compare(from: w.run, to: second).filter(\.changed)
        #expect(!changed.isEmpty)
        try await w.app().test(.router) { client in
            try await client.execute(uri: "/ui/runs/\(second)/difference", method: .get, headers: w.cookie("admin")) { r in
                let html = r.pageText
                #expect(r.status == .ok)
                #expect(html.contains("<a href=\"/ui/runs/\(w.run)\">#\(w.run)</a> → #\(second)"))
                #expect(html.components(separatedBy: "<tr class=\"row-changed").count - 1 == changed.count)
                for d in changed {
                    #expect(html.contains(">\(d.code)"), "\(d.code)")
                    if let old = d.oldCents, let new = d.newCents, old != new {
                        #expect(html.contains("<del>\(PageFormatProbe.dollars(old))</del>") && html.contains("<ins>\(PageFormatProbe.dollars(new))</ins>"), "\(d.code)")
                    }
                }
                #expect(html.contains("<svg class=\"bars\""))
            }
            // the same with ?from=, and the first run has nothing to compare with by default
            try await client.execute(uri: "/ui/runs/\(second)/difference?from=\(w.run)", method: .get, headers: w.cookie("admin")) { r in
                #expect(r.status == .ok && r.pageText.components(separatedBy: "<tr class=\"row-changed").count - 1 == changed.count)
            }
            try await client.execute(uri: "/ui/runs/\(w.run)/difference", method: .get, headers: w.cookie("admin")) { r in
                #expect(r.status == .ok && r.pageText.contains("replaces no earlier run") && r.pageText.contains("<option value=\"\(second)\""))
            }
            // the utility role sees only the retail changes
            try await client.execute(uri: "/ui/runs/\(second)/difference", method: .get, headers: w.cookie("utility")) { r in
                let retail = changed.filter { $0.section.hasPrefix("retail") }
                #expect(r.pageText.components(separatedBy: "<tr class=\"row-changed").count - 1 == retail.count)
                #expect(!r.pageText.contains(">revenue-stack<"))
            }
            try await client.execute(uri: "/ui", method: .get, headers: w.cookie("admin")) { r in
                let html = r.pageText
                let newer = try #require(html.range(of: "href=\"/ui/runs/\(second)\""))
                let older = try #require(html.range(of: "href=\"/ui/runs/\(w.run)\""))
                #expect(newer.lowerBound < older.lowerBound)
                #expect(html.contains("2 (replaces #\(w.run))"))
            }
        }
    }
}

/// The pages' formatting, restated independently so the tests do not just call the code they check.
enum PageFormatProbe {
    static func dollars(_ cents: Int64) -> String {
        let whole = cents.magnitude / 100, frac = cents.magnitude % 100
        var digits = String(whole), grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits = String(digits.dropLast(3))
        }
        return (cents < 0 ? "-$" : "$") + digits + grouped + "." + (frac < 10 ? "0" : "") + String(frac)
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }
}
