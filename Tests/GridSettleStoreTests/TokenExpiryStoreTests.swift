import Foundation
import GRDB
import GridSettleStore
import Testing

/// Schema v6: tokens carry an expiry (`api_token.expires_at`, seconds since 1970 UTC; NULL = never). A
/// database made before v6 is upgraded in place and its tokens keep working, never expiring.
@Suite("Token expiry in the store (schema v6)")
struct TokenExpiryStoreTests {
    @Test("an expiry is stored and read back; a token without one reads back as never expiring", arguments: RepositoryContractTests.backends)
    func roundTrip(_ backend: String) async throws {
        try await TestRepositories.with(backend) { repo in
            try await repo.saveToken(StoredToken(hash: "h-expiring", tenant: "acme", name: "ci", role: "admin", datasets: ["a1"], expiresAt: 1_800_000_000))
            try await repo.saveToken(StoredToken(hash: "h-forever", tenant: "acme", name: "ops", role: "admin", datasets: nil))
            let expiring = try #require(try await repo.token(hash: "h-expiring"))
            let forever = try #require(try await repo.token(hash: "h-forever"))
            #expect(expiring.expiresAt == 1_800_000_000 && expiring.datasets == ["a1"] && !expiring.revoked)
            #expect(forever.expiresAt == nil)
            try await repo.revokeToken(hash: "h-expiring")
            let revoked = try #require(try await repo.token(hash: "h-expiring"))
            #expect(revoked.revoked && revoked.expiresAt == 1_800_000_000)
        }
    }

    @Test("a v5 SQLite database is upgraded to v6 in place: its tokens read back unchanged and never expire; new tokens take an expiry")
    func migrateV5() async throws {
        let path = NSTemporaryDirectory() + "gridsettle-v5-\(UInt64.random(in: 0...UInt64.max)).sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            // what a v5 binary left behind: v1–v5 applied and recorded, one token and one revoked token stored
            let db = try TestRepositories.sqliteDatabase(at: 5, path: path)
            try await db.write { db in
                try db.execute(sql: "INSERT INTO api_token (token_hash, tenant_id, name, role, datasets, revoked) VALUES ('old', 'acme', 'old', 'utility', 'a1,a2', 0)")
                try db.execute(sql: "INSERT INTO api_token (token_hash, tenant_id, name, role, datasets, revoked) VALUES ('gone', 'acme', 'gone', 'admin', '*', 1)")
            }
        }
        let store = try SettlementStore(path: path)
        #expect(try await store.schemaVersion() == Schema.currentVersion && Schema.currentVersion >= 6)
        let old = try #require(try await store.token(hash: "old"))
        #expect(old == StoredToken(hash: "old", tenant: "acme", name: "old", role: "utility", datasets: ["a1", "a2"], revoked: false, expiresAt: nil))
        #expect(try await store.token(hash: "gone")?.revoked == true)
        try await store.saveToken(StoredToken(hash: "new", tenant: "acme", name: "new", role: "admin", datasets: nil, expiresAt: 42))
        #expect(try await store.token(hash: "new")?.expiresAt == 42)
    }
}
