import Foundation
import GridSettleServer
import GridSettleStore
import Hummingbird
import HummingbirdTesting
import Prometheus
import Testing

/// One dataset settled by `gridsettle settle --report` and by the API gives the same stored run: the same
/// fingerprint, the same lines and byte-identical statement JSON, CSV and report, because both call the
/// workflows' settle use case.
@Suite("One settle path for the command line and the API")
struct OnePathTests {
    @Test("settle --report and POST /v1/datasets/D/runs store identical runs")
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
        let cliDocs = try #require(try await repo.documents(runID: cli.id))
        let apiDocs = try #require(try await repo.documents(runID: api.id))
        #expect(cliDocs.json == apiDocs.json)
        #expect(cliDocs.csv == apiDocs.csv)
        #expect(!cliDocs.html.isEmpty && cliDocs.html == apiDocs.html)
        #expect(try await repo.lines(runID: cli.id) == repo.lines(runID: api.id))
        #expect(try await repo.checks(runID: cli.id) == repo.checks(runID: api.id))
    }
}
