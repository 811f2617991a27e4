import Foundation
import GridSettleCore
import GridSettleFormats
import GridSettleReports
import GridSettleStore
import GridSettleWorkflows
import Hummingbird
import Logging
import NIOCore
import Prometheus

/// The API's routes (docs/api.md, `openapi.json`). Every `/v1` route authorises the caller's tenant and
/// datasets; anything another tenant owns, or a dataset outside the token's list, is 404 — the API never
/// tells a caller that something it may not see exists.
struct Routes {
    let repository: any SettlementRepository
    let registry: PrometheusCollectorRegistry
    let maxUploadBytes: Int
    let runner: any SettlementRunner

    func register(on router: Router<AppContext>) {
        router.get("/health") { _, _ in try JSONCoding.response(["status": "ok"]) }
        router.get("/ready") { _, _ in try await ready() }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        router.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
        let v1 = router.group("v1")
        v1.put("datasets/:dataset/files/:name") { request, context in try await ingest(request, context) }
        v1.get("datasets/:dataset/files/:name") { _, context in try await versions(context) }
        v1.post("datasets/:dataset/runs") { _, context in try await startRun(context) }
        v1.get("runs") { _, context in try await listRuns(context) }
        v1.get("runs/:id") { _, context in try JSONCoding.response(try await scope(context).json(try await visibleRun(context))) }
        v1.get("runs/:id/statement") { _, context in try await document(.json, context) }
        v1.get("runs/:id/statement.csv") { _, context in try await document(.csv, context) }
        v1.get("runs/:id/report") { _, context in try await document(.html, context) }
        v1.get("runs/:id/figures") { _, context in try await figures(context) }
        v1.get("runs/:id/lines") { request, context in try await lines(request, context) }
        v1.get("runs/:id/lines/:seq") { _, context in try await line(context) }
        v1.get("runs/:id/lines/:seq/intervals") { _, context in try await lineIntervals(context) }
        v1.get("runs/:id/violations") { _, context in try await violations(context) }
        v1.get("runs/:id/difference") { request, context in try await difference(request, context) }
    }

    // MARK: health

    func ready() async throws -> Response {
        do {
            let v = try await repository.schemaVersion()
            guard v == Schema.currentVersion else {
                throw APIError(.serviceUnavailable, "not_ready", "database schema is version \(v), this server needs \(Schema.currentVersion)")
            }
            return try JSONCoding.response(ReadyJSON(status: "ready", backend: repository.backend, schemaVersion: v))
        } catch let e as APIError {
            throw e
        } catch {
            throw APIError(.serviceUnavailable, "not_ready", "database unreachable")
        }
    }

    // MARK: datasets


    func dataset(_ context: AppContext) throws -> (Identity, String) {
        let who = try context.caller()
        let name = try context.parameters.require("dataset")
        guard StoredName.isValid(name) else { throw APIError(.badRequest, "bad_dataset", "dataset id '\(name)': expected \(StoredName.expected)") }
        guard who.canSee(dataset: name) else { throw APIError.notFound("dataset '\(name)'") }
        return (who, name)
    }

    func ingest(_ request: Request, _ context: AppContext) async throws -> Response {
        let (who, dataset) = try dataset(context)
        let name = try context.parameters.require("name")
        let known = [DatasetFiles.site, DatasetFiles.readings, DatasetFiles.awards, DatasetFiles.signals, DatasetFiles.prices, DatasetFiles.mileage,
                     DatasetFiles.trips, DatasetFiles.edits, DatasetFiles.events, DatasetFiles.temperature, DatasetFiles.baselineSeries]
        guard StoredName.isValid(name), known.contains(name) || name.hasSuffix(".json") else {
            throw APIError(.badRequest, "bad_file_name", "file '\(name)': one of \(known.joined(separator: ", ")) or a tariff *.json")
        }
        guard who.canIngest(name) else {
            throw APIError(.forbidden, "forbidden", "the \(who.role.rawValue) role may not send \(name)")
        }
        let body = try await request.body.collect(upTo: maxUploadBytes)
        let bytes = [UInt8](body.readableBytesView)
        let outcome = try await repository.ingest(IngestFile(tenant: who.tenant, dataset: dataset, name: name, content: bytes))
        context.logger.info("ingest", metadata: ["dataset": .string(dataset), "file": .string(name), "version": .stringConvertible(outcome.version)])
        let json = IngestJSON(dataset: dataset, name: name, outcome: outcome, digest: ContentDigest.sha256(bytes), size: bytes.count)
        if case .unchanged = outcome { return try JSONCoding.response(json) }
        return try JSONCoding.response(json, status: .created)
    }

    func versions(_ context: AppContext) async throws -> Response {
        let (who, dataset) = try dataset(context)
        let name = try context.parameters.require("name")
        let v = try await repository.fileVersions(tenant: who.tenant, dataset: dataset, name: name)
        guard !v.isEmpty else { throw APIError.notFound("file '\(name)' of dataset '\(dataset)'") }
        return try JSONCoding.response(v.map { VersionJSON(version: $0.version, digest: $0.digest, size: $0.size) })
    }

    /// Settles through the ``SettlementRunner`` (in `serve`, a child process per run): every outcome is counted
    /// in `gridsettle_settlements_total{outcome}`; a settlement that did not finish is logged and answered
    /// with its `settlement_*` error and the request id.
    func startRun(_ context: AppContext) async throws -> Response {
        let (who, dataset) = try dataset(context)
        guard who.canStartRuns else { throw APIError(.forbidden, "forbidden", "the \(who.role.rawValue) role may not start settlement runs") }
        let settlements = { (outcome: String) in
            registry.makeCounter(
                descriptor: MetricNameDescriptor(namespace: "gridsettle", metricName: "settlements", unitName: "total",
                                                 helpText: "settlements requested through the API, by outcome"),
                labels: [("outcome", outcome)]
            ).increment()
        }
        let outcome: RunOutcome
        do {
            outcome = try await runner.settle(tenant: who.tenant, dataset: dataset)
        } catch let failure as SettlementRunFailure {
            settlements(failure.outcome)
            context.logger.error("run failed", metadata: ["dataset": .string(dataset), "outcome": .string(failure.outcome), "failure": .string(failure.description)])
            throw failure.apiError(dataset: dataset, requestID: context.id)
        }
        switch outcome {
        case .noDataset:
            settlements("no_dataset")
            throw APIError.notFound("dataset '\(dataset)'")
        case .invalidDataset(let errorCount, let issues):
            settlements("invalid_dataset")
            throw APIError(.unprocessableContent, "invalid_dataset", "dataset '\(dataset)' cannot be settled: \(errorCount) error(s)", details: issues)
        case .saved(let id):
            settlements("saved")
            guard let run = try await repository.run(id: id) else { throw APIError(.internalServerError, "internal", "run \(id) not found after saving") }
            registry.makeCounter(
                descriptor: MetricNameDescriptor(namespace: "gridsettle", metricName: "runs", unitName: "total", helpText: "settlement runs stored, by status"),
                labels: [("status", run.status)]
            ).increment()
            context.logger.info("run", metadata: ["dataset": .string(dataset), "run": .stringConvertible(run.id), "version": .stringConvertible(run.version)])
            return try JSONCoding.response(try await RunScope(repository: repository, identity: who).json(run), status: .created)
        }
    }

    // MARK: runs

    func listRuns(_ context: AppContext) async throws -> Response {
        try JSONCoding.response(try await scope(context).visibleRuns())
    }

    /// The caller's view of the runs and of the links between them.
    func scope(_ context: AppContext) throws -> RunScope { RunScope(repository: repository, identity: try context.caller()) }

    /// The run named in the path, if the caller may see it; otherwise 404.
    func visibleRun(_ context: AppContext, parameter: String = "id") async throws -> RunSummary {
        let raw = try context.parameters.require(parameter)
        guard let run = try await scope(context).run(raw) else { throw APIError.notFound("run \(raw)") }
        return run
    }

    /// A run's documents, as `settle --report` writes them.
    enum Document {
        case json, csv, html

        var contentType: String {
            switch self {
            case .json: "application/json; charset=utf-8"
            case .csv: "text/csv; charset=utf-8"
            case .html: "text/html; charset=utf-8"
            }
        }
    }

    /// The statement JSON or CSV or the HTML report of a run, rendered from what it stores (``StoredRunDocuments``).
    /// Not for a role limited to the retail sections: each shows every section.
    func document(_ which: Document, _ context: AppContext) async throws -> Response {
        let run = try await visibleRun(context)
        let who = try context.caller()
        guard who.visibleSections == nil else {
            throw APIError(.forbidden, "forbidden", "the \(who.role.rawValue) role sees the retail sections only: use /v1/runs/\(run.id)/lines")
        }
        let documents: StoredRunDocuments?
        do {
            documents = try await StoredRunDocuments.load(runID: run.id, from: repository)
        } catch let e as StoredRunDocuments.Damaged {
            throw APIError(.internalServerError, "damaged_run", e.description)
        }
        guard let docs = documents else { throw APIError.notFound("run \(run.id)") }
        let text: String
        switch which {
        case .json: text = docs.json
        case .csv: text = docs.csv
        case .html:
            guard let html = docs.html else {
                throw APIError(.notFound, "no_report", "run \(run.id) has no report: it was stored before schema v9 without one, or without the figures its charts are drawn from")
            }
            text = html
        }
        var headers: HTTPFields = [.contentType: which.contentType]
        if which == .html {
            // the report has inline styles and SVG, no script and no external asset
            headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'"
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The interval columns and bill figures stored with the run (schema v8), as the run page's charts use them. Like
    /// the statement, not for a role limited to the retail sections: they show the storage meter and wholesale awards.
    func figures(_ context: AppContext) async throws -> Response {
        let run = try await visibleRun(context)
        let who = try context.caller()
        guard who.visibleSections == nil else {
            throw APIError(.forbidden, "forbidden", "the \(who.role.rawValue) role sees the retail sections only: use /v1/runs/\(run.id)/lines")
        }
        guard let stored = try await repository.figures(runID: run.id) else {
            throw APIError(.notFound, "no_figures", "run \(run.id) was stored before schema v8, without the figures its charts are drawn from")
        }
        do {
            return try JSONCoding.response(RunFiguresJSON(run: run.id, try ReportFiguresCoding.decode(stored)))
        } catch let e as ReportFiguresCoding.Corrupt {
            throw APIError(.internalServerError, "damaged_figures", "run \(run.id): \(e.description)")
        }
    }

    func lines(_ request: Request, _ context: AppContext) async throws -> Response {
        let run = try await visibleRun(context)
        let who = try context.caller()
        let section = request.uri.queryParameters.get("section")
        let lines = try await repository.lines(runID: run.id).filter { l in
            (who.visibleSections?.contains(l.section) ?? true) && (section == nil || l.section == section)
        }
        return try JSONCoding.response(lines.map(LineJSON.init))
    }

    /// One line with its whole interval lineage (schema v7): every run of intervals behind it. A line of a
    /// section the caller's role does not see is not found, as a run it may not see is.
    func line(_ context: AppContext) async throws -> Response {
        let (_, l) = try await visibleLine(context)
        return try JSONCoding.response(LineLineageJSON(l))
    }

    /// The run and its line `seq` when the caller may see both: a line of a section the caller's role does
    /// not see is not found, as a run it may not see is.
    func visibleLine(_ context: AppContext) async throws -> (RunSummary, StoredLine) {
        let run = try await visibleRun(context)
        let who = try context.caller()
        guard let raw = context.parameters.get("seq"), let seq = Int(raw), seq >= 0 else {
            throw APIError(.badRequest, "bad_request", "line '\(context.parameters.get("seq") ?? "")': expected a line number (seq) of 0 or more")
        }
        guard let l = try await repository.lines(runID: run.id).first(where: { $0.seq == seq }),
            who.visibleSections?.contains(l.section) ?? true
        else { throw APIError.notFound("line \(seq) of run \(run.id)") }
        return (run, l)
    }

    /// The intervals behind a line (``LineDrillDown``): the run's unit settled again from the directory it was
    /// settled from or the dataset's stored files, which must be the ones the run was settled from.
    func lineIntervals(_ context: AppContext) async throws -> Response {
        let (run, stored) = try await visibleLine(context)
        let drilled: LineDrillDown.Drilled
        do {
            drilled = try await LineDrillDown.breakdownFromStore(run: run, stored: stored, store: repository)
        } catch let e as LineDrillDownFailure {
            throw APIError(.conflict, e.code.description.replacingOccurrences(of: "-", with: "_"), e.message)
        }
        return try JSONCoding.response(LineIntervalsJSON(stored, drilled.breakdown))
    }

    func violations(_ context: AppContext) async throws -> Response {
        let run = try await visibleRun(context)
        return try JSONCoding.response(try await repository.checks(runID: run.id).filter(\.isViolation).map(CheckJSON.init))
    }

    func difference(_ request: Request, _ context: AppContext) async throws -> Response {
        let run = try await visibleRun(context)
        let who = try context.caller()
        let scope = try scope(context)
        let from: RunSummary
        if let raw = request.uri.queryParameters.get("from") {
            guard let other = try await scope.run(raw) else { throw APIError.notFound("run \(raw)") }
            from = other
        } else {
            // the stored link may point into a dataset the caller may not see: then there is nothing to compare with
            guard let replaced = try await scope.replaced(of: run) else {
                throw APIError(.notFound, "not_found", "run \(run.id) replaces no earlier run you may see; name one with ?from=")
            }
            from = replaced
        }
        let diff = try await repository.compare(from: from.id, to: run.id).filter { d in d.changed && (who.visibleSections?.contains(d.section) ?? true) }
        return try JSONCoding.response(DifferenceJSON(from: from.id, to: run.id, lines: diff.map(LineDifferenceJSON.init)))
    }
}
