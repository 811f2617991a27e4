/// The interval data a DSO settlement needs, columnar on one settlement grid (the RT interval: 5, 15 or
/// 60 minutes). Every column has exactly `grid.count` values; nothing is per-interval objects, so a month
/// of 5-minute data for thousands of members is a handful of contiguous arrays.
public struct DSOSettlementInput: Sendable, Hashable {
    public var grid: IntervalGrid
    /// One per member of the aggregation (any order; matched by id).
    public var members: [DSOMemberSeries]
    /// One per interface of the DSO (any order; matched by id).
    public var interfaces: [DSOInterfaceSeries]

    public init(grid: IntervalGrid, members: [DSOMemberSeries], interfaces: [DSOInterfaceSeries]) {
        self.grid = grid
        self.members = members
        self.interfaces = interfaces
    }

    /// Repeats the values of a coarser column (e.g. hourly DA schedules or DA LMPs) over the finer
    /// intervals of `grid`, so that `q^DA_h` is "spread evenly over the RT intervals of that hour" (F0.2).
    /// Nil unless `coarse` covers `grid` exactly with intervals that are whole multiples of the fine ones.
    public static func repeatValues(
        _ values: ContiguousArray<Int64>, from coarse: IntervalGrid, onto grid: IntervalGrid
    ) -> ContiguousArray<Int64>? {
        guard values.count == coarse.count, coarse.seconds % grid.seconds == 0, coarse.start == grid.start,
            coarse.end == grid.end
        else { return nil }
        let factor = Int(coarse.seconds / grid.seconds)
        var out = ContiguousArray<Int64>()
        out.reserveCapacity(grid.count)
        for v in values { for _ in 0..<factor { out.append(v) } }
        return out
    }
}

/// One member's columns on the settlement grid.
public struct DSOMemberSeries: Sendable, Hashable {
    public var memberID: String
    /// `rec_i,t`: energy received by the grid from the member (injection), µkWh ≥ 0.
    public var receivedMicroKWh: ContiguousArray<Int64>
    /// `del_i,t`: energy delivered by the grid to the member (withdrawal), µkWh ≥ 0.
    public var deliveredMicroKWh: ContiguousArray<Int64>
    /// `q^DA_i`: the member's share of the DA schedule as average µMW over each interval (positive =
    /// injection); nil = no DA schedule. Used by F5.4 (pass-through and fee methods); the DLMP method pays
    /// metered energy only and does not read it.
    public var daScheduleMicroMW: ContiguousArray<Int64>?
    /// The member's distribution LMP per interval, µ$/MWh; required by ``DSOAllocationMethod/distributionLMP``.
    public var dlmpMicroPrice: ContiguousArray<Int64>?
    /// The member's local-market position per interval (what it sold to and bought from other members of its
    /// interface, and the money of those trades); nil = no local trades. The locally traded kWh are taken out
    /// of the quantity the ISO allocation pays (docs/dso.md "The local market in the settlement").
    public var localMarket: DSOLocalPositionSeries?

    public init(
        memberID: String, receivedMicroKWh: ContiguousArray<Int64>, deliveredMicroKWh: ContiguousArray<Int64>,
        daScheduleMicroMW: ContiguousArray<Int64>? = nil, dlmpMicroPrice: ContiguousArray<Int64>? = nil,
        localMarket: DSOLocalPositionSeries? = nil
    ) {
        self.memberID = memberID
        self.receivedMicroKWh = receivedMicroKWh
        self.deliveredMicroKWh = deliveredMicroKWh
        self.daScheduleMicroMW = daScheduleMicroMW
        self.dlmpMicroPrice = dlmpMicroPrice
        self.localMarket = localMarket
    }
}

/// One member's local-market position on the settlement grid: the trades it cleared with other members of
/// its interface (``LocalTrade``), summed per interval. Built from the clearings by ``LocalMarketLedger``.
///
/// Only **local** trades belong here. What an order cleared against the ISO (``LocalMarketClearing/isoTrades``)
/// is not a position: that energy flows through the member's meter and the interface, and F5.2/F5.4/F5.6
/// settle it from the meter like any other energy.
public struct DSOLocalPositionSeries: Sendable, Hashable {
    /// µkWh the member sold to other members, ≥ 0.
    public var soldMicroKWh: ContiguousArray<Int64>
    /// µkWh the member bought from other members, ≥ 0.
    public var boughtMicroKWh: ContiguousArray<Int64>
    /// µ$ the member received as a seller (Σ ``LocalTrade/sellerReceives``); enters its net with a plus sign.
    public var receivedMicroDollars: ContiguousArray<Int64>
    /// µ$ the member paid as a buyer (Σ ``LocalTrade/buyerPays``), written as a positive amount; enters its net
    /// with a minus sign.
    public var paidMicroDollars: ContiguousArray<Int64>

    public init(
        soldMicroKWh: ContiguousArray<Int64>, boughtMicroKWh: ContiguousArray<Int64>,
        receivedMicroDollars: ContiguousArray<Int64>, paidMicroDollars: ContiguousArray<Int64>
    ) {
        self.soldMicroKWh = soldMicroKWh
        self.boughtMicroKWh = boughtMicroKWh
        self.receivedMicroDollars = receivedMicroDollars
        self.paidMicroDollars = paidMicroDollars
    }

    /// All four columns zero, `count` long.
    public static func zero(count: Int) -> DSOLocalPositionSeries {
        let z = ContiguousArray<Int64>(repeating: 0, count: count)
        return DSOLocalPositionSeries(soldMicroKWh: z, boughtMicroKWh: z, receivedMicroDollars: z, paidMicroDollars: z)
    }
}

/// One interface's ISO position and prices on the settlement grid.
public struct DSOInterfaceSeries: Sendable, Hashable {
    public var interfaceID: String
    /// `q^A,DA`: the ISO's DA schedule for the DSO at this interface, average µMW per interval (positive =
    /// injection); nil = no DA position.
    public var daScheduleMicroMW: ContiguousArray<Int64>?
    /// `λ^DA` per interval (the DA hour's price repeated over its RT intervals), µ$/MWh. Required when
    /// there is a DA schedule at the interface or, under F5.4, for any of its members.
    public var daMicroPrice: ContiguousArray<Int64>?
    /// `λ^RT` per interval, µ$/MWh.
    public var rtMicroPrice: ContiguousArray<Int64>
    /// The DSO's local-market fee per interval, µ$ (Σ ``LocalTrade/fee`` of the interface's local trades); nil =
    /// none. Goes to the DSO's ``DSOAccounts/localFee`` account.
    public var localFeeMicroDollars: ContiguousArray<Int64>?

    public init(
        interfaceID: String, daScheduleMicroMW: ContiguousArray<Int64>? = nil, daMicroPrice: ContiguousArray<Int64>? = nil,
        rtMicroPrice: ContiguousArray<Int64>, localFeeMicroDollars: ContiguousArray<Int64>? = nil
    ) {
        self.interfaceID = interfaceID
        self.daScheduleMicroMW = daScheduleMicroMW
        self.daMicroPrice = daMicroPrice
        self.rtMicroPrice = rtMicroPrice
        self.localFeeMicroDollars = localFeeMicroDollars
    }
}

extension DSOSettlementInput {
    /// Every problem with this input for settling `aggregation` under its DSO's allocation policy.
    public func problems(for aggregation: DERAggregation) -> [DSOProblem] {
        var out: [DSOProblem] = []
        let n = grid.count
        let policy = aggregation.dso.allocation
        if !IntervalGrid.supportedSeconds.contains(grid.seconds) {
            out.append(DSOProblem(.gridInterval, subject: aggregation.dso.id, expected: "interval of 1, 5, 15, 30 or 60 minutes",
                                  found: "\(grid.seconds) s"))
        }
        if policy.feeMicroDollarsPerMWh < 0 {
            out.append(DSOProblem(.feeNegative, subject: aggregation.dso.id, expected: "fee ≥ 0 µ$/MWh",
                                  found: String(policy.feeMicroDollarsPerMWh)))
        }
        if policy.feeMicroDollarsPerMWh != 0 && policy.method != .feeOnGrossFlows {
            out.append(DSOProblem(.feeWithoutFeeMethod, subject: aggregation.dso.id,
                                  expected: "method feeOnGrossFlows when a fee is set (or fee 0)",
                                  found: "fee \(policy.feeMicroDollarsPerMWh) µ$/MWh with method \(policy.method.rawValue)"))
        }
        /// How many values of `c` are negative and the first one's index; nil when none is.
        func negatives(_ c: ContiguousArray<Int64>) -> (count: Int, first: Int)? {
            var count = 0
            var first = -1
            for t in 0..<c.count where c[t] < 0 {
                count += 1
                if first < 0 { first = t }
            }
            return count > 0 ? (count, first) : nil
        }
        func length(_ c: ContiguousArray<Int64>?, _ subject: String, _ name: String) -> Bool {
            guard let c else { return true }
            if c.count != n {
                out.append(DSOProblem(.columnLength, subject: subject, expected: "\(n) values of \(name)", found: "\(c.count)"))
                return false
            }
            return true
        }
        // members
        let known = Set(aggregation.members.map(\.id))
        var seen = Set<String>()
        var byID: [String: DSOMemberSeries] = [:]
        for s in members {
            if !seen.insert(s.memberID).inserted {
                out.append(DSOProblem(.memberSeriesDuplicate, subject: s.memberID, expected: "one series per member", found: "two or more"))
                continue
            }
            if !known.contains(s.memberID) {
                out.append(DSOProblem(.memberSeriesUnknown, subject: s.memberID, expected: "a member of \(aggregation.dso.id)",
                                      found: "no such member"))
                continue
            }
            byID[s.memberID] = s
        }
        let usesMemberSchedules = policy.method != .distributionLMP
        var interfaceNeedsDAPrice = [Bool](repeating: false, count: aggregation.dso.interfaces.count)
        for (k, m) in aggregation.members.enumerated() {
            guard let s = byID[m.id] else {
                out.append(DSOProblem(.memberSeriesMissing, subject: m.id, expected: "metered channels rec/del", found: "none"))
                continue
            }
            for (name, c) in [("received", s.receivedMicroKWh), ("delivered", s.deliveredMicroKWh)] where length(c, m.id, name) {
                if let n = negatives(c) {
                    out.append(DSOProblem(.channelNegative, subject: m.id, expected: "\(name) ≥ 0 µkWh in every interval",
                                          found: "\(n.count) negative, first at \(grid.startOf(n.first))"))
                }
            }
            _ = length(s.daScheduleMicroMW, m.id, "DA schedule µMW")
            if usesMemberSchedules && s.daScheduleMicroMW != nil { interfaceNeedsDAPrice[aggregation.interfaceIndex[k]] = true }
            if let l = s.localMarket {
                let quantities = [("local sold", l.soldMicroKWh), ("local bought", l.boughtMicroKWh)]
                for (name, c) in quantities where length(c, m.id, "\(name) µkWh") {
                    if let n = negatives(c) {
                        out.append(DSOProblem(.localPositionNegative, subject: m.id, expected: "\(name) ≥ 0 µkWh in every interval",
                                              found: "\(n.count) negative, first at \(grid.startOf(n.first))"))
                    }
                }
                _ = length(l.receivedMicroDollars, m.id, "local received µ$")
                _ = length(l.paidMicroDollars, m.id, "local paid µ$")
            }
            if policy.method == .distributionLMP {
                if s.dlmpMicroPrice == nil {
                    out.append(DSOProblem(.dlmpMissing, subject: m.id, expected: "a DLMP column (method distributionLMP)", found: "none"))
                } else {
                    _ = length(s.dlmpMicroPrice, m.id, "DLMP µ$/MWh")
                }
            }
        }
        // interfaces
        var ifSeen = Set<String>()
        var ifByID: [String: DSOInterfaceSeries] = [:]
        let ifKnown = Set(aggregation.dso.interfaces.map(\.id))
        for s in interfaces {
            if !ifSeen.insert(s.interfaceID).inserted {
                out.append(DSOProblem(.interfaceSeriesDuplicate, subject: s.interfaceID, expected: "one series per interface",
                                      found: "two or more"))
                continue
            }
            if !ifKnown.contains(s.interfaceID) {
                out.append(DSOProblem(.interfaceSeriesUnknown, subject: s.interfaceID, expected: "an interface of \(aggregation.dso.id)",
                                      found: "no such interface"))
                continue
            }
            ifByID[s.interfaceID] = s
        }
        for (k, i) in aggregation.dso.interfaces.enumerated() {
            guard let s = ifByID[i.id] else {
                out.append(DSOProblem(.interfaceSeriesMissing, subject: i.id, expected: "RT prices (and DA position)", found: "none"))
                continue
            }
            _ = length(s.rtMicroPrice, i.id, "RT LMP µ$/MWh")
            let scheduleOK = length(s.daScheduleMicroMW, i.id, "DA schedule µMW")
            _ = length(s.daMicroPrice, i.id, "DA LMP µ$/MWh")
            let localFeeOK = length(s.localFeeMicroDollars, i.id, "local fee µ$")
            if s.daMicroPrice == nil && (s.daScheduleMicroMW != nil || interfaceNeedsDAPrice[k]) {
                out.append(DSOProblem(.priceMissing, subject: i.id, expected: "DA LMPs (there is a DA schedule)", found: "none"))
            }
            // F5.4 enforced: Σ member DA schedules = interface DA schedule
            if policy.method != .distributionLMP && policy.scheduleSplitResidual == .requireMatchingSchedules && scheduleOK {
                let mine = aggregation.members.indices.filter { aggregation.interfaceIndex[$0] == k }
                    .compactMap { byID[aggregation.members[$0].id]?.daScheduleMicroMW }.filter { $0.count == n }
                var mismatched = 0
                var first = -1
                for t in 0..<n {
                    var sum: Int64 = 0
                    for c in mine { sum += c[t] }
                    if sum != (s.daScheduleMicroMW?[t] ?? 0) {
                        mismatched += 1
                        if first < 0 { first = t }
                    }
                }
                if mismatched > 0 {
                    out.append(DSOProblem(.scheduleSplit, subject: i.id,
                                          expected: "Σ member DA schedules = interface DA schedule (requireMatchingSchedules)",
                                          found: "\(mismatched) interval(s) differ, first at \(grid.startOf(first))"))
                }
            }
            // the local market's ledger, per interval: every kWh sold locally was bought locally at this
            // interface (so Σ q' = Σ q and F5.2 is untouched), and buyers paid exactly what sellers received plus
            // the DSO's local fee
            let local = aggregation.members.indices.filter { aggregation.interfaceIndex[$0] == k }
                .compactMap { byID[aggregation.members[$0].id]?.localMarket }
            if (!local.isEmpty || s.localFeeMicroDollars != nil) && localFeeOK {
                let complete = local.allSatisfy {
                    $0.soldMicroKWh.count == n && $0.boughtMicroKWh.count == n && $0.receivedMicroDollars.count == n
                        && $0.paidMicroDollars.count == n
                }
                if complete {
                    var energyBad = 0, energyFirst = -1, moneyBad = 0, moneyFirst = -1
                    for t in 0..<n {
                        var sold: Int64 = 0, bought: Int64 = 0, received: Int64 = 0, paid: Int64 = 0
                        for l in local {
                            sold += l.soldMicroKWh[t]
                            bought += l.boughtMicroKWh[t]
                            received += l.receivedMicroDollars[t]
                            paid += l.paidMicroDollars[t]
                        }
                        if sold != bought {
                            energyBad += 1
                            if energyFirst < 0 { energyFirst = t }
                        }
                        if paid != received + (s.localFeeMicroDollars?[t] ?? 0) {
                            moneyBad += 1
                            if moneyFirst < 0 { moneyFirst = t }
                        }
                    }
                    if energyBad > 0 {
                        out.append(DSOProblem(.localEnergyUnbalanced, subject: i.id,
                                              expected: "Σ member local sales = Σ member local purchases (µkWh) in every interval",
                                              found: "\(energyBad) interval(s) differ, first at \(grid.startOf(energyFirst))"))
                    }
                    if moneyBad > 0 {
                        out.append(DSOProblem(.localMoneyUnbalanced, subject: i.id,
                                              expected: "Σ local buyer payments = Σ local seller receipts + DSO local fee (µ$) in every interval",
                                              found: "\(moneyBad) interval(s) differ, first at \(grid.startOf(moneyFirst))"))
                    }
                }
            }
        }
        return out
    }
}
