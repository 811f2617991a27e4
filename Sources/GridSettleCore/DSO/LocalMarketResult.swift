/// A trade between two members in the local market. The buyer pays ``buyerPays``, the seller receives
/// ``sellerReceives`` and the DSO keeps ``fee``; `buyerPays == sellerReceives + fee` exactly, because the fee
/// line is the difference of the two rounded lines (per-match fee partitioning, research §5.6).
public struct LocalTrade: Sendable, Hashable {
    public var sellerID: String
    public var buyerID: String
    public var sellerOrderID: String
    public var buyerOrderID: String
    public var quantityMicroKWh: Int64
    /// The uniform clearing price the buyer pays, µ$/MWh.
    public var buyerMicroPrice: Int64
    /// `buyerMicroPrice − fee`, µ$/MWh.
    public var sellerMicroPrice: Int64
    public var buyerPays: Money
    public var sellerReceives: Money
    public var fee: Money
}

/// What a member trades with the ISO after the local market: the residual (F5.1 then carries it).
public struct ISOTrade: Sendable, Hashable {
    public var memberID: String
    public var orderID: String
    /// ``LocalOrderSide/offer``: the member sells to the ISO; ``LocalOrderSide/bid``: it buys from the ISO.
    public var side: LocalOrderSide
    public var quantityMicroKWh: Int64
    /// The ISO sell price (member sells) or buy price (member buys), µ$/MWh.
    public var microPrice: Int64
    /// `quantity × price`, ≥ 0 for non-negative prices: received when selling, paid when buying.
    public var amount: Money
}

/// How one order was filled.
public struct LocalOrderFill: Sendable, Hashable {
    public var orderID: String
    public var memberID: String
    public var side: LocalOrderSide
    public var quantityMicroKWh: Int64
    public var filledLocallyMicroKWh: Int64
    public var filledWithISOMicroKWh: Int64
    public var clearedMicroKWh: Int64 { filledLocallyMicroKWh + filledWithISOMicroKWh }
}

/// A member's interval position: what it offered and bid, and where each cleared kWh went.
public struct LocalMarketPosition: Sendable, Hashable {
    public var memberID: String
    public var offeredMicroKWh: Int64 = 0
    public var bidMicroKWh: Int64 = 0
    /// From the trade list.
    public var soldLocallyMicroKWh: Int64 = 0
    public var boughtLocallyMicroKWh: Int64 = 0
    /// From the ISO trade list.
    public var soldToISOMicroKWh: Int64 = 0
    public var boughtFromISOMicroKWh: Int64 = 0
    /// From the order fills (kept separately from the trade lists, so the two can be checked against each other).
    public var offeredAndClearedMicroKWh: Int64 = 0
    public var bidAndClearedMicroKWh: Int64 = 0
    /// Money: + received, − paid.
    public var localAmount: Money = .zero
    public var isoAmount: Money = .zero

    /// Net energy the member still exchanges with the ISO (+ sold to it), µkWh.
    public var isoNetMicroKWh: Int64 { soldToISOMicroKWh - boughtFromISOMicroKWh }
}

/// Which bound set the uniform price.
public enum LocalPriceSetting: String, Sendable, Hashable {
    /// No local trade cleared.
    case noLocalTrade
    /// Local orders bound the clearing range; the price is its midpoint.
    case localOrders
    /// Supply beyond local demand went to the ISO: sellers net the ISO sell price.
    case isoSellPrice
    /// Demand beyond local supply came from the ISO: buyers pay the ISO buy price.
    case isoBuyPrice
}

/// One interval's clearing.
public struct LocalMarketClearing: Sendable, Hashable {
    public var outside: LocalOutsideOption
    public var feeMicroDollarsPerMWh: Int64
    /// False when the fee exceeds the ISO spread (`isoSell + fee > isoBuy`): no local trade can beat the ISO
    /// for both sides, so only ISO trades clear.
    public var isOpen: Bool
    /// The uniform price buyers pay on every local trade, µ$/MWh; nil when no local trade cleared.
    public var clearingMicroPrice: Int64?
    /// The range of buyer prices that clear the book (the price is its midpoint, rounded half away from zero).
    public var clearingRange: ClosedRange<Int64>?
    public var priceSetting: LocalPriceSetting
    public var trades: [LocalTrade]
    public var isoTrades: [ISOTrade]
    /// In book order.
    public var fills: [LocalOrderFill]
    /// In order of first appearance in the book.
    public var positions: [LocalMarketPosition]
    /// `LEM-NO-KWH-SOLD-TWICE`.
    public var check: CheckResult

    /// Σ local trade quantity, µkWh.
    public var localVolumeMicroKWh: Int64 { trades.reduce(0) { $0 + $1.quantityMicroKWh } }
    /// The DSO's fee account for the interval.
    public var feeTotal: Money { trades.reduce(.zero) { $0 + $1.fee } }
    public func position(_ memberID: String) -> LocalMarketPosition? { positions.first { $0.memberID == memberID } }
}
