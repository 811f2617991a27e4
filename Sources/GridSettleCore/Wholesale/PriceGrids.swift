import Synchronization

/// The ``PriceGrid``s of one price list, built once and shared by every unit that settles with that list.
///
/// Why: in a portfolio every unit at the same pricing node and period gets the same prices, and the validator
/// and the CAISO settlement each built the node's grid from them again for every unit: about 5 % of the
/// benchmark portfolio's CPU for one grid per node and period. A portfolio makes one `PriceGrids` per price list
/// it hands out (``Dataset/priceGrids``).
///
/// A grid is taken from here only for the very list it was made for: the same array buffer, which this object
/// keeps alive, so that buffer cannot change while it is cached (a changed copy of the list is a different
/// buffer, and its grid is built afresh).
public final class PriceGrids: Sendable {
    private let prices: [PricePoint]
    private let grids = Mutex<[Key: PriceGrid]>([:])

    private struct Key: Hashable {
        var node: String
        var start: Int64
        var end: Int64
    }

    public init(for prices: [PricePoint]) { self.prices = prices }

    /// `node`'s grid over `[start, end)` from `prices`: cached when `cache` was made for `prices`, built otherwise.
    static func grid(_ cache: PriceGrids?, prices: [PricePoint], node: String, start: Instant, end: Instant) -> PriceGrid {
        guard let cache, cache.isMade(for: prices) else { return PriceGrid(prices: prices, node: node, start: start, end: end) }
        let key = Key(node: node, start: start.secondsSinceEpoch, end: end.secondsSinceEpoch)
        if let grid = cache.grids.withLock({ $0[key] }) { return grid }
        // built outside the lock: two units missing at once build the same grid, and the first one is kept
        let grid = PriceGrid(prices: prices, node: node, start: start, end: end)
        return cache.grids.withLock { grids in
            if let first = grids[key] { return first }
            grids[key] = grid
            return grid
        }
    }

    private func isMade(for other: [PricePoint]) -> Bool {
        prices.count == other.count
            && prices.withUnsafeBufferPointer { a in other.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress } }
    }
}
