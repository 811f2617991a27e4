import Foundation
import GridSettleCore
import GridSettleFormats
import GridSettleStore

/// The settle use case, for every entry point: each unit of a ``SettlementSource`` is settled, its
/// documents rendered and written, and its run stored for the tenant, with the difference to the run it
/// replaces when the period was settled before.
///
/// Units are settled on every core at once (each is a pure function of its dataset and, for a portfolio's
/// later months, of the closing balance of the month before: a resource's consecutive months are settled in
/// order by one task) and stored in unit order, so run ids do not depend on which core finished first.
public enum SourceSettlement {
    /// One settled unit.
    public struct Settled: Sendable {
        public var runID: Int64
        public var statement: GridSettleCore.Statement
        /// Where the documents were written (nil without an output directory).
        public var jsonPath: String?
        public var csvPath: String?
        public var reportPath: String?
        /// When the period was settled before: the run replaced, the lines that changed and where they were written.
        public var replaced: (previous: RunSummary, changed: [LineDifference], path: String?)?
    }

    /// What became of unit `index`.
    public struct Outcome: Sendable {
        public var index: Int
        public var label: String
        public var result: Result<Settled, DatasetInvalid>
    }

    public static func settle(
        _ source: SettlementSource, into store: any SettlementRepository, options: SettlementOptions,
        onUnit: @Sendable (Outcome) async throws -> Void
    ) async throws {
        if let dir = options.outputDirectory { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        let n = source.unitCount
        try await withThrowingTaskGroup(of: [Worked].self) { group in
            var next = 0
            // A task settles one unit, or a resource's consecutive months in order: each month opens with the
            // closing balance of the one before (``OpeningBalances``), so they cannot run side by side.
            func start() {
                let first = next
                next += 1
                while next < n && source.continues(next) { next += 1 }
                let chain = first..<next
                group.addTask {
                    var out: [Worked] = []
                    for k in chain {
                        let result: SettlementResult
                        do throws(DatasetInvalid) {
                            (_, result) = try source.settle(k)
                        } catch {
                            out.append((k, .failure(error)))  // this unit's data; the others go on
                            continue
                        }
                        let docs = UnitDocuments(result)
                        // an output that cannot be written stops the settlement: it is not the data's fault
                        let paths = try options.outputDirectory.map { try docs.write(statement: result.statement, report: options.report, to: $0) }
                        out.append((k, .success((result.statement, docs, paths))))
                    }
                    return out
                }
            }
            // units settle ahead of storage by at most `window`; runs are stored in unit order, in batches
            var toStore = 0
            func topUp() { while next < n && next - toStore < window { start() } }
            topUp()
            var finished: [Int: Worked] = [:]
            var ready: [Worked] = []
            while let chain = try await group.next() {
                for w in chain { finished[w.index] = w }
                while let r = finished.removeValue(forKey: toStore) {
                    ready.append(r)
                    toStore += 1
                }
                if ready.count >= batch || toStore == n {
                    for outcome in try await save(ready, source: source, into: store, options: options) { try await onUnit(outcome) }
                    ready = []
                }
                topUp()
            }
        }
    }

    /// A unit settled and its documents rendered (and written), not yet stored.
    private typealias Worked = (index: Int, result: Result<(GridSettleCore.Statement, UnitDocuments, paths: (json: String, csv: String, report: String?)?), DatasetInvalid>)

    /// Units settled ahead of the one being stored, and runs committed together.
    static let window = 64
    static let batch = 16

    private static func save(
        _ worked: [Worked],
        source: SettlementSource, into store: any SettlementRepository, options: SettlementOptions
    ) async throws -> [Outcome] {
        var runs: [NewRun] = []
        for w in worked {
            if case .success(let (s, docs, _)) = w.result {
                runs.append(NewRun(tenant: options.tenant, dataset: options.datasetName, statement: s, inputDigest: source.fingerprint,
                                   figures: docs.encodedFigures, sourceDirectory: source.recordedDirectory))
            }
        }
        var saved = try await store.save(runs)[...]
        var out: [Outcome] = []
        for w in worked {
            let label = source.label(w.index)
            switch w.result {
            case .failure(let e):
                out.append(Outcome(index: w.index, label: label, result: .failure(e)))
            case .success(let (s, _, paths)):
                let run = saved.removeFirst()
                var settled = Settled(runID: run.id, statement: s, jsonPath: paths?.json, csvPath: paths?.csv, reportPath: paths?.report)
                if let replacedID = run.replaces, let previous = try await store.run(id: replacedID) {
                    // a re-settlement of the same period (e.g. a provisional month with its data completed) replaces
                    // the earlier run, which is kept; the difference is written line by line
                    let changed = try await store.compare(from: previous.id, to: run.id).filter(\.changed)
                    var path: String? = nil
                    if let dir = options.outputDirectory {
                        path = (dir as NSString).appendingPathComponent("statement-diff-\(s.resourceID)-\(s.period.start).csv")
                        try DocumentFile.write(RunDifferenceText.csv(changed), to: path!)
                    }
                    settled.replaced = (previous, changed, path)
                }
                out.append(Outcome(index: w.index, label: label, result: .success(settled)))
            }
        }
        return out
    }
}
