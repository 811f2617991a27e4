import Foundation
import GRDB
@testable import GridSettleStore
import Logging
import PostgresNIO

/// Fresh repositories for the contract tests: a SQLite file in a temporary directory, or a new PostgreSQL
/// database on the server `GRIDSETTLE_TEST_POSTGRES_URL` names (created per test, dropped after).
enum TestRepositories {
    /// A SQLite file as a binary of schema `version` left it: migrations 1…`version` applied and recorded, as
    /// the store records them, so opening it with the store runs only the later ones.
    static func sqliteDatabase(at version: Int, path: String) throws -> DatabaseQueue {
        let db = try DatabaseQueue(path: path)
        var m = DatabaseMigrator()
        for migration in Schema.migrations where migration.version <= version {
            m.registerMigration(migration.name) { db in for sql in migration.sqlite { try db.execute(sql: sql) } }
        }
        try m.migrate(db)
        return db
    }

    static var postgresURL: String? { ProcessInfo.processInfo.environment["GRIDSETTLE_TEST_POSTGRES_URL"] }

    static func with(_ backend: String, _ body: (any SettlementRepository) async throws -> Void) async throws {
        switch backend {
        case "sqlite":
            let path = NSTemporaryDirectory() + "gridsettle-contract-\(UInt64.random(in: 0...UInt64.max)).sqlite"
            defer { try? FileManager.default.removeItem(atPath: path) }
            try await body(try SettlementStore(path: path))
        default:
            guard let admin = postgresURL else { throw StoreError("GRIDSETTLE_TEST_POSTGRES_URL is not set") }
            let name = "gridsettle_test_\(UInt32.random(in: 0...UInt32.max))"
            try await PostgresAdmin.query(admin, "CREATE DATABASE \(name)")
            let repo = try await PostgresRepository.open(url: PostgresAdmin.url(admin, database: name))
            do {
                try await body(repo)
            } catch {
                await repo.close()
                try? await PostgresAdmin.query(admin, "DROP DATABASE \(name) WITH (FORCE)")
                throw error
            }
            await repo.close()
            try await PostgresAdmin.query(admin, "DROP DATABASE \(name) WITH (FORCE)")
        }
    }

    /// Raw SQL against a repository's database, to prove what the schema refuses.
    static func execute(_ sql: String, on repo: any SettlementRepository) async throws {
        if let s = repo as? SettlementStore {
            try await s.db.write { try $0.execute(sql: sql) }
        } else if let p = repo as? PostgresRepository {
            try await p.client.query(PostgresQuery(unsafeSQL: sql))
        }
    }
}
