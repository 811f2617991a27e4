/// Settles a DSO with the ISO at each interface (F5.2) and allocates that settlement back to its members by
/// the DSO's named method (F5.4 nodal pass-through, F5.5 fee on gross flows, F5.6 distribution LMP), with
/// explicit DSO fee and residual accounts and the revenue-adequacy check F5.3 on every run.
///
/// With a local market (``DSOMemberSeries/localMarket``), the quantity the ISO allocation pays a member is
/// `q' = q − soldLocally + boughtLocally` (the local kWh are paid by the counterparty), the local money goes on
/// the member's statement as its own lines, and the local fee to the DSO's ``DSOAccounts/localFee``; the checks
/// `LEM-LEDGER-BALANCES` and `LEM-NO-KWH-PAID-TWICE` run on every settlement (``LocalMarketLedger``).
///
/// All amounts are exact integers (`nMW·s × µ$/MWh`, ``DSOQuantities``) accumulated per member over the
/// period and rounded **once** per statement line at the end; the rounding left over is booked to the
/// DSO's rounding account. Per interval the engine works on the columns in place: per interface it
/// allocates two scratch arrays (one slot per member) and reuses them for every interval.
public enum DSOSettlementEngine {
    /// Settles `input` for `aggregation` under `aggregation.dso.allocation`.
    /// - Throws: ``DSOSettlementError/invalid(_:)`` with every input problem,
    ///   ``DSOSettlementError/revenueAdequacy(_:)`` if F5.3 fails, or ``DSOSettlementError/localLedger(_:)`` if
    ///   the local ledger does not balance on the finished lines (both engine bugs).
    public static func settle(_ aggregation: DERAggregation, input: DSOSettlementInput) throws -> DSOSettlement {
        let problems = input.problems(for: aggregation)
        guard problems.isEmpty else { throw DSOSettlementError.invalid(DSOValidationError(problems: problems)) }

        let dso = aggregation.dso
        let policy = dso.allocation
        let grid = input.grid
        let n = grid.count
        let seconds = grid.seconds
        let memberCount = aggregation.members.count
        var seriesByID: [String: DSOMemberSeries] = [:]
        for s in input.members { seriesByID[s.memberID] = s }
        let series = aggregation.members.map { seriesByID[$0.id]! }
        var interfaceByID: [String: DSOInterfaceSeries] = [:]
        for s in input.interfaces { interfaceByID[s.interfaceID] = s }

        let net = InterfaceNetInjection(
            grid: grid, interfaceIDs: dso.interfaces.map(\.id), memberInterface: aggregation.interfaceIndex,
            received: series.map(\.receivedMicroKWh), delivered: series.map(\.deliveredMicroKWh))

        var exact = [MemberExact](repeating: MemberExact(), count: memberCount)
        var interfaceResults: [DSOInterfaceResult] = []
        var violations: [RevenueAdequacyViolation] = []
        var ledgerViolations: [LocalLedgerViolation] = []
        let passThrough = policy.method != .distributionLMP
        let fee = policy.method == .feeOnGrossFlows ? Int128(policy.feeMicroDollarsPerMWh) : 0

        for (k, interface) in dso.interfaces.enumerated() {
            let ifs = interfaceByID[interface.id]!
            let mine = (0..<memberCount).filter { aggregation.interfaceIndex[$0] == k }
            // the members' columns, hoisted so the interval loop indexes arrays instead of copying structs
            let recCols = mine.map { series[$0].receivedMicroKWh }
            let delCols = mine.map { series[$0].deliveredMicroKWh }
            let daCols = mine.map { series[$0].daScheduleMicroMW }
            let dlmpCols = mine.map { series[$0].dlmpMicroPrice }
            let soldCols = mine.map { series[$0].localMarket?.soldMicroKWh }
            let boughtCols = mine.map { series[$0].localMarket?.boughtMicroKWh }
            let receivedCols = mine.map { series[$0].localMarket?.receivedMicroDollars }
            let paidCols = mine.map { series[$0].localMarket?.paidMicroDollars }
            let hasLocal = mine.contains { series[$0].localMarket != nil }
            var weights = [Int128](repeating: 0, count: mine.count)
            var parts = [Int128](repeating: 0, count: mine.count)
            var isoDA: Int128 = 0
            var isoRT: Int128 = 0
            var splitBooked: Int128 = 0
            var distributionResidual: Int128 = 0
            var bookedIntervals = 0
            var daNanoTotal: Int128 = 0
            var feeExact: Int128 = 0
            var firstBad: (t: Int, iso: Int128, allocated: Int128)? = nil
            var firstQuantityBad: (t: Int, allocated: Int64, metered: Int64)? = nil
            var localFee: Int64 = 0

            for t in 0..<n {
                let lambdaDA = Int128(ifs.daMicroPrice?[t] ?? 0)
                let lambdaRT = Int128(ifs.rtMicroPrice[t])
                let qA = DSOQuantities.nanoMWSeconds(microKWh: net.value(interface: k, interval: t))
                let qADA = DSOQuantities.nanoMWSeconds(microMW: ifs.daScheduleMicroMW?[t] ?? 0, seconds: seconds)
                daNanoTotal += qADA
                let isoDAt = qADA * lambdaDA
                let isoRTt = (qA - qADA) * lambdaRT
                isoDA += isoDAt
                isoRT += isoRTt
                let isoT = isoDAt + isoRTt
                // Σ member amounts + DSO accounts for this interval, built independently of isoT where possible
                var allocatedT: Int128 = 0
                // Σ q'_i,t (µkWh): the local trades move kWh between members of this interface, never out of it
                var allocatedQuantityT: Int64 = 0
                if hasLocal {
                    for (j, i) in mine.enumerated() where soldCols[j] != nil {
                        exact[i].localSold += soldCols[j]![t]
                        exact[i].localBought += boughtCols[j]![t]
                        exact[i].localReceived += receivedCols[j]![t]
                        exact[i].localPaid += paidCols[j]![t]
                    }
                }
                localFee += ifs.localFeeMicroDollars?[t] ?? 0
                /// Member `j`'s (index `i`) quantity for the ISO allocation in this interval, booked to its total and
                /// the interval's: q' = q − sold locally + bought locally (the local kWh are paid by the counterparty).
                func isoAllocated(_ j: Int, _ i: Int) -> Int64 {
                    let q = recCols[j][t] - delCols[j][t] - (soldCols[j]?[t] ?? 0) + (boughtCols[j]?[t] ?? 0)
                    exact[i].isoAllocated += q
                    allocatedQuantityT += q
                    return q
                }

                if passThrough {
                    var payT: Int128 = 0
                    for (j, i) in mine.enumerated() {
                        let rec = recCols[j][t]
                        let del = delCols[j][t]
                        let q = DSOQuantities.nanoMWSeconds(microKWh: isoAllocated(j, i))
                        let qDA = DSOQuantities.nanoMWSeconds(microMW: daCols[j]?[t] ?? 0, seconds: seconds)
                        let da = qDA * lambdaDA
                        let rt = (q - qDA) * lambdaRT
                        exact[i].dayAhead += da
                        exact[i].realTime += rt
                        exact[i].daNano += qDA
                        payT += da + rt
                        weights[j] = Int128((q - qDA).magnitude)
                        if fee != 0 {
                            let basis = policy.feeBasis == .grossChannels ? rec + del : (rec - del).magnitude.int64
                            exact[i].feeBasis += basis
                            let f = DSOQuantities.nanoMWSeconds(microKWh: basis) * fee
                            exact[i].fee -= f
                            feeExact += f
                            // member −f, DSO +f: the fee moves money inside the DSO and nets to zero here
                        }
                    }
                    allocatedT = payT
                    let residual = isoT - payT  // = (q^A,DA − Σ q^DA_i)(λ^DA − λ^RT)
                    if residual != 0 {
                        var shared = false
                        if policy.scheduleSplitResidual == .proRataToAbsoluteDeviation {
                            shared = Apportion.runningTotal(residual, weights: weights[...], into: &parts[...])
                            if shared {
                                for (j, i) in mine.enumerated() {
                                    exact[i].split += parts[j]
                                    allocatedT += parts[j]
                                }
                            }
                        }
                        if !shared {
                            splitBooked += residual
                            allocatedT += residual
                            bookedIntervals += 1
                        }
                    }
                } else {
                    var payT: Int128 = 0
                    for (j, i) in mine.enumerated() {
                        let q = DSOQuantities.nanoMWSeconds(microKWh: isoAllocated(j, i))
                        let pay = q * Int128(dlmpCols[j]![t])
                        exact[i].dlmp += pay
                        payT += pay
                    }
                    let residual = isoT - payT
                    distributionResidual += residual
                    allocatedT = payT + residual
                }
                if allocatedT != isoT && firstBad == nil { firstBad = (t, isoT, allocatedT) }
                let meteredT = net.value(interface: k, interval: t)
                if allocatedQuantityT != meteredT && firstQuantityBad == nil { firstQuantityBad = (t, allocatedQuantityT, meteredT) }
            }

            // lines: each rounded once from its exact period amount
            let r = policy.lineRounding
            var memberAllocated = Money.zero
            var feeCollected = Money.zero
            var exactMembers: Int128 = 0
            var localPaid: Int64 = 0
            var localReceived: Int64 = 0
            var localVolume: Int64 = 0
            for i in mine { exactMembers += exact[i].total }
            for i in mine {
                let line = exact[i].lines(r)
                memberAllocated += line.net
                feeCollected = feeCollected - line.fee
                localPaid += exact[i].localPaid
                localReceived += exact[i].localReceived
                localVolume += exact[i].localSold
            }
            let memberLocal = Money(micros: localReceived - localPaid)
            var accounts = DSOAccounts()
            accounts.fee = feeCollected
            accounts.localFee = Money(micros: localFee)
            accounts.scheduleSplitResidual = r.line(splitBooked)
            accounts.distributionResidual = r.line(distributionResidual)
            let isoDALine = r.line(isoDA)
            let isoRTLine = r.line(isoRT)
            let isoTotal = isoDALine + isoRTLine
            accounts.rounding = isoTotal - memberAllocated - accounts.fee - accounts.scheduleSplitResidual - accounts.distributionResidual
            interfaceResults.append(DSOInterfaceResult(
                interfaceID: interface.id, pricingNode: interface.pricingNode, subLAP: interface.subLAP,
                memberIDs: mine.map { aggregation.members[$0].id }, netInjectionMicroKWh: net.total(interface: k),
                daScheduleMicroKWh: DSOQuantities.displayMicroKWh(nanoMWSeconds: daNanoTotal), isoDayAhead: isoDALine,
                isoRealTime: isoRTLine, isoTotal: isoTotal, memberTotal: memberAllocated + memberLocal, memberLocalMarket: memberLocal,
                localVolumeMicroKWh: localVolume, localBuyersPaid: Money(micros: localPaid),
                localSellersReceived: Money(micros: localReceived), accounts: accounts,
                scheduleSplitBookedIntervals: bookedIntervals))

            // LEM-NO-KWH-PAID-TWICE, per interval: Σ q' = q^A (the local trades stay inside the interface)
            if let bad = firstQuantityBad {
                ledgerViolations.append(LocalLedgerViolation(
                    id: LocalMarketLedger.quantityCheckID, interfaceID: interface.id, intervalStart: grid.startOf(bad.t),
                    detail: "Σ ISO-allocated quantities \(Units.formatKWh(bad.allocated)) kWh ≠ interface net injection \(Units.formatKWh(bad.metered)) kWh"))
            }

            // F5.3, exact: per interval (first failure reported) and over the period
            if let bad = firstBad {
                violations.append(RevenueAdequacyViolation(
                    interfaceID: interface.id, intervalStart: grid.startOf(bad.t), isoToA: r.line(bad.iso),
                    allocated: r.line(bad.allocated),
                    detail: "exact amounts differ by \(bad.iso - bad.allocated) / 3.6e12 µ$ in this interval"))
            }
            if exactMembers + feeExact + splitBooked + distributionResidual != isoDA + isoRT {
                violations.append(RevenueAdequacyViolation(
                    interfaceID: interface.id, intervalStart: nil, isoToA: isoTotal, allocated: memberAllocated + accounts.fee + accounts.residual,
                    detail: "exact period amounts differ by \(isoDA + isoRT - exactMembers - feeExact - splitBooked - distributionResidual) / 3.6e12 µ$"))
            }
            // F5.3, rounding bound: at most half a line unit per rounded line (2 ISO lines, 5 per member, 2 DSO)
            let roundedLines = Int64(2 + 5 * mine.count + 2)
            if accounts.rounding.micros.magnitude * 2 > UInt64(roundedLines * r.microDollars) {
                violations.append(RevenueAdequacyViolation(
                    interfaceID: interface.id, intervalStart: nil, isoToA: isoTotal, allocated: isoTotal - accounts.rounding,
                    detail: "rounding account \(accounts.rounding.exactDescription) exceeds half a line unit on each of \(roundedLines) lines"))
            }
        }

        let r = policy.lineRounding
        var settlement = DSOSettlement(
            dsoID: dso.id, grid: grid, policy: policy,
            members: aggregation.members.indices.map { i in
                let m = aggregation.members[i]
                let line = exact[i].lines(r)
                let s = series[i]
                let rec = s.receivedMicroKWh.reduce(0, +)
                let del = s.deliveredMicroKWh.reduce(0, +)
                let sales = Money(micros: exact[i].localReceived)
                let purchases = Money(micros: -exact[i].localPaid)
                return DSOMemberLine(
                    memberID: m.id, interfaceID: m.interface, receivedMicroKWh: rec, deliveredMicroKWh: del,
                    netMicroKWh: rec - del,
                    daScheduleMicroKWh: passThrough ? DSOQuantities.displayMicroKWh(nanoMWSeconds: exact[i].daNano) : 0,
                    feeBasisMicroKWh: exact[i].feeBasis, dayAhead: line.dayAhead, realTimeDeviation: line.realTime,
                    scheduleSplitShare: line.split, distributionLMPEnergy: line.dlmp, fee: line.fee,
                    localSoldMicroKWh: exact[i].localSold, localBoughtMicroKWh: exact[i].localBought,
                    isoAllocatedMicroKWh: exact[i].isoAllocated, localSales: sales, localPurchases: purchases,
                    net: line.net + sales + purchases)
            },
            interfaces: interfaceResults, netInjection: net,
            revenueAdequacy: CheckResult(id: RevenueAdequacy.checkID, question: RevenueAdequacy.question, status: .notApplicable,
                                         detail: "", rule: "F5.3"),
            localMarketChecks: [])
        violations += RevenueAdequacy.verify(settlement)
        guard violations.isEmpty else { throw DSOSettlementError.revenueAdequacy(violations) }
        ledgerViolations += LocalMarketLedger.verify(settlement)
        guard ledgerViolations.isEmpty else { throw DSOSettlementError.localLedger(ledgerViolations) }
        settlement.revenueAdequacy = RevenueAdequacy.passed(settlement)
        settlement.localMarketChecks = LocalMarketLedger.passed(settlement)
        return settlement
    }
}

/// A member's exact period amounts (unit 1/``DSOQuantities/amountDenominator`` µ$).
struct MemberExact {
    var dayAhead: Int128 = 0
    var realTime: Int128 = 0
    var split: Int128 = 0
    var dlmp: Int128 = 0
    var fee: Int128 = 0
    var daNano: Int128 = 0
    var feeBasis: Int64 = 0
    /// Σ q' µkWh, and the local-market position and money (µ$, exact: already rounded per trade).
    var isoAllocated: Int64 = 0
    var localSold: Int64 = 0
    var localBought: Int64 = 0
    var localReceived: Int64 = 0
    var localPaid: Int64 = 0

    /// The ISO allocation and the F5.5 fee (F5.3's `Pay_i`); the local money is not in it.
    var total: Int128 { dayAhead + realTime + split + dlmp + fee }

    /// The five component lines, each rounded once, and their sum.
    func lines(_ r: DSOLineRounding) -> (dayAhead: Money, realTime: Money, split: Money, dlmp: Money, fee: Money, net: Money) {
        let da = r.line(dayAhead)
        let rt = r.line(realTime)
        let sp = r.line(split)
        let dl = r.line(dlmp)
        let fe = r.line(fee)
        return (da, rt, sp, dl, fe, da + rt + sp + dl + fe)
    }
}

extension UInt64 {
    @inline(__always) fileprivate var int64: Int64 { Int64(self) }
}
