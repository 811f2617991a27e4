import Foundation
import GridSettleCore
import GridSettleExamples
import GridSettleFormats
import GridSettleServer
import GridSettleStore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Prometheus
import Testing

/// The world the page tests sign into, built like ``APITests/World``: tenant `acme` owns dataset `a1` (the
/// generated LA AFB month, settled through the API, then corrected and settled again) and `a2`; tenant
/// `other` has its own run of the same data. Tokens by role, one of them with markup in its name and dataset
/// list to prove the pages escape, one for the revocation test alone.
///
/// Built once and shared by every page test (``shared``): a settlement is seconds of CPU, and a dozen worlds
/// settling at once on a 2-core machine starve the other suites' timing-sensitive tests (the API's rate
/// limit). The tests only read it, except the revocation test, which revokes its own token.
struct PagesWorld: Sendable {
    var repo: SettlementStore
    var tokens: [String: String]
    /// acme's first run of a1 (version 1).
    var run: Int64
    /// acme's recalculation of a1 (version 2, replaces ``run``, the retail adjustment made symmetric).
    var second: Int64
    /// other's run (same data, another tenant).
    var otherRun: Int64

    static let shared = Task { try await make() }

    static let hostileName = "<script>alert(\"pwned\")</script>"

    func app(configuration: ApplicationConfiguration = .init()) -> some ApplicationProtocol {
        Application(
            router: GridSettleServer.router(repository: repo, registry: PrometheusCollectorRegistry(), configuration: .init()),
            configuration: configuration)
    }

    static func make() async throws -> PagesWorld {
        let path = NSTemporaryDirectory() + "gridsettle-pages-\(UInt64.random(in: 0...UInt64.max)).sqlite"
        let repo = try SettlementStore(path: path)
        var tokens: [String: String] = [:]
        for (key, tenant, role, datasets) in [
            ("admin", "acme", "admin", nil), ("scheduler", "acme", "scheduler", ["a1"]), ("utility", "acme", "utility", ["a1"]),
            ("aggregator-a2", "acme", "aggregator", ["a2"]), ("other", "other", "admin", nil),
            ("hostile", "acme", "admin", ["a1", "<b>bold</b>"]), ("revocable", "acme", "admin", nil),
        ] as [(String, String, String, [String]?)] {
            let token = "gs_test_\(key.filter { $0.isLetter || $0 == "-" })_\(UInt32.random(in: 0...UInt32.max))"
            let name = key == "hostile" ? hostileName : key
            try await repo.saveToken(StoredToken(hash: ContentDigest.sha256(Array(token.utf8)), tenant: tenant, name: name, role: role, datasets: datasets))
            tokens[key] = token
        }
        for (name, bytes) in try exampleFiles() {
            _ = try await repo.ingest(IngestFile(tenant: "acme", dataset: "a1", name: name, content: bytes))
            _ = try await repo.ingest(IngestFile(tenant: "other", dataset: "o1", name: name, content: bytes))
        }
        var w = PagesWorld(repo: repo, tokens: tokens, run: 0, second: 0, otherRun: 0)
        w.run = try await w.settle(dataset: "a1", token: "admin")
        w.otherRun = try await w.settle(dataset: "o1", token: "other")
        w.second = try await w.recalculate()
        return w
    }

    /// The generated LA AFB November with the SCE TOU-8 tariff, as dataset files.
    static func exampleFiles() throws -> [String: [UInt8]] {
        var o = ExampleOptions()
        o.month = 11
        let tariffJSON = Array(ExampleTariffs.sceTOU8JSON.utf8)
        let tariff = try URDBReader.read(data: tariffJSON, file: "tariff.json", reference: TariffReference(urdbFile: "tariff.json")).tariff
        return DatasetWriter.files(ExampleGenerator.laAirForceBase(options: o, tariff: tariff, tariffFile: "tariff.json"), tariffJSON: tariffJSON)
    }

    /// Starts a run through the API, as a person's tools would; its id.
    func settle(dataset: String, token key: String) async throws -> Int64 {
        let headers: HTTPFields = [.authorization: "Bearer \(tokens[key] ?? "")"]
        return try await app().test(.router) { client in
            try await client.execute(uri: "/v1/datasets/\(dataset)/runs", method: .post, headers: headers) { r in
                #expect(r.status == .created)
                let json = try JSONSerialization.jsonObject(with: Data(r.body.readableBytesView)) as? [String: Any]
                return Int64(try #require(json?["id"] as? Int))
            }
        }
    }

    /// Corrects a1's site.json (the retail adjustment policy becomes symmetric) and settles again: run
    /// version 2, which replaces ``run`` and changes retail and revenue-stack lines.
    func recalculate() async throws -> Int64 {
        let site = try #require(try await repo.currentFiles(tenant: "acme", dataset: "a1")["site.json"])
        let corrected = String(decoding: site, as: UTF8.self).replacingOccurrences(of: "\"addBackOnly\"", with: "\"symmetric\"")
        #expect(corrected.utf8.count != site.count)
        _ = try await repo.ingest(IngestFile(tenant: "acme", dataset: "a1", name: "site.json", content: Array(corrected.utf8)))
        return try await settle(dataset: "a1", token: "admin")
    }

    /// The request header that carries a token the way a signed-in browser does.
    func cookie(_ key: String) -> HTTPFields { [.cookie: "\(AuthMiddlewareCookie.name)=\(tokens[key] ?? "")"] }
}

/// The cookie's name as the server reads it (AuthMiddleware is internal to the server module).
enum AuthMiddlewareCookie {
    static let name = "gridsettle_token"
}

extension TestResponse {
    var pageText: String { String(buffer: body) }
}
