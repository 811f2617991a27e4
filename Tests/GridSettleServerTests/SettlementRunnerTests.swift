import Foundation
import GridSettleCore
import GridSettleExamples
import GridSettleFormats
import GridSettleServer
import GridSettleStore
import GridSettleWorkflows
import Testing

/// The two ``SettlementRunner``s store the same run: a settlement through `gridsettle settle-run` in a child
/// process (``ProcessSettlementRunner``, what `serve` uses) and one in this process
/// (``InProcessSettlementRunner``) give byte-identical documents and the same outcomes for datasets that cannot
/// be settled; and the process runner turns a child that does not finish into a ``SettlementRunFailure``.
@Suite("Settlement runners")
struct SettlementRunnerTests {
    /// `.build/debug/gridsettle`, built by `swift build --build-tests`.
    static var binary: URL {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent(".build/debug/gridsettle")
    }

    static func temporaryPath(_ suffix: String) -> String {
        NSTemporaryDirectory() + "gridsettle-runner-\(UInt64.random(in: 0...UInt64.max))\(suffix)"
    }

    /// A SQLite store with tenant `acme`'s dataset `a1` (the generated LA AFB month) and `broken` (no site file).
    static func store() async throws -> (SettlementStore, String) {
        let path = temporaryPath(".sqlite")
        let repo = try SettlementStore(path: path)
        let files = try PagesWorld.exampleFiles()
        for (name, bytes) in files { _ = try await repo.ingest(IngestFile(tenant: "acme", dataset: "a1", name: name, content: bytes)) }
        _ = try await repo.ingest(IngestFile(tenant: "acme", dataset: "broken", name: "readings.csv", content: files["readings.csv"]!))
        return (repo, path)
    }

    static func processRunner(database: String, executable: URL = binary, timeout: Duration = .seconds(600)) -> ProcessSettlementRunner {
        ProcessSettlementRunner(executable: executable, database: database, maxConcurrentRuns: 2, runTimeout: timeout)
    }

    @Test("a run settled in a child process is the run settled in process, byte for byte")
    func sameRun() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build the gridsettle executable first (swift build)")
        let (repo, path) = try await Self.store()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let inProcess = try await InProcessSettlementRunner(repository: repo).settle(tenant: "acme", dataset: "a1")
        let child = try await Self.processRunner(database: path).settle(tenant: "acme", dataset: "a1")
        guard case .saved(let first) = inProcess, case .saved(let second) = child else {
            Issue.record("expected two saved runs, got \(inProcess) and \(child)")
            return
        }
        #expect(first != second)
        let a = try #require(try await StoredRunDocuments.load(runID: first, from: repo))
        let b = try #require(try await StoredRunDocuments.load(runID: second, from: repo))
        #expect(Array(a.json.utf8) == Array(b.json.utf8))
        #expect(a.csv == b.csv)
        #expect(a.html == b.html)
        let runA = try #require(try await repo.run(id: first))
        let runB = try #require(try await repo.run(id: second))
        #expect(runB.inputDigest == runA.inputDigest && runB.status == runA.status && runB.datasetID == "a1" && runB.tenantID == "acme")
        #expect(runB.version == runA.version + 1 && runB.replacesRunID == first)
        #expect(try await repo.lines(runID: second) == (try await repo.lines(runID: first)))
    }

    @Test("a dataset that cannot be settled, and one that does not exist: the same outcome from both runners")
    func sameRefusals() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build the gridsettle executable first (swift build)")
        let (repo, path) = try await Self.store()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Self.processRunner(database: path)
        let inProcess = InProcessSettlementRunner(repository: repo)
        let broken = try await process.settle(tenant: "acme", dataset: "broken")
        guard case .invalidDataset(let errors, let issues) = broken else {
            Issue.record("expected invalidDataset, got \(broken)")
            return
        }
        #expect(errors >= 1 && issues.contains { $0.contains("site.json") })
        #expect(try await inProcess.settle(tenant: "acme", dataset: "broken") == broken)
        #expect(try await process.settle(tenant: "acme", dataset: "nothing") == .noDataset)
        #expect(try await process.settle(tenant: "other", dataset: "a1") == .noDataset)
        #expect(try await inProcess.settle(tenant: "acme", dataset: "nothing") == .noDataset)
        #expect(try await repo.runs(tenant: "acme").isEmpty)
    }

    /// Children save into the server's SQLite file while the server reads it. SQLite answers a connection that
    /// meets another's lock with SQLITE_BUSY at once unless it is told to wait, so `SettlementStore` opens its
    /// database with a busy timeout (GRDB `Configuration.busyMode = .timeout(…)`); without it this fails with
    /// "database is locked".
    @Test("concurrent settlements in child processes all save into one SQLite database while it is read")
    func concurrentOnSQLite() async throws {
        let (repo, path) = try await Self.store()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let runs = 6
        let runner = ProcessSettlementRunner(executable: Self.binary, database: path, maxConcurrentRuns: runs, runTimeout: .seconds(600))
        let reader = Task {
            var failures: [String] = []
            for _ in 0..<400 where !Task.isCancelled {
                do {
                    _ = try await repo.runs(tenant: "acme")
                } catch is CancellationError {
                    break  // the writers are done and the reader was told to stop, possibly mid-read
                } catch {
                    failures.append("\(error)")
                }
                try? await Task.sleep(for: .milliseconds(10))
            }
            return failures
        }
        var outcomes: [Result<RunOutcome, any Error>] = []
        await withTaskGroup(of: Result<RunOutcome, any Error>.self) { group in
            for _ in 0..<runs {
                group.addTask {
                    do { return .success(try await runner.settle(tenant: "acme", dataset: "a1")) } catch { return .failure(error) }
                }
            }
            for await r in group { outcomes.append(r) }
        }
        reader.cancel()
        let readFailures = await reader.value
        let saved = outcomes.compactMap { if case .success(.saved(let id)) = $0 { id } else { nil } }
        #expect(saved.count == runs, "\(outcomes)")
        #expect(readFailures.isEmpty, "\(readFailures.prefix(3))")
        #expect(try await repo.runs(tenant: "acme").map(\.version).sorted() == Array(1...runs))
    }

    /// A stand-in for the child: a shell script.
    static func script(_ body: String) throws -> URL {
        let path = temporaryPath(".sh")
        try Data("#!/bin/sh\n\(body)\n".utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
        return URL(fileURLWithPath: path)
    }

    static func failure(of runner: ProcessSettlementRunner) async -> SettlementRunFailure? {
        do {
            let outcome = try await runner.settle(tenant: "acme", dataset: "a1")
            Issue.record("expected a failure, got \(outcome)")
            return nil
        } catch {
            return error as? SettlementRunFailure
        }
    }

    @Test("a child that does not finish: killed by a signal, an odd exit status, a timeout, unreadable output, no executable")
    func failures() async throws {
        let trap = try Self.script("kill -SEGV $$")
        let odd = try Self.script("exit 3")
        let hang = try Self.script("exec sleep 60")
        let garbage = try Self.script("echo 'not json'")
        let mismatch = try Self.script(#"echo '{"noDataset":{}}'"#)
        defer { for s in [trap, odd, hang, garbage, mismatch] { try? FileManager.default.removeItem(at: s) } }

        #expect(await Self.failure(of: Self.processRunner(database: "unused", executable: trap)) == .killedBySignal(SIGSEGV))
        #expect(await Self.failure(of: Self.processRunner(database: "unused", executable: odd)) == .exited(status: 3))
        #expect(await Self.failure(of: Self.processRunner(database: "unused", executable: hang, timeout: .seconds(1))) == .timedOut(after: .seconds(1)))
        let unreadable = await Self.failure(of: Self.processRunner(database: "unused", executable: garbage))
        #expect(unreadable?.code == "settlement_failed" && unreadable?.description.contains("not json") == true, "\(String(describing: unreadable))")
        // exit 0 says a run was saved; an outcome saying otherwise is not believed
        #expect(await Self.failure(of: Self.processRunner(database: "unused", executable: mismatch))?.code == "settlement_failed")
        let missing = await Self.failure(of: Self.processRunner(database: "unused", executable: URL(fileURLWithPath: Self.temporaryPath("-none"))))
        #expect(missing?.code == "settlement_failed" && missing?.outcome == "failed")
        #expect(SettlementRunFailure.killedBySignal(SIGILL).description.contains("SIGILL"))
        #expect(SettlementRunFailure.killedBySignal(SIGILL).code == "settlement_crashed")
        #expect(SettlementRunFailure.timedOut(after: .seconds(1)).code == "settlement_timeout")
    }
}
