import GridSettleStore
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import Prometheus

/// Builds the HTTP service: the router with its middleware (metrics → JSON errors → request log → announced
/// length → rate limit → authentication), on a repository. `gridsettle serve` runs it with graceful shutdown on SIGTERM and
/// SIGINT (ServiceLifecycle: in-flight requests finish, then the store closes).
public enum GridSettleServer {
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        /// Requests per caller: a burst of `rateBurst`, refilled at `ratePerSecond`.
        public var rateBurst: Int
        public var ratePerSecond: Int
        /// The largest file an ingest accepts; a larger body is 413, and a request announcing a larger
        /// `Content-Length` is 413 before any of its body is read.
        public var maxUploadBytes: Int
        /// The most callers (accepted tokens and client addresses together) the rate limit keeps a bucket for;
        /// see ``RateLimiter``.
        public var rateLimitMaxClients: Int
        /// Key callers without a valid token by the last `X-Forwarded-For` address instead of the connection's
        /// peer. Only behind a reverse proxy that sets that header: otherwise a caller could pick its own key.
        public var clientAddressFromForwardedFor: Bool
        /// A connection that sends nothing for this long — before its first request, between requests, or in
        /// the middle of one — is closed.
        public var idleTimeout: Duration
        /// A request must arrive whole, head and body, within this long of its head; else the connection is
        /// closed. Bounds how long a trickled body (a byte a second) can hold a connection.
        public var readTimeout: Duration
        /// The origin the pages are served from (`https://settle.example.com`), which a sign-in post must come
        /// from; nil = the request's own (`X-Forwarded-Proto` or http, and its Host).
        public var publicOrigin: String?

        public init(host: String = "127.0.0.1", port: Int = 8080, rateBurst: Int = 200, ratePerSecond: Int = 100, maxUploadBytes: Int = 64 << 20,
                    rateLimitMaxClients: Int = 10_000, clientAddressFromForwardedFor: Bool = false,
                    idleTimeout: Duration = .seconds(30), readTimeout: Duration = .seconds(300), publicOrigin: String? = nil) {
            self.host = host
            self.port = port
            self.rateBurst = rateBurst
            self.ratePerSecond = ratePerSecond
            self.maxUploadBytes = maxUploadBytes
            self.rateLimitMaxClients = rateLimitMaxClients
            self.clientAddressFromForwardedFor = clientAddressFromForwardedFor
            self.idleTimeout = idleTimeout
            self.readTimeout = readTimeout
            self.publicOrigin = publicOrigin
        }
    }

    /// `runner` settles the runs the API starts; nil settles them in this process (``InProcessSettlementRunner``,
    /// what the router tests use), while `gridsettle serve` passes a ``ProcessSettlementRunner``.
    public static func router(
        repository: any SettlementRepository, registry: PrometheusCollectorRegistry, configuration: Configuration,
        runner: (any SettlementRunner)? = nil
    ) -> Router<AppContext> {
        let router = Router(context: AppContext.self)
        router.add(middleware: PrometheusMiddleware(registry: registry))
        router.add(middleware: JSONErrorMiddleware())
        router.add(middleware: LogRequestPathsMiddleware())
        router.add(middleware: AnnouncedLengthMiddleware(maxBytes: configuration.maxUploadBytes))
        let limiter = RateLimiter(burst: configuration.rateBurst, perSecond: configuration.ratePerSecond, maxBuckets: configuration.rateLimitMaxClients)
        router.add(middleware: RateLimitMiddleware(limiter: limiter, addressFromForwardedFor: configuration.clientAddressFromForwardedFor))
        router.add(middleware: AuthMiddleware(repository: repository, limiter: limiter))
        Routes(
            repository: repository, registry: registry, maxUploadBytes: configuration.maxUploadBytes,
            runner: runner ?? InProcessSettlementRunner(repository: repository)
        ).register(on: router)
        Pages(repository: repository, publicOrigin: configuration.publicOrigin).register(on: router)
        return router
    }

    public static func application(
        repository: any SettlementRepository, configuration: Configuration, logger: Logger, runner: (any SettlementRunner)? = nil
    ) -> some ApplicationProtocol {
        let registry = PrometheusCollectorRegistry()
        return Application(
            router: router(repository: repository, registry: registry, configuration: configuration, runner: runner),
            server: httpServer(configuration),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "gridsettle"),
            logger: logger)
    }

    /// HTTP/1.1 with the connection limits: the idle timeout (Hummingbird's) and the request read timeout
    /// (``RequestReadTimeoutHandler``, which also closes a connection after a response that says so).
    public static func httpServer(_ configuration: Configuration) -> HTTPServerBuilder {
        .http1(configuration: .init(
            additionalChannelHandlers: [RequestReadTimeoutHandler(readTimeout: TimeAmount(configuration.readTimeout))],
            idleTimeout: TimeAmount(configuration.idleTimeout)))
    }
}
