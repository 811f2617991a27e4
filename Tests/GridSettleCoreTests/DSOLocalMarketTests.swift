import GridSettleCore
import Testing

/// The DSO local energy market (research §5.4, §5.6; rule in `LocalMarket` and docs/dso.md): worked examples
/// computed by hand, book validation, and a seeded property test over many random books proving that no kWh
/// is sold both locally and to the ISO.
@Suite("DSO local energy market: uniform price with the ISO as outside option")
struct DSOLocalMarketTests {
    typealias F = DSOFixtures

    static func order(_ id: String, _ member: String, _ side: LocalOrderSide, kWh: Double, at price: Double) -> LocalOrder {
        LocalOrder(id: id, memberID: member, side: side, quantityMicroKWh: F.kwh(kWh), limitMicroPrice: F.price(price))
    }
    /// ISO sells to members at 80 $/MWh (retail), buys from them at 30 $/MWh.
    static let band = LocalOutsideOption(isoBuyMicroPrice: F.price(80), isoSellMicroPrice: F.price(30))

    @Test("L1 interior crossing: the partly filled offer sets the price at 40; nothing goes to the ISO")
    func l1() throws {
        // Bids (desc): C 4 kWh @70, D 2 @35, then the ISO's bid @30. Offers (asc): A 2 @20, B 3 @40, then ISO @80.
        // C70×A20: 2 kWh (A done). C70×B40: 2 kWh (C done, B has 1 left). D35 < B40: stop.
        // lo = max(last offer 40, next bid 35) = 40; hi = min(last bid 70, next offer 40) = 40 → p = 40.
        // B's last kWh (40 > ISO sell 30) and D (35 < ISO buy 80) do not clear.
        let c = try LocalMarket.clear(
            orders: [Self.order("a", "A", .offer, kWh: 2, at: 20), Self.order("b", "B", .offer, kWh: 3, at: 40),
                     Self.order("c", "C", .bid, kWh: 4, at: 70), Self.order("d", "D", .bid, kWh: 2, at: 35)],
            outside: Self.band)
        #expect(c.clearingMicroPrice == F.price(40) && c.clearingRange == F.price(40)...F.price(40) && c.priceSetting == .localOrders)
        #expect(c.trades.map { "\($0.sellerID)→\($0.buyerID) \($0.quantityMicroKWh)" } == ["A→C 2000000", "B→C 2000000"])
        // 2 kWh = 0.002 MWh × $40 = $0.08 each
        #expect(c.trades.allSatisfy { $0.buyerPays == F.usd(0.08) && $0.sellerReceives == F.usd(0.08) && $0.fee == .zero })
        #expect(c.isoTrades.isEmpty)
        #expect(c.position("B")?.offeredAndClearedMicroKWh == F.kwh(2) && c.position("D")?.bidAndClearedMicroKWh == 0)
        #expect(c.check.status == .pass && c.check.id == "LEM-NO-KWH-SOLD-TWICE")
    }

    @Test("L2 excess supply: the remainder sells to the ISO and every seller nets the ISO sell price 30")
    func l2() throws {
        // Bids: C 4 @60, ISO @30. Offers: A 5 @10, B 3 @25, ISO @80.
        // C60×A10: 4 (C done, A 1 left). ISO30×A10: A's last kWh to the ISO. ISO30×B25: B's 3 kWh to the ISO. ISO×ISO: stop.
        // lo = max(25, next bid ISO 30) = 30; hi = min(last bid ISO 30, 80) = 30 → p = 30.
        let c = try LocalMarket.clear(
            orders: [Self.order("a", "A", .offer, kWh: 5, at: 10), Self.order("b", "B", .offer, kWh: 3, at: 25),
                     Self.order("c", "C", .bid, kWh: 4, at: 60)],
            outside: Self.band)
        #expect(c.clearingMicroPrice == F.price(30) && c.priceSetting == .isoSellPrice)
        #expect(c.trades.count == 1 && c.trades[0].quantityMicroKWh == F.kwh(4) && c.trades[0].buyerPays == F.usd(0.12))
        #expect(c.isoTrades.map { "\($0.memberID) \($0.side) \($0.quantityMicroKWh) @\($0.microPrice)" }
                == ["A offer 1000000 @30000000", "B offer 3000000 @30000000"])
        #expect(c.isoTrades.map(\.amount) == [F.usd(0.03), F.usd(0.09)])
        let a = try #require(c.position("A"))
        #expect(a.soldLocallyMicroKWh == F.kwh(4) && a.soldToISOMicroKWh == F.kwh(1) && a.offeredAndClearedMicroKWh == F.kwh(5))
        #expect(a.localAmount == F.usd(0.12) && a.isoAmount == F.usd(0.03) && a.isoNetMicroKWh == F.kwh(1))
        #expect(c.check.status == .pass)
    }

    @Test("L3 excess demand: the shortfall is bought from the ISO and every buyer pays the ISO buy price 80")
    func l3() throws {
        // Bids: C 3 @90, D 2 @85, E 1 @60, ISO @30. Offers: A 2 @50, ISO @80.
        // C90×A50: 2 (A done). C90×ISO80: C's last kWh from the ISO. D85×ISO80: D's 2 from the ISO. E60 < 80: stop.
        // lo = max(last offer ISO 80, next bid 60) = 80; hi = min(last bid 85, next offer ISO 80) = 80 → p = 80.
        let c = try LocalMarket.clear(
            orders: [Self.order("a", "A", .offer, kWh: 2, at: 50), Self.order("c", "C", .bid, kWh: 3, at: 90),
                     Self.order("d", "D", .bid, kWh: 2, at: 85), Self.order("e", "E", .bid, kWh: 1, at: 60)],
            outside: Self.band)
        #expect(c.clearingMicroPrice == F.price(80) && c.priceSetting == .isoBuyPrice)
        #expect(c.trades.map(\.quantityMicroKWh) == [F.kwh(2)] && c.trades[0].sellerReceives == F.usd(0.16))
        #expect(c.isoTrades.map { "\($0.memberID) \($0.side) \($0.quantityMicroKWh)" } == ["C bid 1000000", "D bid 2000000"])
        #expect(c.position("E")?.bidAndClearedMicroKWh == 0)
        let cp = try #require(c.position("C"))
        #expect(cp.boughtLocallyMicroKWh + cp.boughtFromISOMicroKWh == cp.bidAndClearedMicroKWh && cp.bidAndClearedMicroKWh == F.kwh(3))
        #expect(cp.localAmount == F.usd(-0.16) && cp.isoAmount == F.usd(-0.08))
    }

    @Test("L4 per-match fee $10/MWh: range [45, 65], price 55; buyer pays 0.22, seller nets 0.18, DSO keeps 0.04")
    func l4() throws {
        // In buyer prices: A's offer @35 costs 35 + 10 = 45; the ISO's bid is worth 30 + 10 = 40 to a seller.
        // C65×A45: 4 kWh. Then ISO bid 40 vs ISO offer 80: stop. lo = max(45, 40) = 45, hi = min(65, 80) = 65 → 55.
        let settings = LocalMarketSettings(enabled: true, feeMicroDollarsPerMWh: F.price(10))
        let c = try LocalMarket.clear(
            orders: [Self.order("a", "A", .offer, kWh: 4, at: 35), Self.order("c", "C", .bid, kWh: 4, at: 65)],
            outside: Self.band, settings: settings)
        #expect(c.clearingRange == F.price(45)...F.price(65) && c.clearingMicroPrice == F.price(55))
        let t = try #require(c.trades.first)
        #expect(t.buyerMicroPrice == F.price(55) && t.sellerMicroPrice == F.price(45))
        #expect(t.buyerPays == F.usd(0.22) && t.sellerReceives == F.usd(0.18) && t.fee == F.usd(0.04))
        #expect(c.feeTotal == F.usd(0.04))
    }

    @Test("L5 a fee wider than the ISO spread closes the market: only ISO trades clear")
    func l5() throws {
        // ISO sell 50, buy 52, fee 5: 50 + 5 > 52. A's offer @45 sells to the ISO at 50, B's bid @60 buys at 52,
        // C's offer @51 (> 50) and D's bid @51 (< 52) do not clear.
        let settings = LocalMarketSettings(enabled: true, feeMicroDollarsPerMWh: F.price(5))
        let c = try LocalMarket.clear(
            orders: [Self.order("a", "A", .offer, kWh: 1, at: 45), Self.order("b", "B", .bid, kWh: 1, at: 60),
                     Self.order("c", "C", .offer, kWh: 1, at: 51), Self.order("d", "D", .bid, kWh: 1, at: 51)],
            outside: LocalOutsideOption(isoBuyMicroPrice: F.price(52), isoSellMicroPrice: F.price(50)), settings: settings)
        #expect(!c.isOpen && c.trades.isEmpty && c.clearingMicroPrice == nil && c.priceSetting == .noLocalTrade)
        #expect(c.isoTrades.map { "\($0.memberID)@\($0.microPrice)" } == ["A@50000000", "B@52000000"])
        #expect(c.check.status == .pass)
    }

    @Test("L6 LMP outside option, price ties: the earlier offer fills first; the at-the-money remainder sells to the ISO")
    func l6() throws {
        // ISO buys and sells at 40. Offers A 2 @40, B 2 @40 (A first in the book); bid C 3 @40.
        // C×A: 2; C×B: 1 (C done); ISO bid 40 ≥ B 40: B's last kWh to the ISO. Price 40.
        let c = try LocalMarket.clear(
            orders: [Self.order("a", "A", .offer, kWh: 2, at: 40), Self.order("b", "B", .offer, kWh: 2, at: 40),
                     Self.order("c", "C", .bid, kWh: 3, at: 40)],
            outside: .lmp(F.price(40)))
        #expect(c.clearingMicroPrice == F.price(40))
        #expect(c.trades.map { "\($0.sellerID) \($0.quantityMicroKWh)" } == ["A 2000000", "B 1000000"])
        #expect(c.isoTrades.map { "\($0.memberID) \($0.quantityMicroKWh)" } == ["B 1000000"])
        // with the LMP both ways, any local fee closes the market
        let closed = try LocalMarket.clear(
            orders: [Self.order("a", "A", .offer, kWh: 2, at: 40)], outside: .lmp(F.price(40)),
            settings: LocalMarketSettings(enabled: true, feeMicroDollarsPerMWh: 1))
        #expect(!closed.isOpen && closed.isoTrades.count == 1)
    }

    @Test("L7 no crossing at all: best bid 50 < best offer 60, no trades; a midpoint price is not reported")
    func l7() throws {
        let c = try LocalMarket.clear(
            orders: [Self.order("a", "A", .offer, kWh: 1, at: 60), Self.order("c", "C", .bid, kWh: 1, at: 50)], outside: Self.band)
        #expect(c.trades.isEmpty && c.isoTrades.isEmpty && c.clearingMicroPrice == nil && c.priceSetting == .noLocalTrade)
    }

    @Test("Book problems are all named at once; a DSO without a local market refuses to clear")
    func bookProblems() throws {
        let orders = [
            Self.order("x", "A", .bid, kWh: 1, at: 50), Self.order("x", "A", .offer, kWh: 0, at: 45),
            Self.order("y", "Q", .bid, kWh: 1, at: 10),
        ]
        let found = LocalMarket.problems(orders: orders, outside: LocalOutsideOption(isoBuyMicroPrice: 1, isoSellMicroPrice: 2),
                                         feeMicroDollarsPerMWh: -1, members: ["A", "B"])
        #expect(found.map(\.rule) == [.localFeeNegative, .outsideOption, .orderDuplicate, .orderQuantity, .orderUnknownMember,
                                      .orderSelfCrossing])
        #expect(found.last?.found == "bid 50000000 ≥ offer 45000000 µ$/MWh")
        let dso = DSO(id: "D", name: "D", interfaces: [DSOInterface(id: "S", pricingNode: "N", subLAP: "L")])
        let agg = try DERAggregation(dso: dso, members: [DERMember(id: "A", dso: "D", interface: "S", kind: .pv, sizeMicroKW: F.kw(500))])
        let e = try #require(throws: DSOValidationError.self) { try LocalMarket.clear(agg, orders: [], outside: Self.band) }
        #expect(e.rules == [.marketDisabled])
        var on = dso
        on.localMarket.enabled = true
        let agg2 = try DERAggregation(dso: on, members: agg.members)
        let e2 = try #require(throws: DSOValidationError.self) {
            try LocalMarket.clear(agg2, orders: [Self.order("o", "Z", .offer, kWh: 1, at: 1)], outside: Self.band)
        }
        #expect(e2.rules == [.orderUnknownMember])
    }

    // MARK: property test

    /// A random book: 0–24 orders from 8 members; each member has a private threshold, bids below it and
    /// offers above it (so no member crosses itself); prices may be negative; quantities to the µkWh.
    static func randomBook(_ r: inout DSOSplitMix64) -> (orders: [LocalOrder], outside: LocalOutsideOption, fee: Int64) {
        let sell = r.int(F.price(-40)...F.price(120))
        let buy = sell + (r.chance(15) ? 0 : r.int(0...F.price(80)))
        let fee = r.chance(40) ? 0 : r.int(0...F.price(25))
        let thresholds = (0..<8).map { _ in r.int(F.price(-80)...F.price(220)) }
        var orders: [LocalOrder] = []
        for k in 0..<Int(r.int(0...24)) {
            let m = Int(r.int(0...7))
            let side: LocalOrderSide = r.chance(50) ? .bid : .offer
            // coarse prices make ties common
            let step = r.chance(50) ? F.price(5) : 1
            var p = thresholds[m] + (side == .bid ? -r.int(1...F.price(100)) : r.int(0...F.price(100)))
            p = p / step * step
            if side == .bid && p >= thresholds[m] { p = thresholds[m] - 1 }
            if side == .offer && p < thresholds[m] { p = thresholds[m] }
            orders.append(LocalOrder(id: "o\(k)", memberID: "M\(m)", side: side,
                                     quantityMicroKWh: r.chance(30) ? F.kwh(Double(r.int(1...9))) : r.int(1...F.kwh(12)),
                                     limitMicroPrice: p))
        }
        return (orders, LocalOutsideOption(isoBuyMicroPrice: buy, isoSellMicroPrice: sell), fee)
    }

    @Test("Property (2000 seeded books): local + ISO sales == offered-and-cleared per member; Σ local sales == Σ local purchases; the price is in the ISO band; every fill is what the price implies")
    func noKWhSoldTwice() throws {
        var r = DSOSplitMix64(seed: 20_240_701)
        var localTradesSeen = 0, isoSalesSeen = 0, isoPurchasesSeen = 0, closedSeen = 0, partialSeen = 0
        for _ in 0..<2000 {
            let (orders, outside, fee) = Self.randomBook(&r)
            let settings = LocalMarketSettings(enabled: true, feeMicroDollarsPerMWh: fee)
            let c = try LocalMarket.clear(orders: orders, outside: outside, settings: settings)
            let again = try LocalMarket.clear(orders: orders, outside: outside, settings: settings)
            #expect(c == again)  // deterministic
            #expect(c.check.status == .pass)
            let isoSell = outside.isoSellMicroPrice, isoBuy = outside.isoBuyMicroPrice

            // energy: recomputed here from the trade lists and the order fills, not from `positions`
            var localSold: [String: Int64] = [:], localBought: [String: Int64] = [:]
            var isoSold: [String: Int64] = [:], isoBought: [String: Int64] = [:]
            var clearedOffer: [String: Int64] = [:], clearedBid: [String: Int64] = [:], offered: [String: Int64] = [:]
            for t in c.trades {
                localSold[t.sellerID, default: 0] += t.quantityMicroKWh
                localBought[t.buyerID, default: 0] += t.quantityMicroKWh
            }
            for t in c.isoTrades {
                if t.side == .offer { isoSold[t.memberID, default: 0] += t.quantityMicroKWh } else { isoBought[t.memberID, default: 0] += t.quantityMicroKWh }
            }
            for (k, f) in c.fills.enumerated() {
                #expect(f.orderID == orders[k].id && f.quantityMicroKWh == orders[k].quantityMicroKWh)
                #expect(f.filledLocallyMicroKWh >= 0 && f.filledWithISOMicroKWh >= 0 && f.clearedMicroKWh <= f.quantityMicroKWh)
                if f.side == .offer {
                    clearedOffer[f.memberID, default: 0] += f.clearedMicroKWh
                    offered[f.memberID, default: 0] += f.quantityMicroKWh
                } else {
                    clearedBid[f.memberID, default: 0] += f.clearedMicroKWh
                }
                if f.clearedMicroKWh > 0 && f.clearedMicroKWh < f.quantityMicroKWh { partialSeen += 1 }
            }
            for m in Set(orders.map(\.memberID)) {
                #expect(localSold[m, default: 0] + isoSold[m, default: 0] == clearedOffer[m, default: 0])
                #expect(clearedOffer[m, default: 0] <= offered[m, default: 0])
                #expect(localBought[m, default: 0] + isoBought[m, default: 0] == clearedBid[m, default: 0])
                #expect(clearedOffer[m, default: 0] == 0 || clearedBid[m, default: 0] == 0)  // never both sides
            }
            #expect(localSold.values.reduce(0, +) == localBought.values.reduce(0, +))
            #expect(c.trades.allSatisfy { $0.sellerID != $0.buyerID && $0.quantityMicroKWh > 0 })

            // price: one uniform price, inside the ISO band, individually rational
            #expect(c.isOpen == (isoSell + fee <= isoBuy))
            if let p = c.clearingMicroPrice {
                #expect(isoSell + fee <= p && p <= isoBuy)
                #expect(c.clearingRange!.contains(p))
                for t in c.trades {
                    #expect(t.buyerMicroPrice == p && t.sellerMicroPrice == p - fee && t.sellerMicroPrice >= isoSell)
                    #expect(orders.first { $0.id == t.buyerOrderID }!.limitMicroPrice >= p)
                    #expect(orders.first { $0.id == t.sellerOrderID }!.limitMicroPrice + fee <= p)
                    #expect(t.buyerPays == t.sellerReceives + t.fee)
                }
                // ISO trades happen only at a price equal to the ISO's
                if c.isoTrades.contains(where: { $0.side == .offer }) { #expect(p == isoSell + fee) }
                if c.isoTrades.contains(where: { $0.side == .bid }) { #expect(p == isoBuy) }
            } else {
                #expect(c.trades.isEmpty)
            }
            #expect(c.isoTrades.allSatisfy { $0.microPrice == ($0.side == .offer ? isoSell : isoBuy) })

            // every fill is what the price implies (competitive equilibrium with the ISO as unlimited counterparty)
            let p = c.clearingMicroPrice
            for (k, o) in orders.enumerated() {
                let cleared = c.fills[k].clearedMicroKWh
                switch o.side {
                case .offer:
                    let s = o.limitMicroPrice
                    if s <= isoSell || (p.map { s + fee < $0 } ?? false) { #expect(cleared == o.quantityMicroKWh) }
                    if s > isoSell && (p.map { s + fee > $0 } ?? true) { #expect(cleared == 0) }
                case .bid:
                    let b = o.limitMicroPrice
                    if b >= isoBuy || (p.map { b > $0 } ?? false) { #expect(cleared == o.quantityMicroKWh) }
                    if b < isoBuy && (p.map { b < $0 } ?? true) { #expect(cleared == 0) }
                }
            }
            localTradesSeen += c.trades.count
            isoSalesSeen += c.isoTrades.filter { $0.side == .offer }.count
            isoPurchasesSeen += c.isoTrades.filter { $0.side == .bid }.count
            if !c.isOpen { closedSeen += 1 }
        }
        // the generator exercised every branch
        #expect(localTradesSeen > 1000 && isoSalesSeen > 100 && isoPurchasesSeen > 100 && closedSeen > 50 && partialSeen > 100)
    }
}
