import GridSettleCore

/// Everything the report's charts are drawn from, taken out of a ``SettlementResult`` once: the master meter's
/// billed net import with and without the adjustment, the storage ledger's net power, award, idle and quality
/// columns with the add-back and back-out, the bill components, and the names and policies that label them.
///
/// A stored run keeps these (``ReportFiguresCoding``, schema v8 `run_figures`), so the run page draws the same
/// charts the report drew, from data: the settlement result itself is not kept, and reading the charts back out
/// of a rendered page is not a store.
public struct ReportFigures: Sendable, Hashable {
    public var period: SettlementPeriod
    public var zone: MarketTimeZone
    public var masterMeterID: String
    public var storageMeterID: String
    /// The retail adjustment is `symmetric` (F3.11): charging in award periods is backed out too.
    public var symmetricAdjustment: Bool
    public var addBackDemand: Bool
    /// Billed net import at the master meter as metered (µkWh per interval).
    public var unadjusted: Series
    /// Billed net import after the dual-use adjustment.
    public var adjusted: Series
    public var storage: Storage
    /// The bill components in bill order, the last one the total (``BillComparisonChart``).
    public var bill: [BillComponent]
    /// Billing months the bills cover (components are summed by code over them).
    public var billMonths: Int
    /// The statement's revenue-stack lines, rounded, in statement order (``RevenueStackChart``).
    public var revenue: [RevenueStep]
    /// The statement's answers to the seeds' questions, shown under the revenue stack.
    public var answers: [Statement.Answer]

    /// One meter series: µkWh per interval and each interval's quality (a `missing` interval is a gap).
    public struct Series: Sendable, Hashable {
        public var grid: IntervalGrid
        public var microKWh: ContiguousArray<Int64>
        public var quality: ContiguousArray<DataQuality>
    }

    /// The storage ledger, per storage-meter interval.
    public struct Storage: Sendable, Hashable {
        public var grid: IntervalGrid
        /// received − delivered, µkWh (positive = discharge).
        public var netMicroKWh: ContiguousArray<Int64>
        /// The ledger's `missing` flag: the net is a gap.
        public var missing: ContiguousArray<Bool>
        /// The worse of the storage meter's two channels after VEE (the quality strip).
        public var quality: ContiguousArray<DataQuality>
        public var award: ContiguousArray<Bool>
        public var idle: ContiguousArray<Bool>
        public var addBack: ContiguousArray<Int64>
        public var backOut: ContiguousArray<Int64>

        public var count: Int { grid.count }
        /// The month's add-back and back-out, µkWh: the statement's `ledgerKWh.addedBack` and `backedOut`. Wrapping
        /// sums, as the decoder bounds each interval well inside them.
        public var addBackTotal: Int64 { addBack.reduce(0, &+) }
        public var backOutTotal: Int64 { backOut.reduce(0, &+) }
    }

    /// One bill component: its code and label, the kind of charge (nil for the total) and the rounded amounts of
    /// the bill as metered and the adjusted bill.
    public struct BillComponent: Sendable, Hashable {
        public var code: String
        public var label: String
        public var kind: BillLine.Kind?
        public var asMetered: Money
        public var adjusted: Money
    }

    /// One revenue-stack line: its code, a short label and its rounded amount.
    public struct RevenueStep: Sendable, Hashable {
        public var code: String
        public var label: String
        public var amount: Money
    }

    public init(
        period: SettlementPeriod, zone: MarketTimeZone, masterMeterID: String, storageMeterID: String, symmetricAdjustment: Bool,
        addBackDemand: Bool, unadjusted: Series, adjusted: Series, storage: Storage, bill: [BillComponent], billMonths: Int,
        revenue: [RevenueStep], answers: [Statement.Answer]
    ) {
        self.period = period
        self.zone = zone
        self.masterMeterID = masterMeterID
        self.storageMeterID = storageMeterID
        self.symmetricAdjustment = symmetricAdjustment
        self.addBackDemand = addBackDemand
        self.unadjusted = unadjusted
        self.adjusted = adjusted
        self.storage = storage
        self.bill = bill
        self.billMonths = billMonths
        self.revenue = revenue
        self.answers = answers
    }

    /// The figures of a settled unit.
    public init(_ r: SettlementResult) {
        let m2ID = r.config.meter(role: .storage)?.id ?? "storage"
        let L = r.ledger
        let n = L.count
        var storage = Storage(
            grid: L.grid, netMicroKWh: ContiguousArray(repeating: 0, count: n), missing: ContiguousArray(repeating: false, count: n),
            quality: ContiguousArray(repeating: .actual, count: n), award: ContiguousArray(repeating: false, count: n),
            idle: ContiguousArray(repeating: false, count: n), addBack: L.addBack, backOut: L.backOut)
        let channels = r.vee.meters[m2ID].flatMap { $0.grid == L.grid ? $0 : nil }
        for i in 0..<n {
            storage.netMicroKWh[i] = L.received[i] &- L.delivered[i]
            storage.missing[i] = L.flags[i].contains(.missing)
            storage.award[i] = L.awardSeconds[i] > 0
            storage.idle[i] = L.idleSeconds[i] > 0
            if let m = channels {
                storage.quality[i] = max(m.delivered.quality[i], m.received.quality[i])
            } else {
                storage.quality[i] = L.flags[i].contains(.missing) ? .missing : (L.flags[i].contains(.estimated) ? .estimated : .actual)
            }
        }
        func series(_ s: EnergySeries) -> Series { Series(grid: s.grid, microKWh: ContiguousArray(s.microKWh), quality: ContiguousArray(s.quality)) }
        self.init(
            period: r.config.period, zone: r.config.zone, masterMeterID: r.config.meter(role: .retailMaster)?.id ?? "master", storageMeterID: m2ID,
            symmetricAdjustment: r.config.policies.retailAdjustment == .symmetric, addBackDemand: r.config.policies.addBackDemand,
            unadjusted: series(r.unadjustedNetImport), adjusted: series(r.adjustedNetImport), storage: storage,
            bill: Self.billComponents(asMetered: r.billsAsMetered, adjusted: r.billsAdjusted), billMonths: r.billsAsMetered.count,
            revenue: r.statement.lines.filter { $0.section == .revenueStack }.map {
                RevenueStep(code: $0.code, label: RevenueStackChart.shortLabel($0), amount: $0.roundedAmount)
            },
            answers: r.statement.answers)
    }

    /// The components in bill order (energy, facility demand, TOU demand, fixed) plus a total; amounts are sums of
    /// the bills' rounded lines, so the totals equal the bills' totals.
    static func billComponents(asMetered: [RetailBill], adjusted: [RetailBill]) -> [BillComponent] {
        var order: [String] = []
        var byCode: [String: BillComponent] = [:]
        func add(_ bills: [RetailBill], adjusted: Bool) {
            for b in bills {
                for l in b.lines {
                    if byCode[l.code] == nil {
                        order.append(l.code)
                        byCode[l.code] = BillComponent(code: l.code, label: l.description, kind: l.kind, asMetered: .zero, adjusted: .zero)
                    }
                    let m = Money(micros: l.amountMicros).roundedToCents
                    if adjusted { byCode[l.code]!.adjusted += m } else { byCode[l.code]!.asMetered += m }
                }
            }
        }
        add(asMetered, adjusted: false)
        add(adjusted, adjusted: true)
        func rank(_ k: BillLine.Kind?) -> Int {
            switch k {
            case .energy: return 0
            case .facilityDemand: return 1
            case .touDemand, .coincidentDemand: return 2
            case .exportCredit, .minimum: return 3
            case .fixed: return 4
            case nil: return 5
            }
        }
        var comps = order.enumerated().map { (i, c) in (i, byCode[c]!) }
            .sorted { (rank($0.1.kind), $0.0) < (rank($1.1.kind), $1.0) }.map(\.1)
        comps.append(
            BillComponent(
                code: "TOTAL", label: "Total bill", kind: nil, asMetered: asMetered.reduce(Money.zero) { $0 + $1.total },
                adjusted: adjusted.reduce(Money.zero) { $0 + $1.total }))
        return comps
    }
}
