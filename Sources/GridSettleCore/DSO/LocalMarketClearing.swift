/// Clears one interval of a DSO's local energy market at a single uniform price, with the ISO as every
/// member's outside option (research §5.4 two-sided pay-as-clear, `[D]` rule below; docs/dso.md).
///
/// **Rule.** Work in buyer prices: a bid at `b`; an offer at `s` needs the buyer to pay `s + f` (`f` the
/// per-match fee); the ISO is an unlimited seller at `isoBuy` and an unlimited buyer whose bid is worth
/// `isoSell + f` to a seller (it nets `isoSell`, as a local sale at that price would).
/// 1. Bids below `isoSell + f` and offers above `isoBuy − f` cannot beat the ISO for the other side and
///    never clear. If `isoSell + f > isoBuy` the local market is closed: offers at `s ≤ isoSell` sell to the
///    ISO, bids at `b ≥ isoBuy` buy from it, nothing trades locally.
/// 2. Bids in descending price, offers in ascending `s + f`; ties by position in the book (earlier first).
///    The ISO's bid comes after every local bid, its offer after every local offer.
/// 3. Match the best bid with the best offer while bid ≥ offer, for the smaller remaining quantity (the
///    partial-fill rule: at a price tie the earlier order fills first, and the last order matched may be
///    filled in part). A local offer matched with the ISO bid sells to the ISO; a local bid matched with the
///    ISO offer buys from it. Stop when the bid is below the offer or both are the ISO's.
/// 4. Every buyer price in `[lo, hi]`, `lo = max(last matched offer, next bid)`,
///    `hi = min(last matched bid, next offer)`, clears the book: matched orders accept it and unmatched
///    ones do not want it. The price is the midpoint, rounded half away from zero. Because the ISO's bid and
///    offer are always "next", `isoSell + f ≤ lo ≤ hi ≤ isoBuy`: **no local trade clears above the ISO
///    buy price, and no seller nets less than the ISO sell price.** When the ISO traded, the range is the
///    single ISO price, so ISO and local trades are at one price.
///
/// Each order's fill is kept in two places, the order fills and the trade lists; the check
/// `LEM-NO-KWH-SOLD-TWICE` confirms for every member that local sales + ISO sales == offered-and-cleared
/// quantity (≤ offered), the same for purchases, Σ local sales == Σ local purchases, and that no member both
/// buys and sells.
public enum LocalMarket {
    public static let checkID = "LEM-NO-KWH-SOLD-TWICE"

    /// Every problem with a book: non-positive quantity, duplicate order id, unknown member (when `members`
    /// is given), a member whose bids are not all priced below its offers (it would trade with itself),
    /// a negative fee, an outside option with sell > buy.
    public static func problems(
        orders: [LocalOrder], outside: LocalOutsideOption, feeMicroDollarsPerMWh: Int64, members: Set<String>? = nil
    ) -> [DSOProblem] {
        var out: [DSOProblem] = []
        if feeMicroDollarsPerMWh < 0 {
            out.append(DSOProblem(.localFeeNegative, subject: "local market", expected: "fee ≥ 0 µ$/MWh",
                                  found: String(feeMicroDollarsPerMWh)))
        }
        if outside.isoSellMicroPrice > outside.isoBuyMicroPrice {
            out.append(DSOProblem(.outsideOption, subject: "ISO", expected: "ISO sell price ≤ ISO buy price",
                                  found: "sell \(outside.isoSellMicroPrice) > buy \(outside.isoBuyMicroPrice) µ$/MWh"))
        }
        var ids = Set<String>()
        var maxBid: [String: Int64] = [:]
        var minOffer: [String: Int64] = [:]
        var memberOrder: [String] = []
        for o in orders {
            if !ids.insert(o.id).inserted {
                out.append(DSOProblem(.orderDuplicate, subject: o.id, expected: "unique order ids", found: "\(o.id) twice"))
            }
            if o.quantityMicroKWh <= 0 {
                out.append(DSOProblem(.orderQuantity, subject: o.id, expected: "quantity > 0 µkWh", found: String(o.quantityMicroKWh)))
            }
            if let members, !members.contains(o.memberID) {
                out.append(DSOProblem(.orderUnknownMember, subject: o.id, expected: "a member of the DSO", found: o.memberID))
            }
            if maxBid[o.memberID] == nil && minOffer[o.memberID] == nil { memberOrder.append(o.memberID) }
            switch o.side {
            case .bid: maxBid[o.memberID] = max(maxBid[o.memberID] ?? .min, o.limitMicroPrice)
            case .offer: minOffer[o.memberID] = min(minOffer[o.memberID] ?? .max, o.limitMicroPrice)
            }
        }
        for m in memberOrder {
            if let b = maxBid[m], let s = minOffer[m], b >= s {
                out.append(DSOProblem(.orderSelfCrossing, subject: m, expected: "every bid priced below every offer of the member",
                                      found: "bid \(b) ≥ offer \(s) µ$/MWh"))
            }
        }
        return out
    }

    /// Clears one interval of `aggregation`'s local market with its DSO's settings.
    /// - Throws: ``DSOValidationError`` (including `LEM-DISABLED` when the DSO has no local market).
    public static func clear(
        _ aggregation: DERAggregation, orders: [LocalOrder], outside: LocalOutsideOption
    ) throws -> LocalMarketClearing {
        let settings = aggregation.dso.localMarket
        guard settings.enabled else {
            throw DSOValidationError(problems: [DSOProblem(.marketDisabled, subject: aggregation.dso.id,
                                                           expected: "localMarket.enabled", found: "false")])
        }
        return try clear(orders: orders, outside: outside, settings: settings, members: Set(aggregation.members.map(\.id)))
    }

    /// Clears one interval's book.
    /// - Throws: ``DSOValidationError`` listing every problem of the book.
    public static func clear(
        orders: [LocalOrder], outside: LocalOutsideOption, settings: LocalMarketSettings = LocalMarketSettings(enabled: true),
        members: Set<String>? = nil
    ) throws -> LocalMarketClearing {
        let f = settings.feeMicroDollarsPerMWh
        let found = problems(orders: orders, outside: outside, feeMicroDollarsPerMWh: f, members: members)
        guard found.isEmpty else { throw DSOValidationError(problems: found) }
        let isoBuy = outside.isoBuyMicroPrice
        let isoSell = outside.isoSellMicroPrice
        let isoBidPrice = isoSell + f  // the ISO's bid, in buyer prices
        let open = isoBidPrice <= isoBuy

        var filledLocal = [Int64](repeating: 0, count: orders.count)
        var filledISO = [Int64](repeating: 0, count: orders.count)
        var matches: [(bid: Int, offer: Int, quantity: Int64)] = []
        var isoTrades: [ISOTrade] = []
        func isoTrade(_ k: Int, _ q: Int64) {
            let o = orders[k]
            let price = o.side == .offer ? isoSell : isoBuy
            filledISO[k] += q
            isoTrades.append(ISOTrade(memberID: o.memberID, orderID: o.id, side: o.side, quantityMicroKWh: q,
                                      microPrice: price, amount: money(q, price, settings.lineRounding)))
        }

        var range: ClosedRange<Int64>? = nil
        var setting = LocalPriceSetting.noLocalTrade
        if open {
            let bids = orders.indices.filter { orders[$0].side == .bid && orders[$0].limitMicroPrice >= isoBidPrice }
                .sorted { orders[$0].limitMicroPrice != orders[$1].limitMicroPrice ? orders[$0].limitMicroPrice > orders[$1].limitMicroPrice : $0 < $1 }
            let offers = orders.indices.filter { orders[$0].side == .offer && orders[$0].limitMicroPrice + f <= isoBuy }
                .sorted { orders[$0].limitMicroPrice != orders[$1].limitMicroPrice ? orders[$0].limitMicroPrice < orders[$1].limitMicroPrice : $0 < $1 }
            var bi = 0
            var oi = 0
            var bidLeft = bids.first.map { orders[$0].quantityMicroKWh } ?? 0
            var offerLeft = offers.first.map { orders[$0].quantityMicroKWh } ?? 0
            var lastBid: Int64? = nil
            var lastOffer: Int64? = nil
            while true {
                let bidISO = bi >= bids.count
                let offerISO = oi >= offers.count
                if bidISO && offerISO { break }
                let bp = bidISO ? isoBidPrice : orders[bids[bi]].limitMicroPrice
                let sp = offerISO ? isoBuy : orders[offers[oi]].limitMicroPrice + f
                if bp < sp { break }
                lastBid = bp
                lastOffer = sp
                if bidISO {  // the offer's remainder sells to the ISO
                    isoTrade(offers[oi], offerLeft)
                    oi += 1
                    offerLeft = oi < offers.count ? orders[offers[oi]].quantityMicroKWh : 0
                } else if offerISO {  // the bid's remainder buys from the ISO
                    isoTrade(bids[bi], bidLeft)
                    bi += 1
                    bidLeft = bi < bids.count ? orders[bids[bi]].quantityMicroKWh : 0
                } else {
                    let q = min(bidLeft, offerLeft)
                    matches.append((bids[bi], offers[oi], q))
                    filledLocal[bids[bi]] += q
                    filledLocal[offers[oi]] += q
                    bidLeft -= q
                    offerLeft -= q
                    if bidLeft == 0 {
                        bi += 1
                        bidLeft = bi < bids.count ? orders[bids[bi]].quantityMicroKWh : 0
                    }
                    if offerLeft == 0 {
                        oi += 1
                        offerLeft = oi < offers.count ? orders[offers[oi]].quantityMicroKWh : 0
                    }
                }
            }
            let nextBid = bi < bids.count ? orders[bids[bi]].limitMicroPrice : isoBidPrice
            let nextOffer = oi < offers.count ? orders[offers[oi]].limitMicroPrice + f : isoBuy
            let lo = max(lastOffer ?? nextBid, nextBid)
            let hi = min(lastBid ?? nextOffer, nextOffer)
            precondition(lo <= hi && isoBidPrice <= lo && hi <= isoBuy, "clearing range outside the ISO band")
            if !matches.isEmpty {
                range = lo...hi
                if lo == hi && lo == isoBidPrice && bi >= bids.count {
                    setting = .isoSellPrice
                } else if lo == hi && hi == isoBuy && oi >= offers.count {
                    setting = .isoBuyPrice
                } else {
                    setting = .localOrders
                }
            }
        } else {
            for k in orders.indices {
                let o = orders[k]
                if o.side == .offer && o.limitMicroPrice <= isoSell { isoTrade(k, o.quantityMicroKWh) }
                if o.side == .bid && o.limitMicroPrice >= isoBuy { isoTrade(k, o.quantityMicroKWh) }
            }
        }

        let price: Int64? = range.map { Rounding.int64(Rounding.divideHalfAwayFromZero(Int128($0.lowerBound) + Int128($0.upperBound), by: 2)) }
        var trades: [LocalTrade] = []
        trades.reserveCapacity(matches.count)
        if let p = price {
            for m in matches {
                let b = orders[m.bid]
                let s = orders[m.offer]
                let pays = money(m.quantity, p, settings.lineRounding)
                let receives = money(m.quantity, p - f, settings.lineRounding)
                trades.append(LocalTrade(
                    sellerID: s.memberID, buyerID: b.memberID, sellerOrderID: s.id, buyerOrderID: b.id,
                    quantityMicroKWh: m.quantity, buyerMicroPrice: p, sellerMicroPrice: p - f, buyerPays: pays,
                    sellerReceives: receives, fee: pays - receives))
            }
        }

        let fills = orders.indices.map { k in
            LocalOrderFill(orderID: orders[k].id, memberID: orders[k].memberID, side: orders[k].side,
                           quantityMicroKWh: orders[k].quantityMicroKWh, filledLocallyMicroKWh: filledLocal[k],
                           filledWithISOMicroKWh: filledISO[k])
        }
        let byMember = positions(orders: orders, fills: fills, trades: trades, isoTrades: isoTrades)
        return LocalMarketClearing(
            outside: outside, feeMicroDollarsPerMWh: f, isOpen: open, clearingMicroPrice: price, clearingRange: range,
            priceSetting: setting, trades: trades, isoTrades: isoTrades, fills: fills, positions: byMember,
            check: noDoubleSale(positions: byMember, trades: trades))
    }

    /// `µkWh × µ$/MWh` → a money line (exact numerator ÷ 10⁹, rounded once).
    static func money(_ microKWh: Int64, _ microPrice: Int64, _ r: DSOLineRounding) -> Money {
        let unit = Int128(r.microDollars)
        let v = Rounding.divideHalfAwayFromZero(Int128(microKWh) * Int128(microPrice), by: 1_000_000_000 * unit)
        return Money(micros: Rounding.int64(v * unit))
    }

    /// Positions per member: quantities from the trade lists and, separately, from the order fills.
    static func positions(
        orders: [LocalOrder], fills: [LocalOrderFill], trades: [LocalTrade], isoTrades: [ISOTrade]
    ) -> [LocalMarketPosition] {
        var index: [String: Int] = [:]
        var out: [LocalMarketPosition] = []
        func slot(_ m: String) -> Int {
            if let k = index[m] { return k }
            index[m] = out.count
            out.append(LocalMarketPosition(memberID: m))
            return out.count - 1
        }
        for f in fills {
            let k = slot(f.memberID)
            switch f.side {
            case .offer:
                out[k].offeredMicroKWh += f.quantityMicroKWh
                out[k].offeredAndClearedMicroKWh += f.clearedMicroKWh
            case .bid:
                out[k].bidMicroKWh += f.quantityMicroKWh
                out[k].bidAndClearedMicroKWh += f.clearedMicroKWh
            }
        }
        for t in trades {
            let s = slot(t.sellerID)
            out[s].soldLocallyMicroKWh += t.quantityMicroKWh
            out[s].localAmount += t.sellerReceives
            let b = slot(t.buyerID)
            out[b].boughtLocallyMicroKWh += t.quantityMicroKWh
            out[b].localAmount = out[b].localAmount - t.buyerPays
        }
        for t in isoTrades {
            let k = slot(t.memberID)
            switch t.side {
            case .offer:
                out[k].soldToISOMicroKWh += t.quantityMicroKWh
                out[k].isoAmount += t.amount
            case .bid:
                out[k].boughtFromISOMicroKWh += t.quantityMicroKWh
                out[k].isoAmount = out[k].isoAmount - t.amount
            }
        }
        return out
    }

    /// The "no kWh sold twice" check (research §5.6 and F4.3: mutually exclusive value streams per MWh).
    public static func noDoubleSale(positions: [LocalMarketPosition], trades: [LocalTrade]) -> CheckResult {
        var bad: [String] = []
        var sold: Int64 = 0
        var bought: Int64 = 0
        for p in positions {
            sold += p.soldLocallyMicroKWh
            bought += p.boughtLocallyMicroKWh
            if p.soldLocallyMicroKWh + p.soldToISOMicroKWh != p.offeredAndClearedMicroKWh
                || p.offeredAndClearedMicroKWh > p.offeredMicroKWh
                || p.boughtLocallyMicroKWh + p.boughtFromISOMicroKWh != p.bidAndClearedMicroKWh
                || p.bidAndClearedMicroKWh > p.bidMicroKWh
                || (p.offeredAndClearedMicroKWh > 0 && p.bidAndClearedMicroKWh > 0)
            {
                bad.append(p.memberID)
            }
        }
        let moneyOK = trades.allSatisfy { $0.buyerPays == $0.sellerReceives + $0.fee }
        let ok = bad.isEmpty && sold == bought && moneyOK
        return CheckResult(
            id: checkID,
            question: "Is every cleared kWh sold once — locally or to the ISO, never both — and does every local sale have a buyer?",
            status: ok ? .pass : .violation, energyMicroKWh: sold,
            detail: ok
                ? "local sales \(Units.formatKWh(sold)) kWh = local purchases; per member local + ISO = offered-and-cleared"
                : "members \(bad.joined(separator: ", ")); local sold \(Units.formatKWh(sold)) vs bought \(Units.formatKWh(bought)) kWh; fee partition \(moneyOK ? "ok" : "broken")",
            rule: "§5.6")
    }
}
