/// Which stored energy a discharge or a trip uses up (research settlement_rules.md §2.6 `[D]`). It changes
/// LSCE, so it is named configuration, recorded on every statement.
public enum InventoryPolicy: String, Codable, Sendable, Hashable, CaseIterable {
    /// Every draw takes from the pools in proportion to their balances.
    case proRata = "PRO_RATA"
    /// Exports draw wholesale-bought energy first; energy to on-site load and driving draw retail / on-site
    /// energy first, and only then wholesale.
    case wholesaleFirstExport = "WHOLESALE_FIRST_EXPORT"
    /// The oldest charging energy first, whichever pool it is in.
    case fifo = "FIFO"
}

/// The storage's inventory in charge-equivalent µkWh, in two pools of lots: W (bought from the wholesale
/// market: candidate Direct Charging Energy) and R (retail-bought or on-site generation). Discharges draw
/// `d / η` (the caller grosses up); trips draw what was driven away. Pools never go negative: what they
/// cannot cover is a shortfall (state of charge unknown, reported, never invented).
///
/// Lots are kept per pool in time order (array + head index, no per-draw allocation), so FIFO can compare
/// the two oldest lots and the other policies consume each pool oldest-first.
public struct ChargingInventory: Sendable {
    public enum Pool: Int, Sendable, Hashable, CaseIterable { case wholesale = 0, retail = 1 }

    struct Lot: Sendable {
        var interval: Int
        var remaining: Int64
    }

    /// Where a draw came from.
    public struct Draw: Sendable, Hashable {
        public var fromWholesale: Int64 = 0
        public var fromRetail: Int64 = 0
        public var shortfall: Int64 = 0
    }

    public let policy: InventoryPolicy
    private var lots: [[Lot]] = [[], []]
    private var heads = [0, 0]
    /// Current balance per pool (µkWh, charge-equivalent).
    public private(set) var wholesale: Int64 = 0
    public private(set) var retail: Int64 = 0

    /// Opening balances carried from the previous month (interval −1).
    public init(policy: InventoryPolicy, openingWholesale: Int64 = 0, openingRetail: Int64 = 0) {
        self.policy = policy
        if openingWholesale > 0 { add(openingWholesale, to: .wholesale, interval: -1) }
        if openingRetail > 0 { add(openingRetail, to: .retail, interval: -1) }
    }

    public var total: Int64 { wholesale + retail }

    public mutating func add(_ amount: Int64, to pool: Pool, interval: Int) {
        guard amount > 0 else { return }
        lots[pool.rawValue].append(Lot(interval: interval, remaining: amount))
        if pool == .wholesale { wholesale += amount } else { retail += amount }
    }

    /// One interval's discharge: `export` (resold to the market) and `load` (served on-site), both
    /// charge-equivalent. Returns the draws of each. FIFO and PRO_RATA take the interval's total draw, then
    /// split it between export and load in proportion to their sizes `[D]`, so neither is arbitrarily served
    /// first; WHOLESALE_FIRST_EXPORT serves the export from W, then the load from R.
    public mutating func discharge(export: Int64, load: Int64) -> (export: Draw, load: Draw) {
        switch policy {
        case .wholesaleFirstExport:
            let e = draw(export, first: .wholesale)
            let l = draw(load, first: .retail)
            return (e, l)
        case .proRata, .fifo:
            let all = policy == .fifo ? drawOldest(export + load) : drawProRata(export + load)
            let total = export + load
            guard total > 0 else { return (Draw(), Draw()) }
            var e = Draw()
            e.fromWholesale = Self.share(all.fromWholesale, export, total)
            e.fromRetail = Self.share(all.fromRetail, export, total)
            e.shortfall = Self.share(all.shortfall, export, total)
            let l = Draw(fromWholesale: all.fromWholesale - e.fromWholesale, fromRetail: all.fromRetail - e.fromRetail,
                         shortfall: all.shortfall - e.shortfall)
            return (e, l)
        }
    }

    /// Energy driven away in a vehicle: end-use load (PJM M28 §13.1 `[V]`), drawn like on-site load.
    public mutating func drive(_ amount: Int64) -> Draw {
        switch policy {
        case .wholesaleFirstExport: return draw(amount, first: .retail)
        case .proRata: return drawProRata(amount)
        case .fifo: return drawOldest(amount)
        }
    }

    // MARK: - draws

    private mutating func draw(_ amount: Int64, first: Pool) -> Draw {
        var left = amount
        var d = Draw()
        let a = take(&left, from: first)
        let b = take(&left, from: first == .wholesale ? .retail : .wholesale)
        d.fromWholesale = first == .wholesale ? a : b
        d.fromRetail = first == .wholesale ? b : a
        d.shortfall = left
        return d
    }

    private mutating func drawProRata(_ amount: Int64) -> Draw {
        let available = min(amount, total)
        let w = total == 0 ? 0 : Self.share(available, wholesale, total)
        var left = w
        var d = Draw()
        d.fromWholesale = take(&left, from: .wholesale)
        left = available - d.fromWholesale
        d.fromRetail = take(&left, from: .retail)
        d.shortfall = amount - d.fromWholesale - d.fromRetail
        return d
    }

    private mutating func drawOldest(_ amount: Int64) -> Draw {
        var left = amount
        var d = Draw()
        while left > 0 {
            let w = heads[0] < lots[0].count ? lots[0][heads[0]].interval : Int.max
            let r = heads[1] < lots[1].count ? lots[1][heads[1]].interval : Int.max
            if w == Int.max && r == Int.max { break }
            // the older lot; on a tie (same interval) wholesale first, as it was metered first at M1 [D]
            let pool: Pool = w <= r ? .wholesale : .retail
            var one = min(left, lots[pool.rawValue][heads[pool.rawValue]].remaining)
            let taken = take(&one, from: pool)
            if pool == .wholesale { d.fromWholesale += taken } else { d.fromRetail += taken }
            left -= taken
        }
        d.shortfall = left
        return d
    }

    /// Takes up to `left` from `pool`, oldest lots first; returns what it took.
    private mutating func take(_ left: inout Int64, from pool: Pool) -> Int64 {
        var taken: Int64 = 0
        let p = pool.rawValue
        while left > 0 && heads[p] < lots[p].count {
            let x = min(left, lots[p][heads[p]].remaining)
            lots[p][heads[p]].remaining -= x
            if lots[p][heads[p]].remaining == 0 { heads[p] += 1 }
            left -= x
            taken += x
        }
        if pool == .wholesale { wholesale -= taken } else { retail -= taken }
        return taken
    }

    /// `value × part / whole`, half away from zero.
    static func share(_ value: Int64, _ part: Int64, _ whole: Int64) -> Int64 {
        guard whole != 0 else { return 0 }
        return Rounding.int64(Rounding.divideHalfAwayFromZero(Int128(value) * Int128(part), by: Int128(whole)))
    }
}
