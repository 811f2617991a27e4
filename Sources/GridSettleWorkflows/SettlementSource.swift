import Foundation
import GridSettleCore
import GridSettleFormats

/// What `settle` settles, read once: a portfolio (format 2) and the units its period selection names, or a
/// format 1 dataset directory, which is a portfolio of one resource and one period.
///
/// Both give units by index and the SHA-256 of every file read, so the rest of the path (settle, render,
/// store) is the same whichever it was.
public struct SettlementSource: Sendable {
    public enum Kind: Sendable {
        /// The portfolio, the units asked for, and what each month opens with (shared by the units, which
        /// carry their closing balances to the month after).
        case portfolio(Portfolio, [Portfolio.Unit], OpeningBalances)
        /// A format 1 dataset and its cross-file validation, which the reader ran (settling does not run it again).
        case dataset(Dataset, validation: [DatasetIssue])
    }

    public var kind: Kind
    /// The directory as given; empty for stored files.
    public var directory: String
    /// The run's input fingerprint (``GridSettleStore/InputDigest``), from the bytes read.
    public var fingerprint: String
    public var bytesRead: Int

    public var unitCount: Int {
        switch kind {
        case .portfolio(_, let units, _): units.count
        case .dataset: 1
        }
    }

    /// The dataset of unit `k`: the format 1 dataset itself, or the portfolio's slice for (resource, period).
    public func dataset(_ k: Int) throws(DatasetInvalid) -> Dataset {
        switch kind {
        case .portfolio(let p, let units, _): try p.dataset(units[k])
        case .dataset(let d, _): d
        }
    }

    /// Settles unit `k` with one validation pass: the reader's for a format 1 dataset, the engine's for a
    /// portfolio unit (built without one). A portfolio unit opens with the month before's closing balance
    /// (``OpeningBalances``), settling that month first when no unit has yet.
    public func settle(_ k: Int) throws(DatasetInvalid) -> (dataset: Dataset, result: SettlementResult) {
        switch kind {
        case .portfolio(let p, let units, let balances):
            let d = try p.dataset(units[k])
            let opening = try balances.opening(for: units[k])
            let r = try SettlementEngine.settle(d, validation: DatasetValidator.validate(d), opening: opening)
            balances.record(units[k], closing: r.closing)
            return (d, r)
        case .dataset(let d, let validation):
            return (d, try SettlementEngine.settle(d, validation: validation))
        }
    }

    /// Where a portfolio's parsed meter data and awards are kept (nil for a format 1 dataset, held in memory).
    public var scratch: String? {
        switch kind {
        case .portfolio(let p, _, _): p.scratch
        case .dataset: nil
        }
    }

    /// Whether unit `k` opens with unit `k − 1`'s closing balance (the next month of the same resource), so
    /// the two are settled one after the other.
    public func continues(_ k: Int) -> Bool {
        guard k > 0, case .portfolio(_, let units, _) = kind else { return false }
        return OpeningBalances.follows(units[k], units[k - 1])
    }

    /// The unit that settles `resource` over the period stored as `start`…`end` (a run's `period_start` and
    /// `period_end`), nil when the source has none.
    public func unitIndex(resource: String, start: String, end: String) -> Int? {
        switch kind {
        case .portfolio(let p, let units, _):
            return units.firstIndex {
                $0.period.start.description == start && $0.period.end.description == end && p.resourceID(site: $0.site) == resource
            }
        case .dataset(let d, _):
            let c = d.config
            return c.resource.id == resource && c.period.start.description == start && c.period.end.description == end ? 0 : nil
        }
    }

    /// What a run records as where it was settled from (schema v10, for a drill-down): the directory's absolute
    /// path, nil for stored files.
    public var recordedDirectory: String? { directory.isEmpty ? nil : Self.absolute(directory) }

    /// `path` made absolute against the working directory, so a run records a path any process can find.
    public static func absolute(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }

    /// "resource period" of unit `k`, for progress and errors.
    public func label(_ k: Int) -> String {
        switch kind {
        case .portfolio(let p, let units, _):
            return "\(p.resourceID(site: units[k].site)) \(units[k].period.start)…\(units[k].period.end)"
        case .dataset(let d, _):
            return "\(d.config.resource.id) \(d.config.period.start)…\(d.config.period.end)"
        }
    }
}
