import Foundation
@testable import GridSettleServer
import GridSettleStore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Prometheus
import Testing

/// Requests without a valid token are limited per client address before the token is looked up, so a caller
/// who sends a new made-up token with every request is limited like one without a token.
@Suite("Rate limit per token and per address")
struct RateLimitTests {
    @Test("rotating made-up tokens from one address meet the limit: 429 rate_limited with Retry-After")
    func rotatingBogusTokensLimited() async throws {
        let w = try await APITests.world(configuration: .init(rateBurst: 5, ratePerSecond: 1))
        try await w.app().test(.router) { client in
            var statuses: [HTTPResponse.Status] = []
            for i in 0..<50 where !statuses.contains(.tooManyRequests) {
                try await client.execute(uri: "/v1/runs", method: .get, headers: APITests.auth("gs_bogus_\(i)")) { r in
                    statuses.append(r.status)
                    if r.status == .tooManyRequests { #expect(r.headers[.retryAfter] != nil && APITests.errorCode(r) == "rate_limited") }
                }
            }
            #expect(statuses.contains(.tooManyRequests))
            #expect(statuses.allSatisfy { $0 == .unauthorized || $0 == .tooManyRequests })
        }
    }

    @Test("made-up tokens posted to the sign-in form from one address meet the limit too: a 429 page with Retry-After")
    func signInFormLimited() async throws {
        let repo = try SettlementStore(path: NSTemporaryDirectory() + "gridsettle-signin-limit-\(UInt64.random(in: 0...UInt64.max)).sqlite")
        let app = Application(router: GridSettleServer.router(repository: repo, registry: PrometheusCollectorRegistry(), configuration: .init(rateBurst: 5, ratePerSecond: 1)))
        try await app.test(.router) { client in
            var statuses: [HTTPResponse.Status] = []
            for i in 0..<50 where !statuses.contains(.tooManyRequests) {
                try await client.execute(uri: "/ui/login?token=gs_bogus_\(i)", method: .get) { r in
                    statuses.append(r.status)
                    if r.status == .tooManyRequests {
                        #expect(r.headers[.retryAfter] != nil && r.headers[.contentType]?.hasPrefix("text/html") == true)
                        #expect(String(buffer: r.body).contains("Too many requests"))
                    }
                }
            }
            #expect(statuses.contains(.tooManyRequests))
            // health is never limited
            try await client.execute(uri: "/health", method: .get) { r in #expect(r.status == .ok) }
        }
    }
}

/// The limiter's table and the per-token buckets, on a router with the server's own rate limit and
/// authentication middleware, the client address taken from `X-Forwarded-For` (the seam: router mode has no
/// peer address, and a server behind a reverse proxy is configured the same way).
@Suite("Rate limiter table bound")
struct RateLimiterTableTests {
    static let forwardedFor = HTTPFields.Element.Name("X-Forwarded-For")!

    static func router(_ repo: any SettlementRepository, _ limiter: RateLimiter) -> Router<AppContext> {
        let router = Router(context: AppContext.self)
        router.add(middleware: JSONErrorMiddleware())
        router.add(middleware: RateLimitMiddleware(limiter: limiter, addressFromForwardedFor: true))
        router.add(middleware: AuthMiddleware(repository: repo, limiter: limiter))
        router.get("/v1/runs") { _, _ in Response(status: .ok) }
        return router
    }

    static func store() async throws -> (SettlementStore, String) {
        let repo = try SettlementStore(path: NSTemporaryDirectory() + "gridsettle-limit-\(UInt64.random(in: 0...UInt64.max)).sqlite")
        let token = "gs_limit_admin_\(UInt32.random(in: 0...UInt32.max))"
        try await repo.saveToken(StoredToken(hash: ContentDigest.sha256(Array(token.utf8)), tenant: "acme", name: "admin", role: "admin", datasets: nil))
        return (repo, token)
    }

    @Test("10,000 distinct made-up tokens over HTTP, from 10,000 distinct addresses, leave the table at or under its bound of 1,000; none gets a token bucket")
    func boundedUnderBogusFlood() async throws {
        let (repo, _) = try await Self.store()
        let limiter = RateLimiter(burst: 5, perSecond: 1, maxBuckets: 1_000)
        let most = try await Application(router: Self.router(repo, limiter)).test(.router) { client in
            var most = 0
            for i in 0..<10_000 {
                let headers: HTTPFields = [.authorization: "Bearer gs_bogus_\(i)", Self.forwardedFor: "10.\(i >> 16).\((i >> 8) & 255).\(i & 255)"]
                try await client.execute(uri: "/v1/runs", method: .get, headers: headers) { r in #expect(r.status == .unauthorized) }
                if i % 100 == 99 { most = max(most, await limiter.count) }
            }
            return most
        }
        #expect(most > 0 && most <= 1_000)
        #expect(await limiter.buckets.keys.allSatisfy { if case .address = $0 { true } else { false } })
    }

    @Test("a valid token has its own bucket: after its address is exhausted by made-up tokens, the token still gets through; its own limit still holds")
    func validTokenLimitedPerToken() async throws {
        let (repo, token) = try await Self.store()
        // time stands still: on a loaded machine requests a second apart refilled the address's bucket as fast as
        // the made-up tokens drained it, and no 429 ever came
        let frozen = ContinuousClock.now
        let limiter = RateLimiter(burst: 3, perSecond: 1, maxBuckets: 100, now: { frozen })
        let address: HTTPFields.Element = .init(name: Self.forwardedFor, value: "192.0.2.7")
        try await Application(router: Self.router(repo, limiter)).test(.router) { client in
            // the first request proves the token valid (paid for by the address)
            try await client.execute(uri: "/v1/runs", method: .get, headers: [.authorization: "Bearer \(token)", address.name: address.value]) { r in
                #expect(r.status == .ok)
            }
            var bogus: [HTTPResponse.Status] = []
            for i in 0..<20 where !bogus.contains(.tooManyRequests) {
                try await client.execute(uri: "/v1/runs", method: .get, headers: [.authorization: "Bearer gs_bogus_\(i)", address.name: address.value]) { r in
                    bogus.append(r.status)
                }
            }
            #expect(bogus.contains(.tooManyRequests))
            // same address, the real token: its own bucket
            try await client.execute(uri: "/v1/runs", method: .get, headers: [.authorization: "Bearer \(token)", address.name: address.value]) { r in
                #expect(r.status == .ok)
            }
            var own: [HTTPResponse.Status] = []
            for _ in 0..<20 where !own.contains(.tooManyRequests) {
                try await client.execute(uri: "/v1/runs", method: .get, headers: [.authorization: "Bearer \(token)", address.name: "198.51.100.\(own.count)"]) { r in
                    own.append(r.status)
                }
            }
            #expect(own.contains(.tooManyRequests))
        }
        #expect(await limiter.buckets[.token(ContentDigest.sha256(Array(token.utf8)))] != nil)
    }

    @Test("an accepted token keeps its own bucket while idle: a sweep forgets idle addresses, not accepted tokens")
    func acceptedTokenSurvivesSweeps() async {
        // a sweep on every request: the token's full (idle) bucket would be swept at once if sweeps dropped it
        let limiter = RateLimiter(burst: 2, perSecond: 1, maxBuckets: 100, sweepInterval: .zero)
        #expect(await limiter.admit(tokenHash: "t", address: "a") == nil)  // paid by the address
        await limiter.accepted(tokenHash: "t")
        #expect(await limiter.admit(tokenHash: nil, address: "a") == nil)
        #expect(await limiter.admit(tokenHash: nil, address: "a") != nil)  // the address is exhausted
        // the token pays from its own bucket, however many sweeps ran since it was accepted
        #expect(await limiter.admit(tokenHash: "t", address: "a") == nil)
        #expect(await limiter.buckets[.token("t")] != nil)
    }

    @Test("the limiter alone: 100,000 distinct made-up tokens from 100,000 distinct addresses leave at most maxBuckets buckets; idle (refilled) buckets are swept")
    func limiterBound() async throws {
        let limiter = RateLimiter(burst: 2, perSecond: 1, maxBuckets: 500)
        for i in 0..<100_000 {
            _ = await limiter.admit(tokenHash: "unknown-\(i)", address: "addr-\(i)")
            if i % 997 == 0 { #expect(await limiter.count <= 500) }
        }
        #expect(await limiter.count <= 500)
        // a sweep with every bucket refilled empties the table
        let sweeping = RateLimiter(burst: 1, perSecond: 1_000_000, maxBuckets: 10, sweepInterval: .zero)
        for i in 0..<10 { _ = await sweeping.admit(tokenHash: nil, address: "a\(i)") }
        try await Task.sleep(for: .milliseconds(5))
        _ = await sweeping.admit(tokenHash: nil, address: "late")
        #expect(await sweeping.count == 1)
    }
}
