import GridSettleCore
import GridSettleFormats

/// The validate use case: every unit of a source is built and settled, and the settlement discarded, so that
/// what validates settles (docs/dataset-format.md §6). Units are checked on every core.
public enum SourceValidation {
    public struct Unit: Sendable {
        public var label: String
        /// The unit's dataset notices, or every problem that stops it.
        public var result: Result<(dataset: Dataset, vee: VEEResult), DatasetInvalid>
    }

    public static func validate(_ source: SettlementSource, parallelism: Int) async -> [Unit] {
        await withTaskGroup(of: [(Int, Unit)].self) { group in
            var next = 0
            var out: [Unit?] = Array(repeating: nil, count: source.unitCount)
            // one task per unit, or per run of a resource's consecutive months (each opens with the closing of
            // the one before, ``OpeningBalances``), as `settle` schedules them
            func start() {
                let first = next
                next += 1
                while next < source.unitCount && source.continues(next) { next += 1 }
                let chain = first..<next
                group.addTask {
                    chain.map { k in
                        do throws(DatasetInvalid) {
                            // the whole settlement runs: validate refuses everything settle refuses
                            let (d, result) = try source.settle(k)
                            return (k, Unit(label: source.label(k), result: .success((d, result.vee))))
                        } catch {
                            return (k, Unit(label: source.label(k), result: .failure(error)))
                        }
                    }
                }
            }
            for _ in 0..<max(1, parallelism) where next < source.unitCount { start() }
            while let units = await group.next() {
                for (k, unit) in units { out[k] = unit }
                if next < source.unitCount { start() }
            }
            return out.map { $0! }
        }
    }
}
