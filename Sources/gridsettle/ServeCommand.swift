import ArgumentParser
import Foundation
import GridSettleServer
import GridSettleStore
import Hummingbird
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the HTTP API (docs/api.md) on the SQLite default or on PostgreSQL; SIGTERM or SIGINT shuts it down gracefully.")

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"
    @Option(help: "Port to listen on.")
    var port: Int = 8080
    @Option(help: "SQLite database file, or a postgres://user:password@host:port/database URL.")
    var database: String = "gridsettle.sqlite"
    @Option(help: "Requests per caller: the burst allowed at once.")
    var rateBurst: Int = 200
    @Option(help: "Requests per caller: the sustained rate per second.")
    var ratePerSecond: Int = 100
    @Option(help: "Largest file an ingest accepts, bytes; a request announcing more is refused (413) before its body is read.")
    var maxUploadBytes: Int = 64 << 20
    @Option(help: "Callers (valid tokens and client addresses) the rate limit keeps a bucket for at most; idle ones are swept, the oldest evicted.")
    var rateLimitMaxClients: Int = 10_000
    @Flag(help: "Rate-limit callers without a valid token by the last X-Forwarded-For address (only behind a reverse proxy that sets it).")
    var trustForwardedFor: Bool = false
    @Option(help: "Seconds a connection may send nothing (before, between or during requests) before it is closed.")
    var idleTimeout: Int = 30
    @Option(help: "Seconds a request may take to arrive whole, head and body, before its connection is closed.")
    var readTimeout: Int = 300
    @Option(help: "This server's public origin (https://settle.example.com), which sign-in posts must come from (default: the request's Host).")
    var publicOrigin: String?

    /// The server's limits from the options, each checked (``GridSettleServer/Configuration/validate()``).
    func serverConfiguration() throws -> GridSettleServer.Configuration {
        let configuration = GridSettleServer.Configuration(
            host: host, port: port, rateBurst: rateBurst, ratePerSecond: ratePerSecond, maxUploadBytes: maxUploadBytes,
            rateLimitMaxClients: rateLimitMaxClients, clientAddressFromForwardedFor: trustForwardedFor,
            idleTimeout: .seconds(idleTimeout), readTimeout: .seconds(readTimeout), publicOrigin: publicOrigin)
        do {
            try configuration.validate()
        } catch let e as ConfigurationError {
            throw ValidationError(e.description)
        }
        return configuration
    }
    @Option(help: "Settlements (child processes) running at once; more requests wait for a slot (default: the number of cores).")
    var maxConcurrentRuns: Int?
    @Option(help: "Seconds a settlement may run before its child process is killed and the request answered 504 settlement_timeout.")
    var runTimeout: Int = 300

    /// The number of settlements at once: the option, or one per core (at most 1024).
    var concurrentRuns: Int { maxConcurrentRuns ?? min(ProcessInfo.processInfo.activeProcessorCount, 1024) }

    /// Every option is checked before anything is opened: a bad one must not create or migrate a database.
    func validate() throws {
        guard (1...1024).contains(concurrentRuns) else {
            throw ValidationError("--max-concurrent-runs: saw \(concurrentRuns), expected 1 to 1024")
        }
        guard (1...86_400).contains(runTimeout) else { throw ValidationError("--run-timeout: saw \(runTimeout), expected 1 to 86400 seconds") }
        _ = try serverConfiguration()
    }

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        var logger = Logger(label: "gridsettle")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info
        let repository = try await Repositories.open(database)
        logger.info("store open", metadata: ["backend": .string(repository.backend)])
        // each run settles in a child process (`gridsettle settle-run`), so a settlement that traps cannot stop the server
        let runner = ProcessSettlementRunner(
            executable: ProcessSettlementRunner.currentExecutable, database: database, maxConcurrentRuns: concurrentRuns, runTimeout: .seconds(runTimeout))
        let app = GridSettleServer.application(
            repository: repository,
            configuration: try serverConfiguration(),
            logger: logger, runner: runner)
        do {
            try await app.runService()
        } catch {
            await repository.close()
            throw error
        }
        await repository.close()
        logger.info("stopped")
    }
}
