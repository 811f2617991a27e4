import Foundation
import GridSettleServer
import GridSettleStore
import Hummingbird
import HummingbirdTesting
import Prometheus
import Testing

/// A run settled with `gridsettle settle --tenant T --dataset D` is the same kind of run the API stores: `serve`
/// on that database lists it to T's tokens (all datasets, or limited to D) on the API and the pages, and to no
/// other tenant. Before `--tenant`, every command-line run went to an implicit tenant `default`, so the
/// README's `token create --tenant acme` followed by `serve` showed none of them.
@Suite("Command-line runs are visible to the API of their tenant")
struct CommandLineRunVisibilityTests {
    static func gridsettle(_ arguments: [String]) throws -> Int32 {
        let p = Process()
        p.executableURL = SettlementRunnerTests.binary
        p.arguments = arguments
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    @Test("settle --tenant acme --dataset site-1: listed for acme's tokens on /v1/runs and /ui, not for another tenant or dataset")
    func settledFromTheCommandLine() async throws {
        let dir = SettlementRunnerTests.temporaryPath("-dataset")
        let db = SettlementRunnerTests.temporaryPath(".sqlite")
        defer {
            try? FileManager.default.removeItem(atPath: dir)
            try? FileManager.default.removeItem(atPath: db)
        }
        #expect(try Self.gridsettle(["generate", "--out", dir]) == 0)
        #expect(try Self.gridsettle(["settle", dir, "--db", db, "--tenant", "acme", "--dataset", "site-1"]) == 0)
        // names the API could not address are refused before anything is settled
        #expect(try Self.gridsettle(["settle", dir, "--db", db, "--tenant", "acme corp"]) != 0)
        #expect(try Self.gridsettle(["settle", dir, "--db", db, "--dataset", "../x"]) != 0)

        let repo = try SettlementStore(path: db)
        var tokens: [String: String] = [:]
        for (key, tenant, datasets) in [("all", "acme", nil), ("site-1", "acme", ["site-1"]), ("site-2", "acme", ["site-2"]), ("other", "other", nil)]
            as [(String, String, [String]?)]
        {
            let token = "gs_test_\(key)_\(UInt32.random(in: 0...UInt32.max))"
            try await repo.saveToken(StoredToken(hash: ContentDigest.sha256(Array(token.utf8)), tenant: tenant, name: key, role: "admin", datasets: datasets))
            tokens[key] = token
        }
        let issued = tokens
        let app = Application(router: GridSettleServer.router(repository: repo, registry: PrometheusCollectorRegistry(), configuration: .init()))
        try await app.test(.router) { client in
            for (key, expected) in [("all", 1), ("site-1", 1), ("site-2", 0), ("other", 0)] {
                let headers: HTTPFields = [.authorization: "Bearer \(issued[key]!)"]
                try await client.execute(uri: "/v1/runs", method: .get, headers: headers) { r in
                    #expect(r.status == .ok)
                    let runs = try JSONSerialization.jsonObject(with: Data(r.body.readableBytesView)) as? [[String: Any]] ?? []
                    #expect(runs.count == expected, "\(key)")
                    if expected == 1 { #expect(runs.first?["dataset"] as? String == "site-1") }
                }
                try await client.execute(uri: "/ui", method: .get, headers: headers) { r in
                    #expect(r.status == .ok)
                    let page = String(buffer: r.body)
                    #expect(page.contains("/ui/runs/1") == (expected == 1), "\(key)")
                }
            }
        }
    }
}
