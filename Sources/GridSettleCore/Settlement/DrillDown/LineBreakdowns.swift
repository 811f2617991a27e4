/// Takes a settled unit's statement lines apart into their intervals (docs/rules.md "Drill-down").
///
/// Nothing here is stored with a run: the figures are recomputed from the unit's settlement (the ledger, the
/// billed series, the charge codes settled again with their intervals recorded), which is exactly what made
/// the line. Each breakdown is checked against the line before it is returned — its quantities must add up
/// to the line's quantity and its amounts to the line's exact amount — so a line that is not the sum of the
/// intervals named is reported as not broken down rather than shown with figures that do not add up.
public struct LineBreakdowns: Sendable {
    public let result: SettlementResult
    public let dataset: Dataset
    /// The charge codes settled again with their intervals (CAISO units only).
    private let codes: [ChargeCodeResult]

    public init(result: SettlementResult, dataset: Dataset) {
        self.result = result
        self.dataset = dataset
        if dataset.config.market == .caiso {
            let caiso = CaisoShadowSettlement(pricingNode: dataset.config.resource.pricingNode, policies: dataset.config.policies)
            codes = caiso.settle(
                ledger: result.ledger, awards: dataset.awards, prices: dataset.prices, mileage: dataset.mileage,
                priceGrids: dataset.priceGrids, recordIntervals: true
            ).results
        } else {
            codes = []
        }
    }

    public func breakdown(of line: StatementLine) -> LineBreakdown {
        switch line.section {
        case .caiso:
            return chargeCode(line)
        case .retailAsMetered, .retailAdjusted:
            if line.rule == BillCalculator.touEnergyRule { return retailEnergy(line) }
            return Self.notASum(line)
        case .retailAdjustment:
            return adjustment(line)
        case .stationPower:
            if line.code == StationPower.retailLineCode { return stationPower(line) }
            return Self.notASum(line)
        case .demandResponse:
            if let e = result.demandResponse?.events.first(where: { DemandResponseLines.performanceCode($0) == line.code }) {
                return demandResponse(line, event: e)
            }
            return Self.notASum(line)
        default:
            return Self.notASum(line)
        }
    }

    // MARK: CAISO charge codes

    private func chargeCode(_ line: StatementLine) -> LineBreakdown {
        guard let code = codes.first(where: { $0.code == line.code }) else {
            return .none("\(line.code) was not settled again from this unit's data")
        }
        guard code.amount == line.amount, code.displayQuantityMicro == line.quantityMicro else {
            return .none("\(line.code) settled again is \(code.amount.exactDescription) $ for \(code.displayQuantityMicro) µ\(code.displayUnit), not the line's \(line.amount.exactDescription) $ for \(line.quantityMicro)")
        }
        // the code's exact unit per displayed µ-unit (``ChargeCodeResult/displayQuantityMicro``)
        let perDisplayUnit: Int128
        switch code.quantityUnit {
        case "nMW·s": perDisplayUnit = 3_600_000  // → µMWh
        case "µMW·s": perDisplayUnit = 3600  // → µMW-h
        default: perDisplayUnit = 1  // µMW of mileage
        }
        // in time order before the split, so that a µ-unit left over on a tie goes to the earliest interval
        let intervals = code.intervals.sorted { ($0.start, $0.seconds) < ($1.start, $1.seconds) }
        guard let quantities = ExactAllocation.split(total: line.quantityMicro, shares: intervals.map(\.quantity), denominator: perDisplayUnit),
            let amounts = ExactAllocation.split(total: line.amount.micros, shares: intervals.map(\.numerator), denominator: code.denominator)
        else { return .none("\(line.code): the intervals recorded do not add up to the line") }
        var out: [LineInterval] = []
        out.reserveCapacity(intervals.count)
        for (k, i) in intervals.enumerated() {
            out.append(LineInterval(start: i.start, seconds: i.seconds, quantityMicro: quantities[k], priceMicro: i.price, amount: Money(micros: amounts[k])))
        }
        return LineBreakdown(
            basis: .intervalPrices, intervals: out,
            explanation: "each interval's quantity at its own price (\(code.formula)); the exact per-interval amounts are rounded to µ$ so that they add up to the line",
            priceUnit: "$/\(line.unit)")
    }

    // MARK: station power

    /// Station power at retail (F3.4, F3.5): each interval's retail kWh, after any 15-minute self-supply netting,
    /// at the TOU energy rate in force at its start — the same settlement and rate the line was made from.
    private func stationPower(_ line: StatementLine) -> LineBreakdown {
        let c = dataset.config
        guard let spec = c.meter(role: .stationPower), let sp = result.vee.meters[spec.id] else {
            return .none("\(line.code): the unit has no station-power meter data to take apart")
        }
        let r = StationPower.settle(
            stationPower: sp, generation: c.meter(role: .onsiteGeneration).flatMap { result.vee.meters[$0.id] }, netting: c.policies.stationPowerNetting)
        let calc = BillCalculator(tariff: dataset.tariff, calendar: c.calendar)
        var picked: [(start: Instant, microKWh: Int64, rate: Int64)] = []
        for q in 0..<r.grid.count where r.retail[q] > 0 {
            let t = r.grid.startOf(q)
            picked.append((t, r.retail[q], calc.energyRate(at: t)))
        }
        // µkWh × µ$/kWh is 10⁻¹² $: a million of them to the µ$
        guard let amounts = ExactAllocation.split(
            total: line.amount.micros, shares: picked.map { Int128($0.microKWh) * Int128($0.rate) }, denominator: 1_000_000),
            picked.reduce(Int128(0), { $0 + Int128($1.microKWh) }) == Int128(line.quantityMicro)
        else { return .none("\(line.code): the station-power intervals do not add up to the line") }
        return LineBreakdown(
            basis: .intervalPrices,
            intervals: picked.enumerated().map { k, p in
                LineInterval(start: p.start, seconds: r.grid.seconds, quantityMicro: p.microKWh, priceMicro: p.rate, amount: Money(micros: amounts[k]))
            },
            explanation: "each interval's station power bought at retail (after self-supply netting when the policy nets it) at the TOU energy rate in force at its start; the exact per-interval amounts are rounded to µ$ so that they add up to the line",
            priceUnit: "$/kWh")
    }

    // MARK: demand response

    /// An event's performance payment, piece by piece as it was paid (``DemandResponsePiece``).
    private func demandResponse(_ line: StatementLine, event e: DemandResponseEventSettlement) -> LineBreakdown {
        guard let quantities = ExactAllocation.split(total: line.quantityMicro, shares: e.pieces.map(\.energy), denominator: 3600),
            let amounts = ExactAllocation.split(total: line.amount.micros, shares: e.pieces.map(\.money), denominator: 3_600_000_000_000)
        else { return .none("\(line.code): the event's pieces do not add up to the line") }
        return LineBreakdown(
            basis: .intervalPrices,
            intervals: e.pieces.enumerated().map { k, p in
                LineInterval(start: p.start, seconds: p.seconds, quantityMicro: quantities[k], priceMicro: p.priceMicro, amount: Money(micros: amounts[k]))
            },
            explanation: "each piece of the event (one baseline slot, one price interval, one storage interval): the slot's paid performance × its length, at the \(result.demandResponse?.program.priceRun.rawValue ?? "") LMP of its interval",
            priceUnit: "$/MWh")
    }

    // MARK: retail energy

    /// The billed import of each interval in `runs`: the interval's net import, or zero for an interval that
    /// exported, on the series the bill was computed from. Nil when a run is not on the series' grid or an
    /// interval is missing (a bill leaves it out of its runs, so the line is not what this would add up).
    static func billedImports(series: EnergySeries, runs: [IntervalRun]) -> (intervals: [(start: Instant, seconds: Int64, microKWh: Int64)], sum: Int64)? {
        var out: [(start: Instant, seconds: Int64, microKWh: Int64)] = []
        var sum: Int64 = 0
        for run in runs {
            guard run.seconds == series.grid.seconds, let first = series.grid.index(startingAt: run.start), first + run.count <= series.grid.count
            else { return nil }
            for i in first..<(first + run.count) {
                guard series.quality[i] != .missing else { return nil }
                let q = CycleDeterminants.billedImport(net: series.microKWh[i])
                let (s, o) = sum.addingReportingOverflow(q)
                guard !o else { return nil }
                sum = s
                out.append((series.grid.startOf(i), series.grid.seconds, q))
            }
        }
        return (out, sum)
    }

    private func retailEnergy(_ line: StatementLine) -> LineBreakdown {
        let series = line.section == .retailAsMetered ? result.unadjustedNetImport : result.adjustedNetImport
        guard let (intervals, sum) = Self.billedImports(series: series, runs: line.runs), sum == line.quantityMicro else {
            return .none("\(line.code): the period's energy is netted (net metering, hourly netting or generation) before it is billed, so no per-interval quantity adds up to it")
        }
        guard let amounts = Self.share(line.amount.micros, by: intervals.map(\.microKWh)) else {
            return .none("\(line.code): \(line.amount.exactDescription) $ on no billed energy cannot be shared among intervals")
        }
        return LineBreakdown(
            basis: .linePrice,
            intervals: intervals.enumerated().map { k, i in
                LineInterval(start: i.start, seconds: i.seconds, quantityMicro: i.microKWh, priceMicro: line.unitPriceMicro, amount: Money(micros: amounts[k]))
            },
            explanation: "each interval's billed import (net import, zero when it exported) at the line's rate; the line's amount is shared in proportion to the kWh so that it adds up exactly",
            priceUnit: "$/\(line.unit)")
    }

    /// `total` shared in proportion to `weights`; all zeros when both are zero.
    static func share(_ total: Int64, by weights: [Int64]) -> [Int64]? {
        if total == 0 && weights.allSatisfy({ $0 == 0 }) { return [Int64](repeating: 0, count: weights.count) }
        return ExactAllocation.split(total: total, weights: weights)
    }

    private func adjustment(_ line: StatementLine) -> LineBreakdown {
        guard line.code.hasPrefix(RetailBillLines.adjustmentPrefix) else { return Self.notASum(line) }
        let base = String(line.code.dropFirst(RetailBillLines.adjustmentPrefix.count))
        let adjusted = result.statement.lines.first { $0.section == .retailAdjusted && $0.code == base }
        let metered = result.statement.lines.first { $0.section == .retailAsMetered && $0.code == base }
        guard adjusted?.rule ?? metered?.rule == BillCalculator.touEnergyRule else { return Self.notASum(line) }
        var byStart: [Int64: (seconds: Int64, adjusted: Int64, metered: Int64)] = [:]
        for (l, isAdjusted) in [(adjusted, true), (metered, false)] {
            guard let l else { continue }
            let series = isAdjusted ? result.adjustedNetImport : result.unadjustedNetImport
            guard let (intervals, sum) = Self.billedImports(series: series, runs: l.runs), sum == l.quantityMicro else {
                return .none("\(line.code): the period's energy is netted before it is billed, so no per-interval quantity adds up to it")
            }
            for i in intervals {
                var e = byStart[i.start.secondsSinceEpoch] ?? (i.seconds, 0, 0)
                if isAdjusted { e.adjusted = i.microKWh } else { e.metered = i.microKWh }
                byStart[i.start.secondsSinceEpoch] = e
            }
        }
        let changed = byStart.filter { $0.value.adjusted != $0.value.metered }.sorted { $0.key < $1.key }
        let dq = changed.map { $0.value.adjusted - $0.value.metered }
        guard dq.reduce(Int128(0), { $0 + Int128($1) }) == Int128(line.quantityMicro), let amounts = Self.share(line.amount.micros, by: dq) else {
            return .none("\(line.code): the intervals' billed kWh do not add up to the adjustment")
        }
        return LineBreakdown(
            basis: .adjustment,
            intervals: changed.enumerated().map { k, e in
                LineInterval(start: Instant(secondsSinceEpoch: e.key), seconds: e.value.seconds, quantityMicro: dq[k], priceMicro: line.unitPriceMicro, amount: Money(micros: amounts[k]))
            },
            explanation: "each interval's billed import adjusted minus as metered (the intervals where they differ); the line, a difference of two lines rounded to cents, is shared in proportion to the kWh",
            priceUnit: "$/\(line.unit)")
    }

    // MARK: lines that are not a sum over intervals

    static func notASum(_ line: StatementLine) -> LineBreakdown {
        if line.intervalCount == 0 { return .none("\(line.code) comes from no intervals (rule \(line.rule))") }
        if line.unit == "kW" {
            return .none("\(line.code) is priced on a peak demand (the highest window, its lineage), not on a sum of intervals")
        }
        if line.rule == BillCalculator.tieredEnergyRule {
            return .none("\(line.code) is a tier of the period's total energy: the tier applies to the total, not to intervals (the period's intervals are its lineage)")
        }
        return .none("\(line.code) is not taken apart into intervals by this version (rule \(line.rule)); its lineage lists the intervals it comes from")
    }
}
