import Foundation
import GridSettleServer
import GridSettleStore
import Hummingbird
import HummingbirdTesting
import Prometheus
import Testing

/// Two datasets of tenant `acme`, `site-1` and `site-2`, holding the same site, resource and period, so that
/// the run of `site-2` is stored as the next version of the run of `site-1` and names it as the run it
/// replaces. Tokens: `admin` (every dataset), `site-2` (admin limited to `site-2`), `site-2-utility` (utility
/// limited to `site-2`), `site-1` (scheduler limited to `site-1`). Built once: a settlement is seconds of CPU.
struct ScopeWorld: Sendable {
    var repo: SettlementStore
    var tokens: [String: String]
    /// The run of `site-1` (version 1).
    var first: Int64
    /// The run of `site-2` (version 2, replaces ``first``).
    var second: Int64

    static let shared = Task { try await make() }

    func app() -> some ApplicationProtocol {
        Application(router: GridSettleServer.router(repository: repo, registry: PrometheusCollectorRegistry(), configuration: .init()))
    }

    func auth(_ key: String) -> HTTPFields { [.authorization: "Bearer \(tokens[key] ?? "")"] }

    static func make() async throws -> ScopeWorld {
        let repo = try SettlementStore(path: NSTemporaryDirectory() + "gridsettle-scope-\(UInt64.random(in: 0...UInt64.max)).sqlite")
        var tokens: [String: String] = [:]
        for (key, role, datasets) in [
            ("admin", "admin", nil), ("site-2", "admin", ["site-2"]), ("site-2-utility", "utility", ["site-2"]), ("site-1", "scheduler", ["site-1"]),
        ] as [(String, String, [String]?)] {
            let token = "gs_scope_\(key)_\(UInt32.random(in: 0...UInt32.max))"
            try await repo.saveToken(StoredToken(hash: ContentDigest.sha256(Array(token.utf8)), tenant: "acme", name: key, role: role, datasets: datasets))
            tokens[key] = token
        }
        for (name, bytes) in try PagesWorld.exampleFiles() {
            _ = try await repo.ingest(IngestFile(tenant: "acme", dataset: "site-1", name: name, content: bytes))
            _ = try await repo.ingest(IngestFile(tenant: "acme", dataset: "site-2", name: name, content: bytes))
        }
        var w = ScopeWorld(repo: repo, tokens: tokens, first: 0, second: 0)
        w.first = try await w.settle("site-1")
        w.second = try await w.settle("site-2")
        return w
    }

    func settle(_ dataset: String) async throws -> Int64 {
        let headers = auth("admin")
        return try await app().test(.router) { client in
            try await client.execute(uri: "/v1/datasets/\(dataset)/runs", method: .post, headers: headers) { r in
                #expect(r.status == .created)
                return Int64(try #require(APITests.json(r)["id"] as? Int))
            }
        }
    }
}
