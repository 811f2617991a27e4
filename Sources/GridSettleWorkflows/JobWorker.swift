import GridSettleCore
import GridSettleStore
import Synchronization

/// The work use case (`gridsettle work`): one worker's loop over a planned job — claim a batch of pending units,
/// settle each (``UnitSettlement``), commit, again — until none is pending (or, with `follow`, for ever). Batches
/// are sized by ``WorkBatchSizing``. Nothing here prints: each unit worked and each wait is handed to `onEvent`.
public enum JobWorker {
    public struct Options: Sendable {
        /// Stop after this many units (done or failed).
        public var maxUnits: Int?
        public var maxAttempts = 3
        public var unitTimeoutSeconds = 900
        /// A fixed batch size; nil = adaptive.
        public var batch: Int?
        /// Seconds between looks while every pending unit is held by another worker (or, following, none is pending).
        public var pollSeconds = 1.0
        /// Stop as soon as no unit can be claimed, instead of waiting for units other workers hold.
        public var noWait = false
        /// Never stop: keep looking for units `plan` adds.
        public var follow = false

        public init() {}
    }

    public enum Event: Sendable {
        case worked(WorkedUnit)
        /// Units are pending, all held by other workers: the worker waits (reported once per wait).
        case waiting(held: Int)
    }

    public struct Summary: Sendable {
        public var done = 0
        public var failed = 0
        /// Transactions committed (one per batch).
        public var commits = 0
        public var wall = Duration.zero
        /// Time spent settling units, inside the transactions.
        public var settling = Duration.zero
        /// The job's counts after the loop (and the job marked finished when nothing is pending).
        public var counts = UnitCounts()
    }

    public static func run(
        _ queue: any WorkQueue, job: WorkJob, worker: String, options o: Options, onEvent: (Event) -> Void
    ) async throws -> Summary {
        let clock = ContinuousClock()
        let started = clock.now
        let settling = Mutex(Duration.zero)
        var summary = Summary()
        var waitedAnnounced = false
        var sizing = WorkBatchSizing(fixed: o.batch)
        work: while o.maxUnits.map({ summary.done + summary.failed < $0 }) ?? true {
            let options = WorkOptions(
                maxAttempts: o.maxAttempts, unitTimeoutSeconds: o.unitTimeoutSeconds,
                batchSize: sizing.next(remaining: o.maxUnits.map { $0 - summary.done - summary.failed }))
            let settledBefore = settling.withLock { $0 }
            let step = try await queue.workNext(jobID: job.id, worker: worker, options: options) { unit in
                let t0 = ContinuousClock.now
                let outcome = UnitSettlement.settle(unit, tenant: job.tenant)
                let spent = ContinuousClock.now - t0
                settling.withLock { $0 += spent }
                return outcome
            }
            switch step {
            case .worked(let batch):
                summary.commits += 1
                sizing.record(units: batch.count, settlingSeconds: (settling.withLock { $0 } - settledBefore).inSeconds)
                for w in batch {
                    if w.status == "done" { summary.done += 1 } else { summary.failed += 1 }
                    onEvent(.worked(w))
                }
                waitedAnnounced = false
            case .waiting(let held):
                if o.noWait { break work }
                if !waitedAnnounced {
                    onEvent(.waiting(held: held))
                    waitedAnnounced = true
                }
                try await Task.sleep(for: .milliseconds(Int(o.pollSeconds * 1000)))
            case .finished:
                if !o.follow { break work }
                try await Task.sleep(for: .milliseconds(Int(o.pollSeconds * 1000)))
            }
        }
        summary.wall = clock.now - started
        summary.settling = settling.withLock { $0 }
        summary.counts = try await queue.finishIfComplete(jobID: job.id)
        return summary
    }
}
