import ArgumentParser
import Foundation
import GridSettleServer
import GridSettleStore

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
        @Option(help: "When the token stops working: an ISO 8601 instant with a zone (2027-01-31T00:00:00Z) or a duration from now (90d, 12h, 30m). Default: never.")
        var expires: String?
        @Option(help: "SQLite database file, or a postgres:// URL.")
        var database: String = "gridsettle.sqlite"

        func validate() throws {
            if let p = StoredName.problem(tenant, option: "--tenant") ?? dataset.lazy.compactMap({ StoredName.problem($0, option: "--dataset") }).first {
                throw ValidationError(p)
            }
        }

        func run() async throws {
            guard Identity.Role(rawValue: role) != nil else {
                throw ValidationError("--role must be one of \(Identity.Role.allCases.map(\.rawValue).joined(separator: ", ")), saw '\(role)'")
            }
            let expiresAt: Int64?
            do {
                expiresAt = try expires.map { try TokenLifetime.expiry($0, now: Date()) }
            } catch let e as TokenLifetime.Invalid {
                throw ValidationError(e.description)
            }
            var random = SystemRandomNumberGenerator()
            let token = "gs_" + (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &random)) }.joined()
            let repo = try await Repositories.open(database)
            try await repo.saveToken(
                StoredToken(
                    hash: ContentDigest.sha256(Array(token.utf8)), tenant: tenant, name: name, role: role, datasets: dataset.isEmpty ? nil : dataset,
                    expiresAt: expiresAt))
            await repo.close()
            print(token)
            // on stderr, so `TOKEN=$(gridsettle token create …)` still captures the token alone
            if let expiresAt { FileHandle.standardError.write(Data("expires \(TokenLifetime.iso8601(unixSeconds: expiresAt))\n".utf8)) }
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
