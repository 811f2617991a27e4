import GridSettleCore
import Synchronization

/// The prices a portfolio hands its units, one list per set of pricing nodes and period, made once.
///
/// Every unit at the same node(s) and period gets the very same array, and with it one ``PriceGrids``, so the
/// validator and the CAISO settlement build each node's grid once per period instead of once per unit, and no
/// unit copies the price points (each holds its node's name: a retain per point). The benchmark portfolio's
/// 1,000 units share one node and one month.
final class PriceSlices: Sendable {
    struct Key: Hashable {
        var nodes: [String]
        var start: Int64
        var end: Int64
    }

    private let slices = Mutex<[Key: (prices: [PricePoint], grids: PriceGrids)]>([:])

    /// The prices of `nodes` (sorted) in `[start, end)` from `byNode`, and their grids. `byNode` must be the
    /// portfolio's, which does not change once read.
    func slice(nodes: [String], start: Instant, end: Instant, of byNode: [String: [PricePoint]]) -> (prices: [PricePoint], grids: PriceGrids) {
        let key = Key(nodes: nodes, start: start.secondsSinceEpoch, end: end.secondsSinceEpoch)
        if let made = slices.withLock({ $0[key] }) { return made }
        let prices = nodes.flatMap { (byNode[$0] ?? []).filter { $0.start >= start && $0.start < end } }
        let made = (prices: prices, grids: PriceGrids(for: prices))
        return slices.withLock { slices in
            if let first = slices[key] { return first }
            slices[key] = made
            return made
        }
    }
}
