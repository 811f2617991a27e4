import ArgumentParser
import Foundation
import GridSettleCore
import GridSettleFormats
import GridSettleStore
import GridSettleWorkflows

/// `gridsettle work`: one worker of a job. Start as many as there are cores, on any number of hosts (docs/scaling.md).
struct WorkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "work",
        abstract: "Settle a planned job's units until none is pending. Run any number of these processes at once.",
        discussion: """
            Loop: BEGIN; claim the first pending units nobody holds (SELECT … FOR UPDATE SKIP LOCKED); read and settle each
            unit's dataset in this process; write its statement's lines; mark it done; COMMIT. A batch starts at one unit and
            grows to hold about 0.25 s of settling (at most 256 units), so units of a fraction of a millisecond (DSO members)
            share a commit; --batch N fixes the size. An invalid dataset marks its unit failed with the error text and the
            loop goes on. When the units left are all held by other workers, this
            worker waits for them (one may die and release its unit) and exits when none is pending; --no-wait exits at once,
            --follow never exits.
            Exit status 0 whether units were done or failed (`gridsettle reduce` reports both); non-zero only when the
            database fails.
            """)

    @Option(help: "SQLite database file, or a postgres://user:password@host:port/database URL (several workers need PostgreSQL).")
    var db: String = "gridsettle.sqlite"
    @Option(help: "The job's name.")
    var job: String
    @Option(help: "Tenant the job belongs to.")
    var tenant: String = "default"
    @Option(help: "Stop after this many units (done or failed).")
    var maxUnits: Int?
    @Option(help: "Name recorded on the units this worker settles (default: host name and process id).")
    var workerId: String?
    @Option(help: "A unit whose earlier claims all died with their worker is marked failed at this attempt number + 1 (PostgreSQL).")
    var maxAttempts: Int = 3
    @Option(help: "Seconds a unit's transaction may sit idle before PostgreSQL ends it and the unit is free again.")
    var unitTimeout: Int = 900
    @Option(help: "Units claimed and committed together (default: adaptive, about 0.25 s of settling per commit, 1…256).")
    var batch: Int?
    @Option(help: "Seconds between looks while every pending unit is held by another worker.")
    var poll: Double = 1
    @Flag(help: "Exit as soon as no unit can be claimed, instead of waiting for units other workers hold.")
    var noWait = false
    @Flag(help: "Never exit: when no unit is pending, keep looking every --poll seconds for units `plan` adds (a standing pool, e.g. a Kubernetes Deployment).")
    var follow = false
    @Flag(help: "Print nothing per unit (only the summary).")
    var quiet = false

    func validate() throws {
        if let m = maxUnits, m < 1 { throw ValidationError("--max-units must be at least 1, saw \(m)") }
        if maxAttempts < 1 { throw ValidationError("--max-attempts must be at least 1, saw \(maxAttempts)") }
        if let b = batch, !(1...100_000).contains(b) { throw ValidationError("--batch must be 1…100000 units, saw \(b)") }
        if unitTimeout < 1 { throw ValidationError("--unit-timeout must be at least 1 second") }
        if poll <= 0 { throw ValidationError("--poll must be positive") }
        if follow && noWait { throw ValidationError("--follow and --no-wait contradict each other") }
    }

    func run() async throws {
        WorkFault.installIfRequested()
        let worker = workerId ?? "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
        let queue = try await Repositories.openWorkQueue(db)
        let summary: String
        do {
            summary = try await loop(queue, worker: worker)
        } catch {
            await queue.close()
            throw error
        }
        await queue.close()
        Console.out(summary)
    }

    func loop(_ queue: any WorkQueue, worker: String) async throws -> String {
        guard let j = try await queue.job(tenant: tenant, name: job) else {
            throw ValidationError("no job '\(job)' for tenant '\(tenant)' in \(db): plan it first (gridsettle plan)")
        }
        var options = JobWorker.Options()
        options.maxUnits = maxUnits
        options.maxAttempts = maxAttempts
        options.unitTimeoutSeconds = unitTimeout
        options.batch = batch
        options.pollSeconds = poll
        options.noWait = noWait
        options.follow = follow
        let r = try await JobWorker.run(queue, job: j, worker: worker, options: options) { event in
            switch event {
            case .worked(let w) where w.status == "done":
                if !quiet { Console.progress("[\(worker)] done \(w.unit.key) (\(w.lineCount) lines, attempt \(w.unit.attempt))") }
            case .worked(let w):
                let first = w.error?.split(separator: "\n").first.map(String.init) ?? ""
                Console.progress("[\(worker)] FAILED \(w.unit.key) (attempt \(w.unit.attempt)): \(first)")
            case .waiting(let held):
                if !quiet { Console.progress("[\(worker)] \(held) unit(s) pending, all held by other workers: waiting") }
            }
        }
        let s = r.wall.inSeconds
        let rate = s > 0 ? Double(r.done + r.failed) / s : 0
        var out = "worker \(worker), job \(j.name): \(r.done + r.failed) unit(s) in \(Self.fixed(s, 2)) s (\(Self.fixed(rate, 2)) units/s; settling "
            + "\(Self.fixed(r.settling.inSeconds, 2)) s; \(r.commits) commit(s)) — \(r.done) done, \(r.failed) failed"
        if let kb = Self.peakRSSKiB() { out += "; peak RSS \(Self.fixed(Double(kb) / 1024, 1)) MiB" }
        let counts = r.counts
        out += "\njob \(j.name) now: \(counts.done) done, \(counts.failed) failed, \(counts.pending) pending"
            + (counts.pending == 0 ? " (finished)" : "")
        return out
    }

    static func fixed(_ v: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", v) }

    /// VmHWM from /proc/self/status (Linux), in KiB.
    static func peakRSSKiB() -> Int? {
        guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in s.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.dropFirst(6).split(separator: " ").first ?? "")
        }
        return nil
    }
}

/// Test-only fault injection, off unless `GRIDSETTLE_FAULT_HOLD_BEFORE_UNIT_COMMIT` names a file: the worker then
/// creates that file once its first unit's results are written and the unit is marked, still inside the open
/// transaction, and waits — so a test can SIGKILL it there and prove the unit is neither lost nor written twice.
/// The wait is 600 s, as `settle`'s (``FaultInjection``): the test kills the worker only after another worker has
/// settled every other unit, which on a loaded machine can take minutes, and a hold that ended first would commit.
enum WorkFault {
    static func installIfRequested() {
        guard let marker = ProcessInfo.processInfo.environment["GRIDSETTLE_FAULT_HOLD_BEFORE_UNIT_COMMIT"], !marker.isEmpty else { return }
        WorkQueueHooks.beforeCommit = { unit in
            _ = FileManager.default.createFile(atPath: marker, contents: Data("\(unit.key)\n".utf8))
            Thread.sleep(forTimeInterval: TimeInterval(FaultInjection.holdSeconds))
        }
    }
}
