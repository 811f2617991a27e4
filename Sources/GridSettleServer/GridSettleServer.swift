import GridSettleStore
import Hummingbird
import Logging
import Prometheus

/// Builds the HTTP service: the router with its middleware (metrics → JSON errors → request log → rate
/// limit → authentication), on a repository. `gridsettle serve` runs it with graceful shutdown on SIGTERM and
/// SIGINT (ServiceLifecycle: in-flight requests finish, then the store closes).
public enum GridSettleServer {
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        /// Requests per caller: a burst of `rateBurst`, refilled at `ratePerSecond`.
        public var rateBurst: Int
        public var ratePerSecond: Int
        /// The largest file an ingest accepts; a larger body is 413.
        public var maxUploadBytes: Int

        public init(host: String = "127.0.0.1", port: Int = 8080, rateBurst: Int = 200, ratePerSecond: Int = 100, maxUploadBytes: Int = 64 << 20) {
            self.host = host
            self.port = port
            self.rateBurst = rateBurst
            self.ratePerSecond = ratePerSecond
            self.maxUploadBytes = maxUploadBytes
        }
    }

    public static func router(
        repository: any SettlementRepository, registry: PrometheusCollectorRegistry, configuration: Configuration
    ) -> Router<AppContext> {
        let router = Router(context: AppContext.self)
        router.add(middleware: PrometheusMiddleware(registry: registry))
        router.add(middleware: JSONErrorMiddleware())
        router.add(middleware: LogRequestPathsMiddleware())
        router.add(middleware: RateLimitMiddleware(limiter: RateLimiter(burst: configuration.rateBurst, perSecond: configuration.ratePerSecond)))
        router.add(middleware: AuthMiddleware(repository: repository))
        Routes(repository: repository, registry: registry, maxUploadBytes: configuration.maxUploadBytes).register(on: router)
        Pages(repository: repository).register(on: router)
        return router
    }

    public static func application(
        repository: any SettlementRepository, configuration: Configuration, logger: Logger
    ) -> some ApplicationProtocol {
        let registry = PrometheusCollectorRegistry()
        return Application(
            router: router(repository: repository, registry: registry, configuration: configuration),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "gridsettle"),
            logger: logger)
    }
}
