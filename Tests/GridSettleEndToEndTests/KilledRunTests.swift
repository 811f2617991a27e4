import Foundation
import GridSettleCore
import GridSettleExamples
import GridSettleFormats
import GridSettleStore
import Testing

/// A settlement killed part-way (SIGKILL while its transaction is open, after the statement lines are
/// written) leaves nothing behind, and the database takes the next run as version 1 (issue 6). Runs the
/// real `gridsettle` binary, against SQLite and, when `GRIDSETTLE_TEST_POSTGRES_URL` is set, PostgreSQL.
@Suite("A killed settlement leaves nothing half-written")
struct KilledRunTests {
    /// `.build/debug/gridsettle`, built by `swift build` / `swift test`.
    static var binary: String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent(".build/debug/gridsettle").path
    }

    static var targets: [String] {
        ["sqlite"] + (ProcessInfo.processInfo.environment["GRIDSETTLE_TEST_POSTGRES_URL"] != nil ? ["postgres"] : [])
    }

    @Test("SIGKILL inside the transaction: no run, no line, no check; the next run is version 1", arguments: targets)
    func killed(_ target: String) async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "build the gridsettle executable first (swift build): \(Self.binary)")
        let dir = E2E.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let data = (dir as NSString).appendingPathComponent("dataset")
        try DatasetWriter.write(try E2E.example(), tariffJSON: E2E.tariffJSON, to: data)

        var database = (dir as NSString).appendingPathComponent("store.sqlite")
        var cleanup: (() async -> Void)?
        if target == "postgres" {
            let admin = try #require(ProcessInfo.processInfo.environment["GRIDSETTLE_TEST_POSTGRES_URL"])
            let name = "gridsettle_kill_\(UInt32.random(in: 0...UInt32.max))"
            try await PostgresAdmin.query(admin, "CREATE DATABASE \(name)")
            database = PostgresAdmin.url(admin, database: name)
            cleanup = { try? await PostgresAdmin.query(admin, "DROP DATABASE \(name) WITH (FORCE)") }
        }

        let marker = (dir as NSString).appendingPathComponent("lines-written")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.binary)
        p.arguments = ["settle", data, "--db", database, "--out", (dir as NSString).appendingPathComponent("out")]
        p.environment = ProcessInfo.processInfo.environment.merging(["GRIDSETTLE_FAULT_HOLD_AFTER_LINES": marker]) { $1 }
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        var waited = 0
        while !FileManager.default.fileExists(atPath: marker) && p.isRunning && waited < 1200 {
            try await Task.sleep(for: .milliseconds(100))
            waited += 1
        }
        #expect(FileManager.default.fileExists(atPath: marker), "the settlement never reached the open transaction")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal)

        let repo = try await Repositories.open(database)
        let runs = try await repo.runs(tenant: "default")
        let lines = try await repo.lines(runID: 1)
        let checks = try await repo.checks(runID: 1)
        #expect(runs.isEmpty && lines.isEmpty && checks.isEmpty)
        // the store is whole: the same settlement now goes through as the period's first version
        let s = try SettlementEngine.settle(try E2E.example()).statement
        let saved = try await repo.save(NewRun(statement: s, inputDigest: "x"))
        #expect(saved.version == 1 && saved.replaces == nil)
        let savedLines = try await repo.lines(runID: saved.id)
        #expect(savedLines.count == s.lines.count)
        await repo.close()
        await cleanup?()
    }
}
