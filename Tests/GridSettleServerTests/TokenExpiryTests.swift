import Foundation
import GridSettleServer
import GridSettleStore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Prometheus
import Testing

/// Tokens end: at their expiry (`gridsettle token create --expires`) or when revoked. Either is a 401 that
/// says which, on the API; on the pages the cookie no longer opens anything and the sign-in form says why.
@Suite("Token expiry and revocation")
struct TokenExpiryTests {
    /// A store with three acme admin tokens: one expired a second ago, one expiring in a day, one revoked.
    static func world() async throws -> (repo: SettlementStore, tokens: [String: String]) {
        let repo = try SettlementStore(path: NSTemporaryDirectory() + "gridsettle-expiry-\(UInt64.random(in: 0...UInt64.max)).sqlite")
        let now = Int64(Date().timeIntervalSince1970)
        var tokens: [String: String] = [:]
        for (key, expiresAt, revoked) in [("expired", now - 1, false), ("valid", now + 86_400, false), ("revoked", nil, true)] as [(String, Int64?, Bool)] {
            let token = "gs_expiry_\(key)_\(UInt32.random(in: 0...UInt32.max))"
            try await repo.saveToken(StoredToken(hash: ContentDigest.sha256(Array(token.utf8)), tenant: "acme", name: key, role: "admin", datasets: nil,
                                                 revoked: revoked, expiresAt: expiresAt))
            tokens[key] = token
        }
        return (repo, tokens)
    }

    static func app(_ repo: SettlementStore) -> some ApplicationProtocol {
        Application(router: GridSettleServer.router(repository: repo, registry: PrometheusCollectorRegistry(), configuration: .init()))
    }

    @Test("an expired token is 401 token_expired 'token expired at …'; a revoked one 401 token_revoked; one not yet expired works")
    func apiRefusesExpiredAndRevoked() async throws {
        let (repo, tokens) = try await Self.world()
        try await Self.app(repo).test(.router) { client in
            try await client.execute(uri: "/v1/runs", method: .get, headers: APITests.auth(tokens["expired"]!)) { r in
                let error = APITests.json(r)["error"] as? [String: Any]
                #expect(r.status == .unauthorized && error?["code"] as? String == "token_expired")
                #expect((error?["message"] as? String)?.hasPrefix("token expired at ") == true)
                #expect(r.headers[.wwwAuthenticate] == "Bearer")
            }
            try await client.execute(uri: "/v1/runs", method: .get, headers: APITests.auth(tokens["revoked"]!)) { r in
                #expect(r.status == .unauthorized && APITests.errorCode(r) == "token_revoked")
                #expect((APITests.json(r)["error"] as? [String: Any])?["message"] as? String == "token revoked")
            }
            try await client.execute(uri: "/v1/runs", method: .get, headers: APITests.auth(tokens["valid"]!)) { r in
                #expect(r.status == .ok)
            }
        }
    }

    @Test("pages: an expired or revoked token's cookie goes to sign-in; signing in with an expired token shows 401 saying it expired, no cookie")
    func pagesRefuseExpired() async throws {
        let (repo, tokens) = try await Self.world()
        try await Self.app(repo).test(.router) { client in
            for key in ["expired", "revoked"] {
                try await client.execute(uri: "/ui", method: .get, headers: [.cookie: "gridsettle_token=\(tokens[key]!)"]) { r in
                    #expect(r.status == .seeOther && r.headers[.location] == "/ui/login", "\(key)")
                }
            }
            let session = try await LoginCSRFTests.formSession(client)
            var headers = PagesTests.formHeaders
            headers[.cookie] = session.cookie
            try await client.execute(uri: "/ui/login", method: .post, headers: headers,
                                     body: PagesTests.form([("token", tokens["expired"]!), ("csrf", session.field)])) { r in
                #expect(r.status == .unauthorized && r.headers[.setCookie] == nil)
                #expect(String(buffer: r.body).contains("That token expired at "))
            }
            try await client.execute(uri: "/ui/login", method: .post, headers: headers,
                                     body: PagesTests.form([("token", tokens["valid"]!), ("csrf", session.field)])) { r in
                #expect(r.status == .seeOther && r.headers[.setCookie]?.hasPrefix("gridsettle_token=") == true)
            }
        }
    }

    @Test("--expires: a duration (90d, 12h, 30m) from now, or an ISO 8601 instant with a zone in the future")
    func lifetimeParsing() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(try TokenLifetime.expiry("90d", now: now) == 1_800_000_000 + 90 * 86_400)
        #expect(try TokenLifetime.expiry("12h", now: now) == 1_800_000_000 + 12 * 3_600)
        #expect(try TokenLifetime.expiry("30m", now: now) == 1_800_000_000 + 1_800)
        #expect(try TokenLifetime.expiry("2027-01-31T00:00:00Z", now: now) == 1_801_353_600)
        #expect(try TokenLifetime.expiry("2027-01-31T09:00:00+09:00", now: now) == 1_801_353_600)
        #expect(TokenLifetime.iso8601(unixSeconds: 1_801_353_600) == "2027-01-31T00:00:00Z")
    }

    @Test("--expires refuses what is not a lifetime, naming the value: no unit, zero, a past instant, no zone, over ten years, overflow",
          arguments: ["90", "0d", "-5d", "d", "1y", "2020-01-01T00:00:00Z", "2027-01-31T00:00:00", "2027-01-31", "4000d", "999999999d", "99999999999999999999d", ""])
    func lifetimeRefusals(_ text: String) throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let error = try #require(throws: TokenLifetime.Invalid.self) { try TokenLifetime.expiry(text, now: now) }
        #expect(error.description.contains("--expires '\(text)'"))
    }
}
