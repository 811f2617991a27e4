/// The local energy market in the DSO settlement (docs/dso.md "The local market in the settlement"): the
/// trades of one interface's local market collected on the settlement grid, ready to go into the
/// ``DSOSettlementInput``, and the two checks the settlement runs on them.
///
/// **The rule `[D]`.** A kWh a member sells locally is paid by its buyer, at the local price, and by nobody
/// else. So the quantity the ISO allocation pays member `i` in interval `t` is
///
/// `q'_i,t = q_i,t − soldLocally_i,t + boughtLocally_i,t`   (q = rec − del, metered)
///
/// in F5.4's RT deviation (`(q' − q^DA)·λ^RT`) and in F5.6 (`q'·DLMP`). F5.5's fee stays on the metered flows.
/// Every local sale at the interface is a local purchase there, so `Σ_i q'_i,t = Σ_i q_i,t = q^A_t`: the ISO
/// settlement F5.2 is untouched and F5.3 holds as before, with `Pay_i` the member's ISO allocation.
///
/// **Not recorded: ``LocalMarketClearing/isoTrades``.** What an order clears "against the ISO" in the local
/// market is the member's intention to trade with the grid at the LMP, not a separate sale: that energy flows
/// through the member's meter and the interface, and F5.2 (interface with the ISO) and F5.4/F5.6 (member) settle
/// it from the meter. Paying it again would pay that kWh twice. ``record(_:interval:)`` therefore reads only
/// ``LocalMarketClearing/trades``.
///
/// **Checks**, on every settlement (``DSOSettlement/localMarketChecks``):
/// - `LEM-LEDGER-BALANCES`: per interface, `Σ local buyer payments == Σ local seller receipts + DSO local fee`
///   exactly in µ$, `Σ local sales == Σ local purchases` in µkWh, and every member's `net` is its ISO allocation
///   lines plus its local lines, each counted once;
/// - `LEM-NO-KWH-PAID-TWICE`: per member, `q' = q − sold + bought` over the period (the locally traded kWh are
///   not in the ISO-allocated quantity), and per interface and interval `Σ_i q'_i,t = q^A_t`.
///
/// An input whose positions do not balance per interval is refused before settling (`LEM-ENERGY-UNBALANCED`,
/// `LEM-MONEY-UNBALANCED`, `LEM-POSITION-NEGATIVE`); a failure of either check on the finished lines is an
/// engine bug and throws ``DSOSettlementError/localLedger(_:)``.
public struct LocalMarketLedger: Sendable, Hashable {
    public static let ledgerCheckID = "LEM-LEDGER-BALANCES"
    public static let quantityCheckID = "LEM-NO-KWH-PAID-TWICE"
    public static let ledgerQuestion =
        "Does every dollar a local buyer pays go to a local seller or to the DSO's local fee account, exactly, and is every local kWh bought by a member of the same interface?"
    public static let quantityQuestion =
        "Is every locally traded kWh paid once, by its counterparty, and left out of the quantity the ISO allocation pays?"

    public let grid: IntervalGrid
    /// Members with at least one local trade, in first-seen order; ``positions`` follows this order.
    public private(set) var memberIDs: [String] = []
    public private(set) var positions: [DSOLocalPositionSeries] = []
    /// The DSO's local fee per interval, µ$.
    public private(set) var feeMicroDollars: ContiguousArray<Int64>
    public private(set) var tradeCount = 0
    private var index: [String: Int] = [:]

    public init(grid: IntervalGrid) {
        self.grid = grid
        self.feeMicroDollars = ContiguousArray(repeating: 0, count: grid.count)
    }

    /// Records interval `t`'s local trades. The clearing's ISO trades are not recorded (see above).
    public mutating func record(_ clearing: LocalMarketClearing, interval t: Int) {
        for trade in clearing.trades { record(trade, interval: t) }
    }

    /// Records one local trade in interval `t`: the seller sold and received, the buyer bought and paid, the
    /// DSO kept the fee.
    public mutating func record(_ trade: LocalTrade, interval t: Int) {
        precondition(t >= 0 && t < grid.count, "interval outside the grid")
        let s = slot(trade.sellerID)
        positions[s].soldMicroKWh[t] += trade.quantityMicroKWh
        positions[s].receivedMicroDollars[t] += trade.sellerReceives.micros
        let b = slot(trade.buyerID)
        positions[b].boughtMicroKWh[t] += trade.quantityMicroKWh
        positions[b].paidMicroDollars[t] += trade.buyerPays.micros
        feeMicroDollars[t] += trade.fee.micros
        tradeCount += 1
    }

    private mutating func slot(_ id: String) -> Int {
        if let k = index[id] { return k }
        index[id] = memberIDs.count
        memberIDs.append(id)
        positions.append(.zero(count: grid.count))
        return memberIDs.count - 1
    }

    public func position(_ memberID: String) -> DSOLocalPositionSeries? { index[memberID].map { positions[$0] } }

    /// Σ µkWh traded.
    public var volumeMicroKWh: Int64 { positions.reduce(0) { $0 + $1.soldMicroKWh.reduce(0, +) } }

    /// Puts the positions on `input`'s member series (replacing any) and the fee column on the series of
    /// `interfaceID`. Returns what it could not place: ledger member ids without a series, and `interfaceID`
    /// when there is no such interface series (the settlement would then refuse the input as unbalanced).
    @discardableResult
    public func apply(to input: inout DSOSettlementInput, interfaceID: String) -> [String] {
        var placed = Set<String>()
        for k in input.members.indices {
            if let p = position(input.members[k].memberID) {
                input.members[k].localMarket = p
                placed.insert(input.members[k].memberID)
            }
        }
        var missing = memberIDs.filter { !placed.contains($0) }
        if let k = input.interfaces.firstIndex(where: { $0.interfaceID == interfaceID }) {
            input.interfaces[k].localFeeMicroDollars = feeMicroDollars
        } else {
            missing.append(interfaceID)
        }
        return missing
    }

    // MARK: checks

    /// Both checks on a finished settlement's lines, per interface and in total. Empty = they hold.
    public static func verify(_ s: DSOSettlement) -> [LocalLedgerViolation] {
        var out: [LocalLedgerViolation] = []
        var paidTotal = Money.zero
        var receivedTotal = Money.zero
        var feeTotal = Money.zero
        for i in s.interfaces {
            let mine = s.members.filter { $0.interfaceID == i.interfaceID }
            let paid = Money.zero - mine.reduce(Money.zero) { $0 + $1.localPurchases }
            let received = mine.reduce(Money.zero) { $0 + $1.localSales }
            let local = mine.reduce(Money.zero) { $0 + $1.localMarket }
            let sold = mine.reduce(Int64(0)) { $0 + $1.localSoldMicroKWh }
            let bought = mine.reduce(Int64(0)) { $0 + $1.localBoughtMicroKWh }
            if paid != received + i.accounts.localFee || paid != i.localBuyersPaid || received != i.localSellersReceived
                || local != i.memberLocalMarket
            {
                out.append(LocalLedgerViolation(
                    id: ledgerCheckID, interfaceID: i.interfaceID,
                    detail: "buyers paid \(paid.exactDescription) ≠ sellers received \(received.exactDescription) + DSO local fee \(i.accounts.localFee.exactDescription) (interface line: paid \(i.localBuyersPaid.exactDescription), received \(i.localSellersReceived.exactDescription), members' local money \(i.memberLocalMarket.exactDescription) vs \(local.exactDescription))"))
            }
            if sold != bought || sold != i.localVolumeMicroKWh {
                out.append(LocalLedgerViolation(
                    id: ledgerCheckID, interfaceID: i.interfaceID,
                    detail: "local sales \(Units.formatKWh(sold)) kWh ≠ local purchases \(Units.formatKWh(bought)) kWh (interface volume \(Units.formatKWh(i.localVolumeMicroKWh)) kWh)"))
            }
            paidTotal += paid
            receivedTotal += received
            feeTotal += i.accounts.localFee
        }
        if paidTotal != receivedTotal + feeTotal || feeTotal != s.accounts.localFee {
            out.append(LocalLedgerViolation(
                id: ledgerCheckID, detail: "DSO totals: buyers paid \(paidTotal.exactDescription) ≠ sellers received \(receivedTotal.exactDescription) + local fee \(feeTotal.exactDescription)"))
        }
        for m in s.members {
            let lines = m.dayAhead + m.realTimeDeviation + m.scheduleSplitShare + m.distributionLMPEnergy + m.fee
            if m.net != lines + m.localSales + m.localPurchases {
                out.append(LocalLedgerViolation(
                    id: ledgerCheckID, interfaceID: m.interfaceID, memberID: m.memberID,
                    detail: "net \(m.net.exactDescription) ≠ ISO allocation and fee \(lines.exactDescription) + local sales \(m.localSales.exactDescription) + local purchases \(m.localPurchases.exactDescription)"))
            }
            if m.isoAllocatedMicroKWh != m.netMicroKWh - m.localSoldMicroKWh + m.localBoughtMicroKWh {
                out.append(LocalLedgerViolation(
                    id: quantityCheckID, interfaceID: m.interfaceID, memberID: m.memberID,
                    detail: "ISO-allocated \(Units.formatKWh(m.isoAllocatedMicroKWh)) kWh ≠ metered net \(Units.formatKWh(m.netMicroKWh)) − sold locally \(Units.formatKWh(m.localSoldMicroKWh)) + bought locally \(Units.formatKWh(m.localBoughtMicroKWh)) kWh"))
            }
        }
        return out
    }

    /// The two checks as the statement shows them (both PASS).
    static func passed(_ s: DSOSettlement) -> [CheckResult] {
        let paid = Money.zero - s.members.reduce(Money.zero) { $0 + $1.localPurchases }
        let received = s.members.reduce(Money.zero) { $0 + $1.localSales }
        let volume = s.interfaces.reduce(Int64(0)) { $0 + $1.localVolumeMicroKWh }
        let traders = s.members.filter { $0.localSoldMicroKWh != 0 || $0.localBoughtMicroKWh != 0 }.count
        return [
            CheckResult(
                id: ledgerCheckID, question: ledgerQuestion, status: .pass, energyMicroKWh: volume, amount: paid,
                detail: volume == 0 && paid == .zero && s.accounts.localFee == .zero
                    ? "no local trades: nothing to balance"
                    : "local buyers paid \(paid.exactDescription) = sellers received \(received.exactDescription) + DSO local fee \(s.accounts.localFee.exactDescription); \(Units.formatKWh(volume)) kWh sold = bought, over \(s.interfaces.count) interface(s), exact in µ$",
                rule: "§5.6"),
            CheckResult(
                id: quantityCheckID, question: quantityQuestion, status: .pass, energyMicroKWh: volume,
                detail: "for every member q' = q − sold locally + bought locally (\(traders) member(s) traded locally), and Σ q' = q^A in every interval at every interface",
                rule: "§5.6"),
        ]
    }
}

/// A named failure of `LEM-LEDGER-BALANCES` or `LEM-NO-KWH-PAID-TWICE`.
public struct LocalLedgerViolation: Error, Sendable, Hashable, CustomStringConvertible {
    public var id: String
    /// nil = the DSO total.
    public var interfaceID: String?
    public var memberID: String?
    /// Set when a per-interval identity failed.
    public var intervalStart: Instant?
    public var detail: String

    public init(id: String, interfaceID: String? = nil, memberID: String? = nil, intervalStart: Instant? = nil, detail: String) {
        self.id = id
        self.interfaceID = interfaceID
        self.memberID = memberID
        self.intervalStart = intervalStart
        self.detail = detail
    }

    public var description: String {
        let subject = [interfaceID, memberID].compactMap { $0 }.joined(separator: "/")
        return "\(id) VIOLATION [\(subject.isEmpty ? "DSO total" : subject)\(intervalStart.map { " @ \($0)" } ?? "")]: \(detail)"
    }
}
