import Foundation
import GridSettleStore
import Hummingbird
import Logging
import Prometheus

/// Turns every error into the API's JSON error (``APIError``): Hummingbird's own (404 no route, 413 body too
/// large) keep their status; anything else is a 500 whose detail goes to the log, not to the caller.
struct JSONErrorMiddleware: RouterMiddleware {
    typealias Context = AppContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let e as APIError {
            throw e
        } catch let e as any HTTPResponseError {
            // Hummingbird's own 404 means no route matched; 413 comes from collecting a body over the limit
            let headers = (e as? HTTPError)?.headers ?? [:]
            switch e.status {
            case .notFound: throw APIError(.notFound, "no_route", "no such endpoint: \(request.method) \(request.uri.path) (see /openapi.json)")
            case .contentTooLarge: throw APIError(.contentTooLarge, "payload_too_large", "request body over the limit")
            default: throw APIError(e.status, "http_\(e.status.code)", (e as? HTTPError)?.body ?? e.status.reasonPhrase, headers: headers)
            }
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            throw APIError(.internalServerError, "internal", "internal error; the request id is \(context.id)")
        }
    }
}

/// Token authentication: `Authorization: Bearer <token>` (the API), or the `gridsettle_token` cookie the web
/// pages' sign-in sets. The token's SHA-256 is looked up in the store (tokens are never stored in clear); the
/// identity goes into the context and the log metadata. Public paths need no token; a page without a token
/// redirects to the sign-in page.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let repository: any SettlementRepository
    static let publicPaths: Set<String> = ["/health", "/ready", "/metrics", "/openapi.json", "/ui/login", "/ui/style.css"]
    static let cookieName = "gridsettle_token"

    static func token(_ request: Request) -> String? {
        if let header = request.headers[.authorization], header.hasPrefix("Bearer ") { return String(header.dropFirst(7)) }
        return request.cookies[cookieName]?.value
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.publicPaths.contains(request.uri.path) { return try await next(request, context) }
        let page = request.uri.path == "/ui" || request.uri.path.hasPrefix("/ui/")
        guard let token = Self.token(request) else {
            if page { return Response(status: .seeOther, headers: [.location: "/ui/login"]) }
            throw APIError(.unauthorized, "unauthorized", "send the API token as 'Authorization: Bearer <token>'",
                           headers: [.wwwAuthenticate: "Bearer"])
        }
        let hash = ContentDigest.sha256(Array(token.utf8))
        guard let t = try await repository.token(hash: hash), !t.revoked, let role = Identity.Role(rawValue: t.role) else {
            if page { return Response(status: .seeOther, headers: [.location: "/ui/login"]) }
            throw APIError(.unauthorized, "unauthorized", "unknown or revoked API token", headers: [.wwwAuthenticate: "Bearer"])
        }
        var context = context
        context.identity = Identity(tenant: t.tenant, role: role, datasets: t.datasets.map(Set.init), tokenName: t.name)
        context.logger[metadataKey: "tenant"] = .string(t.tenant)
        context.logger[metadataKey: "token"] = .string(t.name)
        return try await next(request, context)
    }
}

/// A token bucket per caller (the Authorization header's hash, or "anonymous"): `burst` requests at once,
/// refilled at `perSecond`. Over the limit: 429 with Retry-After.
actor RateLimiter {
    let burst: Double
    let perSecond: Double
    var buckets: [String: (tokens: Double, at: ContinuousClock.Instant)] = [:]

    init(burst: Int, perSecond: Int) {
        self.burst = Double(burst)
        self.perSecond = Double(perSecond)
    }

    /// nil when allowed; else the seconds to wait.
    func take(_ key: String) -> Int? {
        let now = ContinuousClock.now
        var b = buckets[key] ?? (burst, now)
        let elapsed = b.at.duration(to: now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        b.tokens = min(burst, b.tokens + seconds * perSecond)
        b.at = now
        defer { buckets[key] = b }
        if b.tokens >= 1 {
            b.tokens -= 1
            return nil
        }
        return max(1, Int(((1 - b.tokens) / perSecond).rounded(.up)))
    }
}

struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let limiter: RateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if AuthMiddleware.publicPaths.contains(request.uri.path) { return try await next(request, context) }
        // per token, whether it comes as a bearer header or as the pages' cookie
        let key = AuthMiddleware.token(request).map { ContentDigest.sha256(Array($0.utf8)) } ?? "anonymous"
        if let wait = await limiter.take(key) {
            throw APIError(.tooManyRequests, "rate_limited", "too many requests; retry in \(wait) s", headers: [.retryAfter: String(wait)])
        }
        return try await next(request, context)
    }
}

/// Prometheus metrics per route: `gridsettle_http_requests_total{method,route,status}` and
/// `gridsettle_http_request_duration_seconds{method,route}`.
struct PrometheusMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let registry: PrometheusCollectorRegistry

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let method = request.method.rawValue
        do {
            let response = try await next(request, context)
            record(method, context.endpointPath ?? "unmatched", response.status.code, start)
            return response
        } catch let e as any HTTPResponseError {
            record(method, context.endpointPath ?? "unmatched", e.status.code, start)
            throw e
        } catch {
            record(method, context.endpointPath ?? "unmatched", 500, start)
            throw error
        }
    }

    func record(_ method: String, _ route: String, _ status: Int, _ start: ContinuousClock.Instant) {
        registry.makeCounter(descriptor: Self.requests, labels: [("method", method), ("route", route), ("status", String(status))]).increment()
        registry.makeDurationHistogram(
            descriptor: Self.duration, labels: [("method", method), ("route", route)],
            buckets: [.milliseconds(1), .milliseconds(5), .milliseconds(20), .milliseconds(100), .milliseconds(500), .seconds(2), .seconds(10)]
        ).recordNanoseconds(Self.nanoseconds(ContinuousClock.now - start))
    }

    static var requests: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "gridsettle", subsystem: "http", metricName: "requests", unitName: "total", helpText: "HTTP requests by method, route and status")
    }
    static var duration: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "gridsettle", subsystem: "http", metricName: "request_duration", unitName: "seconds", helpText: "HTTP request latency by method and route")
    }

    static func nanoseconds(_ d: Duration) -> Int64 {
        d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000
    }
}

/// Logs each request's method and path only — never the query, which for `/ui/login?token=…` holds a token.
struct LogRequestPathsMiddleware: RouterMiddleware {
    typealias Context = AppContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        context.logger.info("request", metadata: ["hb.request.path": .string(request.uri.path), "hb.request.method": .string(request.method.rawValue)])
        return try await next(request, context)
    }
}
