/// A DSO's local energy market (research §5.4, GSy-e; seed 003: "localized energy and balancing markets for
/// distributed energy resources"): per interval, members bid to buy and offer to sell, the market clears at
/// one uniform price, and the ISO is always there as the outside option. Off by default.
public struct LocalMarketSettings: Codable, Sendable, Hashable {
    public var enabled: Bool = false
    /// Per-match local grid fee, µ$/MWh, charged on every local trade and credited to the DSO (F5.8-style
    /// constant fee; research §5.6: fees partitioned per match, never averaged into the price). Default 0.
    public var feeMicroDollarsPerMWh: Int64 = 0
    /// Rounding of each trade's money lines. Default µ$ (a trade is small; statements sum trades).
    public var lineRounding: DSOLineRounding = .microDollar

    public init(enabled: Bool = false, feeMicroDollarsPerMWh: Int64 = 0, lineRounding: DSOLineRounding = .microDollar) {
        self.enabled = enabled
        self.feeMicroDollarsPerMWh = feeMicroDollarsPerMWh
        self.lineRounding = lineRounding
    }

    enum CodingKeys: String, CodingKey { case enabled, feeMicroDollarsPerMWh, lineRounding }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var s = LocalMarketSettings()
        s.enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? s.enabled
        s.feeMicroDollarsPerMWh = try c.decodeIfPresent(Int64.self, forKey: .feeMicroDollarsPerMWh) ?? s.feeMicroDollarsPerMWh
        s.lineRounding = try c.decodeIfPresent(DSOLineRounding.self, forKey: .lineRounding) ?? s.lineRounding
        self = s
    }
}

/// Buy or sell.
public enum LocalOrderSide: String, Codable, Sendable, Hashable, CaseIterable {
    /// Buy up to the quantity at a price no higher than the limit.
    case bid
    /// Sell up to the quantity at a price (net of the local fee) no lower than the limit.
    case offer
}

/// One order in one interval's book. Its position in the book is its time priority.
public struct LocalOrder: Codable, Sendable, Hashable {
    public var id: String
    public var memberID: String
    public var side: LocalOrderSide
    /// µkWh > 0.
    public var quantityMicroKWh: Int64
    /// µ$/MWh: the highest price a bid pays, or the lowest net price an offer accepts.
    public var limitMicroPrice: Int64

    public init(id: String, memberID: String, side: LocalOrderSide, quantityMicroKWh: Int64, limitMicroPrice: Int64) {
        self.id = id
        self.memberID = memberID
        self.side = side
        self.quantityMicroKWh = quantityMicroKWh
        self.limitMicroPrice = limitMicroPrice
    }
}

/// The ISO as every member's outside option in one interval: a member can always buy from the ISO at
/// ``isoBuyMicroPrice`` and sell to it at ``isoSellMicroPrice`` (both µ$/MWh, sell ≤ buy), in any quantity.
public struct LocalOutsideOption: Codable, Sendable, Hashable {
    public var isoBuyMicroPrice: Int64
    public var isoSellMicroPrice: Int64

    public init(isoBuyMicroPrice: Int64, isoSellMicroPrice: Int64) {
        self.isoBuyMicroPrice = isoBuyMicroPrice
        self.isoSellMicroPrice = isoSellMicroPrice
    }

    /// Buy and sell at the interface's LMP (the brief's rule). With no fee every local trade then clears at
    /// exactly the LMP, and any positive fee closes the local market: the ISO is as good as any neighbour.
    public static func lmp(_ microPrice: Int64) -> LocalOutsideOption {
        LocalOutsideOption(isoBuyMicroPrice: microPrice, isoSellMicroPrice: microPrice)
    }

    /// Sell at the wholesale LMP, buy at the DSO's retail price derived from it (F5.7): the band in which a
    /// local trade beats the ISO for both sides.
    public static func retail(wholesaleMicroPrice: Int64, conversion: RetailPriceConversion) -> LocalOutsideOption {
        LocalOutsideOption(isoBuyMicroPrice: conversion.retail(wholesaleMicroPrice: wholesaleMicroPrice),
                           isoSellMicroPrice: wholesaleMicroPrice)
    }
}
