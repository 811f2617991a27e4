import Foundation
import GridSettleServer
import GridSettleStore
import GridSettleWorkflows
import Hummingbird
import HummingbirdTesting
import Prometheus
import Testing

/// One dataset settled by `gridsettle settle --report`, by the API and by a job worker (`plan`, `work`) gives
/// the same stored run: the same fingerprint, the same lines and checks, and byte-identical documents — statement
/// JSON, CSV and HTML report, each rendered from what the run stores — because all three call the workflows.
@Suite("One settle path for the command line and the API")
struct OnePathTests {
    @Test("settle --report, POST /v1/datasets/D/runs and a job worker store identical runs, chart figures included")
    func commandLineAndAPIStoreTheSameRun() async throws {
        let dir = SettlementRunnerTests.temporaryPath("-dataset")
        let db = SettlementRunnerTests.temporaryPath(".sqlite")
        defer {
            try? FileManager.default.removeItem(atPath: dir)
            try? FileManager.default.removeItem(atPath: db)
        }
        #expect(try CommandLineRunVisibilityTests.gridsettle(["generate", "--out", dir]) == 0)
        #expect(try CommandLineRunVisibilityTests.gridsettle(["settle", dir, "--db", db, "--tenant", "cli", "--report", "--out", dir + "/output"]) == 0)

        let repo = try SettlementStore(path: db)
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) where !name.hasPrefix(".") && name != "output" {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name)))
            _ = try await repo.ingest(IngestFile(tenant: "api", dataset: "d1", name: name, content: bytes))
        }
        let token = "gs_test_api_\(UInt32.random(in: 0...UInt32.max))"
        try await repo.saveToken(StoredToken(hash: ContentDigest.sha256(Array(token.utf8)), tenant: "api", name: "a", role: "admin", datasets: nil))
        let app = Application(router: GridSettleServer.router(repository: repo, registry: PrometheusCollectorRegistry(), configuration: .init()))
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/datasets/d1/runs", method: .post, headers: [.authorization: "Bearer \(token)"]) { r in
                #expect(r.status == .created)
            }
        }
        let cli = try #require(try await repo.runs(tenant: "cli").first)
        let api = try #require(try await repo.runs(tenant: "api").first)
        #expect(cli.inputDigest == api.inputDigest)
        #expect(cli.inputDigest.count == 64)
        let cliDocs = try #require(try await StoredRunDocuments.load(runID: cli.id, from: repo))
        let apiDocs = try #require(try await StoredRunDocuments.load(runID: api.id, from: repo))
        #expect(cliDocs.json == apiDocs.json)
        #expect(cliDocs.csv == apiDocs.csv)
        #expect(cliDocs.rendered && apiDocs.rendered && cliDocs.html != nil && cliDocs.html == apiDocs.html)
        #expect(try await repo.lines(runID: cli.id) == repo.lines(runID: api.id))
        #expect(try await repo.checks(runID: cli.id) == repo.checks(runID: api.id))

        // the same dataset as a job of tenant "job", worked in this database
        #expect(try CommandLineRunVisibilityTests.gridsettle(["plan", "--db", db, "--job", "j1", "--tenant", "job", dir]) == 0)
        #expect(try CommandLineRunVisibilityTests.gridsettle(["work", "--db", db, "--job", "j1", "--tenant", "job"]) == 0)
        let worked = try #require(try await repo.runs(tenant: "job").first)
        let workedDocs = try #require(try await StoredRunDocuments.load(runID: worked.id, from: repo))
        #expect(worked.inputDigest == cli.inputDigest)
        // every document, the HTML report too, is rendered from what the run stores: a worker's run has them all
        #expect(workedDocs.json == cliDocs.json && workedDocs.csv == cliDocs.csv && workedDocs.html == cliDocs.html)
        #expect(try await repo.lines(runID: worked.id) == repo.lines(runID: cli.id))
        #expect(try await repo.checks(runID: worked.id) == repo.checks(runID: cli.id))
        // the figures the charts are drawn from are stored by every path, byte for byte the same
        let figures = try #require(try await repo.figures(runID: cli.id))
        let apiFigures = try await repo.figures(runID: api.id)
        let workedFigures = try await repo.figures(runID: worked.id)
        #expect(apiFigures == figures && workedFigures == figures)
    }
}
