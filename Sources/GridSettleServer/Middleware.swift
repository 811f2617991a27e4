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
/// pages' sign-in sets, checked by ``TokenCheck`` (known, not revoked, not expired, a known role). The identity
/// goes into the context and the log metadata, and the rate limiter is told the token is real, so its later
/// requests pay from the token's own bucket. Public paths need no token; a page without a valid token
/// redirects to the sign-in page.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let repository: any SettlementRepository
    let limiter: RateLimiter?
    static let publicPaths: Set<String> = ["/health", "/ready", "/metrics", "/openapi.json", "/ui/login", "/ui/style.css"]
    static let cookieName = "gridsettle_token"

    init(repository: any SettlementRepository, limiter: RateLimiter? = nil) {
        self.repository = repository
        self.limiter = limiter
    }

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
        let identity: Identity
        switch try await TokenCheck.check(token, repository: repository) {
        case .failure(let refusal):
            if page { return Response(status: .seeOther, headers: [.location: "/ui/login"]) }
            throw APIError(.unauthorized, refusal.code, refusal.message, headers: [.wwwAuthenticate: "Bearer"])
        case .success(let who):
            identity = who
        }
        await limiter?.accepted(tokenHash: ContentDigest.sha256(Array(token.utf8)))
        var context = context
        context.identity = identity
        context.logger[metadataKey: "tenant"] = .string(identity.tenant)
        context.logger[metadataKey: "token"] = .string(identity.tokenName)
        return try await next(request, context)
    }
}

/// The rate limit (``RateLimiter``), before authentication: a token the limiter knows to be valid pays from
/// its own bucket; a request with no token, or a token not yet known to be valid (made-up ones never are),
/// pays from its client address's bucket before the token is looked up. Over the limit: 429 with Retry-After.
///
/// The address is the connection's peer, or — only when the server is configured to sit behind a reverse
/// proxy — the last address of `X-Forwarded-For`, the one that proxy appended.
///
/// The sign-in page looks tokens up too, so it pays from its address's bucket like any request without a
/// known token (whatever cookie it carries); the other public paths (health, readiness, metrics, the OpenAPI
/// document, the stylesheet) are not limited. Pages get their 429 as a page, the API as JSON.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let limiter: RateLimiter
    let addressFromForwardedFor: Bool
    static let forwardedFor = HTTPFields.Element.Name("X-Forwarded-For")!
    static let signIn = "/ui/login"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if path != Self.signIn, AuthMiddleware.publicPaths.contains(path) { return try await next(request, context) }
        let tokenHash = path == Self.signIn ? nil : AuthMiddleware.token(request).map { ContentDigest.sha256(Array($0.utf8)) }
        if let wait = await limiter.admit(tokenHash: tokenHash, address: address(request, context)) {
            if path == "/ui" || path.hasPrefix("/ui/") {
                var response = PageResponse.error(
                    PageFailure(status: .tooManyRequests, title: "Too many requests", message: "Wait \(wait) seconds and try again."), identity: nil)
                response.headers[.retryAfter] = String(wait)
                return response
            }
            throw APIError(.tooManyRequests, "rate_limited", "too many requests; retry in \(wait) s", headers: [.retryAfter: String(wait)])
        }
        return try await next(request, context)
    }

    func address(_ request: Request, _ context: Context) -> String {
        if addressFromForwardedFor, let header = request.headers[Self.forwardedFor],
            let last = header.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty {
            return String(last.prefix(64))
        }
        return context.clientAddress ?? "unknown"
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
