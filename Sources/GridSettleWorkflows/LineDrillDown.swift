import Foundation
import GridSettleCore
import GridSettleFormats
import GridSettleStore

/// The drill-down use case, for the command line and the API alike: one stored line taken apart into the
/// intervals behind it (``LineBreakdowns``), by settling the run's unit again from the inputs it was settled
/// from.
///
/// Nothing per interval is stored with a run (a month of 5-minute intervals for every line of every run
/// would outweigh the run many times over); the run stores its inputs' fingerprint, so the inputs can be
/// proven to be the same ones before they are settled again, and the line settled again must equal the
/// stored one — code, quantity and exact amount — before its intervals are shown.
public enum LineDrillDown {
    public struct Drilled: Sendable {
        public var line: StatementLine
        public var breakdown: LineBreakdown
    }

    /// Line `seq` of `run`, stored as `stored`, from `source`.
    public static func breakdown(run: RunSummary, stored: StoredLine, source: SettlementSource) throws(LineDrillDownFailure) -> Drilled {
        guard source.fingerprint == run.inputDigest else { throw inputsChanged(run, have: source.fingerprint, what: "these inputs") }
        guard let k = source.unitIndex(resource: run.resourceID, start: run.periodStart, end: run.periodEnd) else {
            throw LineDrillDownFailure(.unitNotInSource, "the inputs hold no unit for resource \(run.resourceID), \(run.periodStart)…\(run.periodEnd)")
        }
        let settled: (dataset: Dataset, result: SettlementResult)
        do {
            settled = try source.settle(k)
        } catch {
            throw LineDrillDownFailure(.datasetInvalid, "resource \(run.resourceID), \(run.periodStart)…\(run.periodEnd) does not settle: \(error.issues.prefix(3).map(\.description).joined(separator: "; "))")
        }
        let lines = settled.result.statement.lines
        guard stored.seq >= 0, stored.seq < lines.count else {
            throw LineDrillDownFailure(.recomputedDiffers, "run \(run.id) settled again has \(lines.count) lines, not a line \(stored.seq)")
        }
        let line = lines[stored.seq]
        guard line.section.rawValue == stored.section, line.code == stored.code, line.quantityMicro == stored.quantityMicro,
            line.amount.micros == stored.amountMicros
        else {
            throw LineDrillDownFailure(
                .recomputedDiffers,
                "line \(stored.seq) of run \(run.id) is \(stored.section) \(stored.code) \(stored.quantityMicro) µ\(stored.unit) \(Money(micros: stored.amountMicros).exactDescription) $; settled again it is \(line.section.rawValue) \(line.code) \(line.quantityMicro) µ\(line.unit) \(line.amount.exactDescription) $: settle the period again to drill into it")
        }
        return Drilled(line: line, breakdown: LineBreakdowns(result: settled.result, dataset: settled.dataset).breakdown(of: line))
    }

    /// The inputs in `directory` as a source for drilling into `run`: a portfolio read for the run's month (each
    /// month opens with the one before's closing balance, which the portfolio settles first as `settle` did),
    /// a format 1 dataset as it is.
    public static func source(directory: String, run: RunSummary) throws(DatasetInvalid) -> SettlementSource {
        if PortfolioReader.isPortfolio(directory), let month = YearMonth(String(run.periodStart.prefix(7))) {
            return try SourceReader.read(directory: directory, periods: .months(first: month, last: month))
        }
        return try SourceReader.read(directory: directory)
    }

    /// Line `stored` of `run` from wherever its inputs are (the API and the pages): the directory it was settled
    /// from (schema v10: the command line, a job's worker) when this machine can read it, else the dataset files
    /// stored for it (runs settled through the API). The first whose fingerprint is the run's is used. No
    /// message names the directory: the API's callers are not shown the server's paths.
    ///
    /// Stored files are parsed only when their fingerprint, computed from their bytes alone, is the run's: they
    /// are then the very bytes the run was settled from (in the server, by a child process), so reading them again
    /// here cannot do anything that settling them did not. Reading and settling run on a thread of their own, not
    /// on the caller's task: a large portfolio takes seconds, and the server's cooperative threads are few.
    public static func breakdownFromStore(run: RunSummary, stored: StoredLine, store: any SettlementRepository) async throws -> Drilled {
        var failure: LineDrillDownFailure?
        if let directory = run.sourceDirectory {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue {
                switch await drillOffPool(run: run, stored: stored, what: "the directory run \(run.id) was settled from", read: { () throws(DatasetInvalid) in
                    try source(directory: directory, run: run)
                }) {
                case .success(let drilled): return drilled
                case .failure(let error): failure = error
                }
            } else {
                failure = LineDrillDownFailure(
                    .inputsUnavailable,
                    "run \(run.id) was settled from a directory this machine does not have: `gridsettle drill DIRECTORY --run \(run.id) --line \(stored.seq)` takes the line apart where it is")
            }
        }
        if let dataset = run.datasetID {
            let files = try await store.currentFiles(tenant: run.tenantID, dataset: dataset)
            let fingerprint = InputDigest.of(files: files)
            if !files.isEmpty && fingerprint != run.inputDigest {
                if failure == nil { failure = inputsChanged(run, have: fingerprint, what: "the current files of dataset '\(dataset)'") }
            } else if !files.isEmpty {
                switch await drillOffPool(run: run, stored: stored, what: "dataset '\(dataset)'", read: { () throws(DatasetInvalid) in
                    try SourceReader.read(files: files, fingerprint: fingerprint)
                }) {
                case .success(let drilled): return drilled
                case .failure(let error): failure = error
                }
            }
        }
        throw failure ?? LineDrillDownFailure(
            .inputsUnavailable, "run \(run.id) was settled neither from a directory nor from a dataset stored here, so its inputs cannot be read again")
    }

    /// The inputs `what` are not the ones `run` was settled from.
    private static func inputsChanged(_ run: RunSummary, have fingerprint: String, what: String) -> LineDrillDownFailure {
        LineDrillDownFailure(
            .inputsChanged,
            "run \(run.id) was settled from inputs with fingerprint \(run.inputDigest); \(what) have \(fingerprint): settle them again and drill into the new run, or give the inputs the run was settled from")
    }

    /// Reads the inputs with `read` (`what` names them in a refusal) and takes the line apart, on a thread of its
    /// own: the caller waits without holding one of the cooperative threads.
    private static func drillOffPool(
        run: RunSummary, stored: StoredLine, what: String, read: @escaping @Sendable () throws(DatasetInvalid) -> SettlementSource
    ) async -> Result<Drilled, LineDrillDownFailure> {
        await withCheckedContinuation { continuation in
            Thread {
                continuation.resume(returning: Result { () throws(LineDrillDownFailure) in
                    let source: SettlementSource
                    do throws(DatasetInvalid) {
                        source = try read()
                    } catch {
                        throw LineDrillDownFailure(.datasetInvalid, "\(what) does not read: \(error.issues.prefix(3).map(\.description).joined(separator: "; "))")
                    }
                    return try breakdown(run: run, stored: stored, source: source)
                })
            }.start()
        }
    }

    /// Line `seq` of run `runID` in `store`, from `source`.
    public static func breakdown(runID: Int64, seq: Int, store: any SettlementRepository, source: SettlementSource) async throws -> Drilled {
        guard let run = try await store.run(id: runID) else { throw LineDrillDownFailure(.noSuchLine, "no run \(runID) in the store") }
        guard let stored = try await store.lines(runID: runID).first(where: { $0.seq == seq }) else {
            throw LineDrillDownFailure(.noSuchLine, "run \(runID) has no line \(seq)")
        }
        return try breakdown(run: run, stored: stored, source: source)
    }
}
