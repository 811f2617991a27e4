import Foundation
import GridSettleCore
import GridSettleFormats
import GridSettleStore
import Logging
import PostgresNIO
import Testing

/// The storage contract, run against every backend: SQLite always, PostgreSQL when
/// `GRIDSETTLE_TEST_POSTGRES_URL` names a server (CI starts one on loopback and sets
/// `GRIDSETTLE_REQUIRE_POSTGRES=1`, so there the PostgreSQL half cannot be skipped).
@Suite("Repository contract (SQLite and PostgreSQL)")
struct RepositoryContractTests {
    static var backends: [String] {
        var out = ["sqlite"]
        if ProcessInfo.processInfo.environment["GRIDSETTLE_TEST_POSTGRES_URL"] != nil
            || ProcessInfo.processInfo.environment["GRIDSETTLE_REQUIRE_POSTGRES"] == "1"
        {
            out.append("postgres")
        }
        return out
    }

    @Test("CI runs the PostgreSQL half: with GRIDSETTLE_REQUIRE_POSTGRES=1 the server URL must be set")
    func postgresRequiredInCI() {
        let env = ProcessInfo.processInfo.environment
        if env["GRIDSETTLE_REQUIRE_POSTGRES"] == "1" {
            #expect(env["GRIDSETTLE_TEST_POSTGRES_URL"] != nil, "GRIDSETTLE_REQUIRE_POSTGRES=1 but GRIDSETTLE_TEST_POSTGRES_URL is not set")
        }
    }

    @Test("a fresh database is migrated to the current schema version", arguments: backends)
    func migrated(_ backend: String) async throws {
        try await TestRepositories.with(backend) { repo in
            let version = try await repo.schemaVersion()
            #expect(version == Schema.currentVersion)
            #expect(repo.backend == backend)
        }
    }

    @Test("a saved run reads back line for line, check for check, document for document", arguments: backends)
    func saveAndRead(_ backend: String) async throws {
        let s = try SettlementStoreTests.statement()
        try await TestRepositories.with(backend) { repo in
            let saved = try await repo.save(NewRun(tenant: "t1", statement: s, inputDigest: "d"))
            #expect(saved.version == 1 && saved.replaces == nil)
            let run = try #require(try await repo.run(id: saved.id))
            #expect(run.tenantID == "t1" && run.resourceID == "R" && run.periodStart == "2016-07-12" && run.status == s.status.rawValue)
            let lines = try await repo.lines(runID: saved.id)
            #expect(lines.map(\.code) == s.lines.map(\.code))
            #expect(lines.map(\.amountMicros) == s.lines.map(\.amount.micros))
            #expect(lines.map(\.amountCents) == s.lines.map { $0.roundedAmount.cents })
            #expect(lines.map(\.note) == s.lines.map(\.note))
            let checks = try await repo.checks(runID: saved.id)
            #expect(Set(checks.map(\.id)) == Set(s.checks.map(\.id)))
            // the whole statement is stored (schema v9) and its documents are rendered from it: no text is stored
            let stored = try #require(try await repo.statement(runID: saved.id))
            let back = try StatementCoding.decode(stored)
            #expect(StatementJSON.render(back) == StatementJSON.render(s) && StatementCSV.render(back) == StatementCSV.render(s))
            #expect(back.lines == s.lines && back.checks == s.checks && back.facts == s.facts && back.inventory == s.inventory)
            #expect(try await repo.documents(runID: saved.id) == RunDocuments(json: "", csv: "", html: ""))
            #expect(try await repo.statement(runID: 999_999) == nil)
            // a run saved without figures has none; one saved with them reads them back byte for byte
            #expect(try await repo.figures(runID: saved.id) == nil)
            let figures: [UInt8] = [0, 1, 2, 0xFF, 0x80] + Array("GSF1 é".utf8)
            let withFigures = try await repo.save(NewRun(tenant: "t1", statement: s, inputDigest: "d", figures: figures))
            #expect(try await repo.figures(runID: withFigures.id) == figures)
            #expect(try await repo.figures(runID: 999_999) == nil)
            // where a run settled from a directory came from (schema v10), kept for a drill-down; none for stored files
            #expect(run.sourceDirectory == nil)
            let fromDirectory = try await repo.save(NewRun(tenant: "t1", statement: s, inputDigest: "d", sourceDirectory: "/data/fleet, \"2016\""))
            #expect(try await repo.run(id: fromDirectory.id)?.sourceDirectory == "/data/fleet, \"2016\"")
            let t1 = try await repo.runs(tenant: "t1")
            let t2 = try await repo.runs(tenant: "t2")
            #expect(t1.map(\.id) == [saved.id, withFigures.id, fromDirectory.id] && t2.isEmpty)
        }
    }

    @Test("a recalculation is a new version that replaces the run before it; the comparison names what changed", arguments: backends)
    func versions(_ backend: String) async throws {
        let s = try SettlementStoreTests.statement()
        var changed = s
        changed.lines[0].amount = changed.lines[0].amount + Money(cents: 123)
        changed.lines[0].quantityMicro += 1_000_000
        try await TestRepositories.with(backend) { repo in
            let a = try await repo.save(NewRun(statement: s, inputDigest: "1"))
            let b = try await repo.save(NewRun(statement: changed, inputDigest: "2"))
            let other = try await repo.save(NewRun(tenant: "other", statement: s, inputDigest: "1"))
            #expect(b.version == 2 && b.replaces == a.id)
            #expect(other.version == 1 && other.replaces == nil)  // versions are per tenant
            let replacedByB = try await repo.replacedRun(of: b.id)
            let replacedByA = try await repo.replacedRun(of: a.id)
            #expect(replacedByB?.id == a.id && replacedByA == nil)
            let diff = try await repo.compare(from: a.id, to: b.id).filter(\.changed)
            #expect(diff.count == 1)
            #expect(diff.first?.code == s.lines[0].code && diff.first?.centsChange == 123 && diff.first?.quantityChangeMicro == 1_000_000)
        }
    }

    @Test("ingest is idempotent; a corrected file is a new version and the old one is kept; a revert is explicit", arguments: backends)
    func ingest(_ backend: String) async throws {
        try await TestRepositories.with(backend) { repo in
            let v1 = Array("meter_id,interval_start\nM1,2016-11-01T07:00:00Z\n".utf8)
            let v2 = Array("meter_id,interval_start\nM1,2016-11-01T07:05:00Z\n".utf8)
            func send(_ b: [UInt8], tenant: String = "t") async throws -> IngestOutcome {
                try await repo.ingest(IngestFile(tenant: tenant, dataset: "site-1", name: "readings.csv", content: b))
            }
            var outcomes: [IngestOutcome] = []
            for b in [v1, v1, v2, v2, v1] { outcomes.append(try await send(b)) }
            #expect(outcomes == [.stored(version: 1, previous: nil), .unchanged(version: 1), .stored(version: 2, previous: 1), .unchanged(version: 2),
                                 .restored(version: 3, sameAs: 1)])
            let otherTenant = try await send(v1, tenant: "u")
            #expect(otherTenant == .stored(version: 1, previous: nil))  // tenants never share files
            let versions = try await repo.fileVersions(tenant: "t", dataset: "site-1", name: "readings.csv")
            #expect(versions.map(\.version) == [1, 2, 3])
            #expect(versions.map(\.digest) == [ContentDigest.sha256(v1), ContentDigest.sha256(v2), ContentDigest.sha256(v1)])
            let current = try await repo.currentFiles(tenant: "t", dataset: "site-1")
            #expect(current == ["readings.csv": v1])
        }
    }

    @Test("stored runs and files refuse UPDATE and DELETE", arguments: backends)
    func immutable(_ backend: String) async throws {
        let s = try SettlementStoreTests.statement()
        try await TestRepositories.with(backend) { repo in
            let saved = try await repo.save(NewRun(statement: s, inputDigest: "1"))
            let figured = try await repo.save(NewRun(statement: s, inputDigest: "2", figures: [1, 2, 3]))
            for sql in ["UPDATE run SET status = 'FINAL' WHERE id = \(saved.id)", "DELETE FROM statement_line WHERE run_id = \(saved.id)",
                        "DELETE FROM run WHERE id = \(saved.id)", "DELETE FROM run_figures WHERE run_id = \(figured.id)",
                        "UPDATE run_figures SET run_id = run_id WHERE run_id = \(figured.id)", "DELETE FROM run_statement WHERE run_id = \(saved.id)",
                        "UPDATE run_statement SET statement = statement WHERE run_id = \(saved.id)"] {
                await #expect(throws: (any Error).self) { try await TestRepositories.execute(sql, on: repo) }
            }
            let kept = try await repo.lines(runID: saved.id)
            #expect(kept.count == s.lines.count)
            #expect(try await repo.figures(runID: figured.id) == [1, 2, 3])
            #expect(try await repo.statement(runID: saved.id) == StatementCoding.encode(s))
        }
    }

    @Test("tokens are found by hash, carry tenant, role and datasets, and can be revoked; runs remember their dataset", arguments: backends)
    func tokensAndDatasets(_ backend: String) async throws {
        let s = try SettlementStoreTests.statement()
        try await TestRepositories.with(backend) { repo in
            let t = StoredToken(hash: ContentDigest.sha256(Array("secret".utf8)), tenant: "t1", name: "sc", role: "scheduler", datasets: ["a", "b"])
            try await repo.saveToken(t)
            try await repo.saveToken(StoredToken(hash: "h2", tenant: "t1", name: "admin", role: "admin", datasets: nil))
            let found = try await repo.token(hash: t.hash)
            let all = try await repo.token(hash: "h2")
            let none = try await repo.token(hash: "nope")
            #expect(found == t && all?.datasets == nil && none == nil)
            try await repo.revokeToken(hash: t.hash)
            let revoked = try await repo.token(hash: t.hash)
            #expect(revoked?.revoked == true)
            let saved = try await repo.save(NewRun(tenant: "t1", dataset: "a", statement: s, inputDigest: "1"))
            let run = try await repo.run(id: saved.id)
            #expect(run?.datasetID == "a")
        }
    }
}
