import Foundation
import GridSettleCore
import GridSettleFormats
import GridSettleReports
import GridSettleStore
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
        v1.get("runs/:id") { _, context in try JSONCoding.response(RunJSON(try await visibleRun(context))) }
        v1.get("runs/:id/statement") { _, context in try await statement(context) }
        v1.get("runs/:id/lines") { request, context in try await lines(request, context) }
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

    static func validName(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 64 && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) } && !s.hasPrefix(".")
    }

    func dataset(_ context: AppContext) throws -> (Identity, String) {
        let who = try context.caller()
        let name = try context.parameters.require("dataset")
        guard Self.validName(name) else { throw APIError(.badRequest, "bad_dataset", "dataset id '\(name)': letters, digits, '.', '_' and '-', at most 64") }
        guard who.canSee(dataset: name) else { throw APIError.notFound("dataset '\(name)'") }
        return (who, name)
    }

    func ingest(_ request: Request, _ context: AppContext) async throws -> Response {
        let (who, dataset) = try dataset(context)
        let name = try context.parameters.require("name")
        let known = [DatasetFiles.site, DatasetFiles.readings, DatasetFiles.awards, DatasetFiles.signals, DatasetFiles.prices, DatasetFiles.mileage,
                     DatasetFiles.trips, DatasetFiles.edits, DatasetFiles.events, DatasetFiles.temperature, DatasetFiles.baselineSeries]
        guard Self.validName(name), known.contains(name) || name.hasSuffix(".json") else {
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

    func startRun(_ context: AppContext) async throws -> Response {
        let (who, dataset) = try dataset(context)
        guard who.canStartRuns else { throw APIError(.forbidden, "forbidden", "the \(who.role.rawValue) role may not start settlement runs") }
        let files = try await repository.currentFiles(tenant: who.tenant, dataset: dataset)
        guard !files.isEmpty else { throw APIError.notFound("dataset '\(dataset)'") }
        let d: Dataset
        let result: SettlementResult
        do {
            d = try DatasetReader.read(files: files)
            result = try SettlementEngine.settle(d)
        } catch {
            throw APIError(.unprocessableContent, "invalid_dataset", "dataset '\(dataset)' cannot be settled: \(error.errors.count) error(s)",
                           details: error.issues.map(\.description))
        }
        let s = result.statement
        let saved = try await repository.save(
            NewRun(tenant: who.tenant, dataset: dataset, statement: s, inputDigest: InputDigest.of(files: files),
                   statementJSON: StatementJSON.render(s), statementCSV: StatementCSV.render(s), reportHTML: HTMLReport.render(result)))
        registry.makeCounter(
            descriptor: MetricNameDescriptor(namespace: "gridsettle", metricName: "runs", unitName: "total", helpText: "settlement runs stored, by status"),
            labels: [("status", s.status.rawValue)]
        ).increment()
        context.logger.info("run", metadata: ["dataset": .string(dataset), "run": .stringConvertible(saved.id), "version": .stringConvertible(saved.version)])
        guard let run = try await repository.run(id: saved.id) else { throw APIError(.internalServerError, "internal", "run \(saved.id) not found after saving") }
        return try JSONCoding.response(RunJSON(run), status: .created)
    }

    // MARK: runs

    func listRuns(_ context: AppContext) async throws -> Response {
        let who = try context.caller()
        let runs = try await repository.runs(tenant: who.tenant).filter { who.canSee(dataset: $0.datasetID) }
        return try JSONCoding.response(runs.map(RunJSON.init))
    }

    /// The run named in the path, if the caller may see it; otherwise 404.
    func visibleRun(_ context: AppContext, parameter: String = "id") async throws -> RunSummary {
        let who = try context.caller()
        let raw = try context.parameters.require(parameter)
        guard let id = Int64(raw), let run = try await repository.run(id: id), run.tenantID == who.tenant, who.canSee(dataset: run.datasetID) else {
            throw APIError.notFound("run \(raw)")
        }
        return run
    }

    func statement(_ context: AppContext) async throws -> Response {
        let run = try await visibleRun(context)
        let who = try context.caller()
        guard who.visibleSections == nil else {
            throw APIError(.forbidden, "forbidden", "the \(who.role.rawValue) role sees the retail sections only: use /v1/runs/\(run.id)/lines")
        }
        guard let docs = try await repository.documents(runID: run.id) else { throw APIError.notFound("run \(run.id)") }
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: docs.json)))
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

    func violations(_ context: AppContext) async throws -> Response {
        let run = try await visibleRun(context)
        return try JSONCoding.response(try await repository.checks(runID: run.id).filter { $0.status == "VIOLATION" }.map(CheckJSON.init))
    }

    func difference(_ request: Request, _ context: AppContext) async throws -> Response {
        let run = try await visibleRun(context)
        let who = try context.caller()
        let from: RunSummary
        if let raw = request.uri.queryParameters.get("from") {
            guard let id = Int64(raw), let other = try await repository.run(id: id), other.tenantID == who.tenant, who.canSee(dataset: other.datasetID) else {
                throw APIError.notFound("run \(raw)")
            }
            from = other
        } else {
            guard let replaced = try await repository.replacedRun(of: run.id) else {
                throw APIError(.notFound, "not_found", "run \(run.id) replaces no earlier run; name one with ?from=")
            }
            from = replaced
        }
        let diff = try await repository.compare(from: from.id, to: run.id).filter { d in d.changed && (who.visibleSections?.contains(d.section) ?? true) }
        return try JSONCoding.response(DifferenceJSON(from: from.id, to: run.id, lines: diff.map(LineDifferenceJSON.init)))
    }
}
