import GridSettleCore
import GridSettleReports
import GridSettleStore
import GridSettleWorkflows
import Hummingbird
import Logging
import NIOCore

/// Server-rendered pages for a settlement analyst under `/ui` (no JavaScript build step): sign-in, runs,
/// a run's statement with its charts, check violations, the difference between two runs. Same tenancy and
/// roles as the API; the token travels in the `gridsettle_token` cookie set by `/ui/login`. docs/pages.md
/// describes every page.
///
/// Pages answer in HTML whatever happens — a run that is not the caller's is an HTML 404, a failure an
/// HTML 500 naming the request id — because ``JSONErrorMiddleware`` would turn a thrown error into the API's
/// JSON, which is no answer for a person in a browser. So page handlers return responses and never throw.
struct Pages {
    let repository: any SettlementRepository
    /// This server's origin for the sign-in form's origin check; nil = the request's own.
    var publicOrigin: String? = nil

    func register(on router: Router<AppContext>) {
        let login = LoginPage(repository: repository, publicOrigin: publicOrigin)
        router.get("/ui/style.css") { _, _ in
            var headers = PageResponse.headers(contentType: "text/css; charset=utf-8")
            headers[.cacheControl] = "public, max-age=300"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: PageStyle.css)))
        }
        router.get("/ui/login") { request, context in await guarded(context, identity: nil) { try await login.show(request) } }
        router.post("/ui/login") { request, context in await guarded(context, identity: nil) { try await login.submit(request) } }
        router.post("/ui/logout") { request, _ in login.signOut(request) }
        router.get("/ui") { _, context in
            await signedIn(context) { access in PageResponse.html(RunsPage.render(try await access.runs(), identity: access.identity)) }
        }
        router.get("/ui/runs/:id") { _, context in await signedIn(context) { access in try await runPage(access, context) } }
        router.get("/ui/runs/:id/lines/:seq") { _, context in await signedIn(context) { access in try await linePage(access, context) } }
        router.get("/ui/runs/:id/report") { _, context in await signedIn(context) { access in try await report(access, context) } }
        router.get("/ui/runs/:id/violations") { _, context in
            await signedIn(context) { access in
                let run = try await access.run(context.parameters.get("id"))
                let checks = try await repository.checks(runID: run.id)
                return PageResponse.html(ViolationsPage.render(run: run, checks: checks, identity: access.identity))
            }
        }
        router.get("/ui/runs/:id/difference") { request, context in
            await signedIn(context) { access in try await difference(access, request, context) }
        }
        // any other /ui address: a page, not the API's JSON "no such endpoint"
        router.get("/ui/**") { _, context in
            await signedIn(context) { _ in throw PageFailure.notFound("This page") }
        }
    }

    // MARK: pages that need the store

    func runPage(_ access: PageAccess, _ context: AppContext) async throws -> Response {
        let run = try await access.run(context.parameters.get("id"))
        let lines = try await repository.lines(runID: run.id).filter { access.sees(section: $0.section) }
        var content = RunPage.Content(run: run, lines: lines, charts: nil, hasReport: false)
        if access.identity.visibleSections == nil {
            content.hasReport = try await StoredRunDocuments.hasReport(runID: run.id, in: repository)
            if let stored = try await repository.figures(runID: run.id) {
                do {
                    content.charts = ReportCharts.render(try ReportFiguresCoding.decode(stored))
                } catch {
                    content.chartsProblem = error.description
                }
            }
        }
        return PageResponse.html(RunPage.render(content, identity: access.identity))
    }

    /// One line and its intervals; a line of a section the role does not see is not found, as on the API.
    func linePage(_ access: PageAccess, _ context: AppContext) async throws -> Response {
        let run = try await access.run(context.parameters.get("id"))
        let raw = context.parameters.get("seq") ?? ""
        guard let seq = Int(raw), seq >= 0,
            let line = try await repository.lines(runID: run.id).first(where: { $0.seq == seq }), access.sees(section: line.section)
        else { throw PageFailure.notFound("Line \(raw) of run \(run.id)") }
        // the per-interval amounts: the run's unit settled again from its inputs, as the API does
        var drill: Result<LineDrillDown.Drilled, LineDrillDownFailure>? = nil
        if let summary = try await repository.run(id: run.id) {
            do {
                drill = .success(try await LineDrillDown.breakdownFromStore(run: summary, stored: line, store: repository))
            } catch let e as LineDrillDownFailure {
                drill = .failure(e)
            }
        }
        return PageResponse.html(LinePage.render(run: run, line: line, drill: drill, identity: access.identity))
    }

    /// The run's HTML report, rendered from its stored statement and figures (as stored, for a run from before
    /// schema v9), for roles that see the whole statement (it shows
    /// every section); the utility role is told why not, as `GET /v1/runs/:id/statement` does.
    func report(_ access: PageAccess, _ context: AppContext) async throws -> Response {
        let run = try await access.run(context.parameters.get("id"))
        guard access.identity.visibleSections == nil else {
            throw PageFailure.forbidden("The \(access.identity.role.rawValue) role sees the retail sections of a statement only, so not the full report. The run page shows those sections.")
        }
        let html: String?
        do {
            html = try await StoredRunDocuments.load(runID: run.id, from: repository)?.html
        } catch let e as StoredRunDocuments.Damaged {
            throw PageFailure.damaged(e.description)
        }
        guard let html else { throw PageFailure.notFound("The report of run \(run.id)") }
        var headers = PageResponse.headers(contentType: "text/html; charset=utf-8")
        // the report has inline styles and SVG, no script and no external asset
        headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    func difference(_ access: PageAccess, _ request: Request, _ context: AppContext) async throws -> Response {
        let run = try await access.run(context.parameters.get("id"))
        let from: PageRun?
        if let raw = request.uri.queryParameters.get("from") {
            from = try await access.run(raw)
        } else if let replaced = run.replacesRun {
            // named only when the caller may see it (``RunScope``), and checked again on the way in
            from = try await access.run(String(replaced))
        } else {
            from = nil
        }
        var changes: [LineDifference] = []
        if let from {
            changes = try await repository.compare(from: from.id, to: run.id).filter { $0.changed && access.sees(section: $0.section) }
        }
        let content = DifferencePage.Content(run: run, from: from, changes: changes, candidates: try await access.runs())
        return PageResponse.html(DifferencePage.render(content, identity: access.identity))
    }

    // MARK: answering in HTML

    /// Runs a page that needs a signed-in caller. ``AuthMiddleware`` has already sent anyone without a valid
    /// token to the sign-in page; the check here only keeps a page from ever rendering without an identity.
    func signedIn(_ context: AppContext, _ page: (PageAccess) async throws -> Response) async -> Response {
        guard let identity = context.identity else { return PageResponse.redirect("/ui/login") }
        return await guarded(context, identity: identity) { try await page(PageAccess(repository: repository, identity: identity)) }
    }

    /// Turns whatever a page throws into an HTML answer: its own failures as they are, Hummingbird's (a form
    /// over the size limit) with their status, anything else a 500 whose detail goes to the log only.
    func guarded(_ context: AppContext, identity: Identity?, _ page: () async throws -> Response) async -> Response {
        do {
            return try await page()
        } catch let failure as PageFailure {
            return PageResponse.error(failure, identity: identity)
        } catch let e as any HTTPResponseError {
            return PageResponse.error(PageFailure(status: e.status, title: e.status.reasonPhrase, message: "The request could not be handled (\(e.status.code))."), identity: identity)
        } catch {
            context.logger.error("page failed", metadata: ["error": "\(String(reflecting: error))"])
            return PageResponse.error(
                PageFailure(status: .internalServerError, title: "Something went wrong", message: "The page could not be built. The request id is \(context.id)."),
                identity: identity)
        }
    }
}
