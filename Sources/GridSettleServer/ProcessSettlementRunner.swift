import Foundation

/// Settles each run in a child process, `gridsettle settle-run --tenant T --dataset D` (the server's own
/// executable), so that a settlement which traps ends the child, not the server, and the server's threads stay
/// free while it computes. The child calls ``StoredDatasetSettlement`` on the same database, prints its
/// ``RunOutcome`` as JSON on standard output and exits 0 (saved) or 1 (no run: invalid dataset, no dataset);
/// anything else is a ``SettlementRunFailure``.
///
/// The database location goes to the child in the `GRIDSETTLE_DATABASE` environment variable, not on its
/// command line, so a PostgreSQL password does not show in the process list. The child's standard error is
/// the server's, so its log lines and a trap's message land in the server's log.
public struct ProcessSettlementRunner: SettlementRunner {
    public let executable: URL
    public let database: String
    public let runTimeout: Duration
    let slots: RunSlots

    /// `maxConcurrentRuns` children at most (at least 1: `serve` checks its option, so less is a programming
    /// error); each is killed (SIGKILL) once it has run for `runTimeout`.
    public init(executable: URL, database: String, maxConcurrentRuns: Int, runTimeout: Duration) {
        precondition(maxConcurrentRuns >= 1, "maxConcurrentRuns must be at least 1, saw \(maxConcurrentRuns)")
        self.executable = executable
        self.database = database
        self.runTimeout = runTimeout
        slots = RunSlots(count: maxConcurrentRuns)
    }

    /// The running executable itself: `/proc/self/exe` on Linux (the very file this process was started from,
    /// even if it has been replaced on disk since, so the child is always the server's own version), else the
    /// main bundle's executable.
    public static var currentExecutable: URL {
        if FileManager.default.fileExists(atPath: "/proc/self/exe") { return URL(fileURLWithPath: "/proc/self/exe") }
        return Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
    }

    public func settle(tenant: String, dataset: String) async throws -> RunOutcome {
        await slots.acquire()
        do {
            let outcome = try await runChild(tenant: tenant, dataset: dataset)
            await slots.release()
            return outcome
        } catch {
            await slots.release()
            throw error
        }
    }

    func runChild(tenant: String, dataset: String) async throws -> RunOutcome {
        // The outcome goes through a private file, not a pipe: a dataset's issues can outgrow a pipe's buffer,
        // and a file needs no thread blocked reading it.
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("gridsettle-run-\(UUID().uuidString).json")
        guard FileManager.default.createFile(atPath: output.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw SettlementRunFailure.launchFailed("cannot create \(output.path)")
        }
        defer { try? FileManager.default.removeItem(at: output) }
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }

        let child = Process()
        child.executableURL = executable
        child.arguments = ["settle-run", "--tenant", tenant, "--dataset", dataset]
        child.environment = ProcessInfo.processInfo.environment.merging(["GRIDSETTLE_DATABASE": database]) { $1 }
        child.standardInput = FileHandle.nullDevice
        child.standardOutput = handle
        let (exits, exited) = AsyncStream<Void>.makeStream()
        child.terminationHandler = { _ in exited.finish() }
        do {
            try child.run()
        } catch {
            throw SettlementRunFailure.launchFailed("\(executable.path): \(error)")
        }
        // Waiting is a suspension, not a blocked thread. An unstructured task, so that a cancelled request
        // still waits for (and reaps) its child.
        let exit = Task { for await _ in exits {} }
        let pid = child.processIdentifier
        let timeout = runTimeout
        let timer = Task { () -> Bool in
            do { try await Task.sleep(for: timeout) } catch { return false }
            kill(pid, SIGKILL)
            return true
        }
        await exit.value
        timer.cancel()
        let killedByTimer = await timer.value

        let status = child.terminationStatus
        if child.terminationReason == .uncaughtSignal {
            if killedByTimer && status == SIGKILL { throw SettlementRunFailure.timedOut(after: runTimeout) }
            throw SettlementRunFailure.killedBySignal(status)
        }
        guard status == 0 || status == 1 else { throw SettlementRunFailure.exited(status: status) }
        let bytes = (try? Data(contentsOf: output)) ?? Data()
        let outcome: RunOutcome
        do {
            outcome = try JSONDecoder().decode(RunOutcome.self, from: bytes)
        } catch {
            throw SettlementRunFailure.unreadableOutput(status: status, detail: "'\(String(decoding: bytes.prefix(200), as: UTF8.self))'")
        }
        let saved = if case .saved = outcome { true } else { false }
        guard saved == (status == 0) else {
            throw SettlementRunFailure.unreadableOutput(status: status, detail: "exit status \(status) does not match outcome \(outcome)")
        }
        return outcome
    }
}
