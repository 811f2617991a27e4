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
    @Option(help: "Largest file an ingest accepts, bytes.")
    var maxUploadBytes: Int = 64 << 20

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        var logger = Logger(label: "gridsettle")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info
        let repository = try await Repositories.open(database)
        logger.info("store open", metadata: ["backend": .string(repository.backend)])
        let app = GridSettleServer.application(
            repository: repository,
            configuration: .init(host: host, port: port, rateBurst: rateBurst, ratePerSecond: ratePerSecond, maxUploadBytes: maxUploadBytes),
            logger: logger)
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

struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create or revoke API tokens. A new token is printed once; only its SHA-256 is stored.",
        subcommands: [Create.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        @Option(help: "Tenant the token belongs to.")
        var tenant: String
        @Option(help: "Role: admin, scheduler, utility or aggregator.")
        var role: String
        @Option(help: "A name for the token (shown in logs).")
        var name: String
        @Option(help: "Limit the token to this dataset; repeat for several (default: every dataset of the tenant).")
        var dataset: [String] = []
        @Option(help: "SQLite database file, or a postgres:// URL.")
        var database: String = "gridsettle.sqlite"

        func run() async throws {
            guard Identity.Role(rawValue: role) != nil else {
                throw ValidationError("--role must be one of \(Identity.Role.allCases.map(\.rawValue).joined(separator: ", ")), saw '\(role)'")
            }
            var random = SystemRandomNumberGenerator()
            let token = "gs_" + (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &random)) }.joined()
            let repo = try await Repositories.open(database)
            try await repo.saveToken(
                StoredToken(hash: ContentDigest.sha256(Array(token.utf8)), tenant: tenant, name: name, role: role, datasets: dataset.isEmpty ? nil : dataset))
            await repo.close()
            print(token)
        }
    }

    struct Revoke: AsyncParsableCommand {
        @Argument(help: "The token to revoke.")
        var token: String
        @Option(help: "SQLite database file, or a postgres:// URL.")
        var database: String = "gridsettle.sqlite"

        func run() async throws {
            let repo = try await Repositories.open(database)
            try await repo.revokeToken(hash: ContentDigest.sha256(Array(token.utf8)))
            await repo.close()
            print("revoked")
        }
    }
}
