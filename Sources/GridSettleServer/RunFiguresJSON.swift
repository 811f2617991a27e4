import GridSettleCore
import GridSettleReports

/// `GET /v1/runs/{id}/figures`: the interval columns and bill figures stored with a run (``ReportFigures``), the data
/// its charts are drawn from, for tools that want the intervals behind the statement. Energy is kWh as exact decimal
/// strings (six decimals, as the statement writes quantities); a missing interval is `null`, never 0. Per interval,
/// `quality` holds one letter (A actual, E edited, S estimated, M missing) and `award` / `idle` one digit (1 in an award
/// period / idle), so a month of 5-minute intervals stays a few hundred kilobytes.
struct RunFiguresJSON: Encodable {
    var run: Int64
    var period: Period
    var policies: Policies
    var masterMeter: Master
    var storageMeter: Storage
    var bill: [BillComponent]
    var revenueStack: [RevenueStep]

    struct Period: Encodable {
        var start: String
        var end: String
        var timeZone: String
    }

    struct Policies: Encodable {
        var retailAdjustment: String
        var addBackDemand: Bool
    }

    struct Grid: Encodable {
        /// UTC instant of the first interval's start.
        var start: String
        var intervalMinutes: Int64
        var count: Int
    }

    struct Master: Encodable {
        var id: String
        var grid: Grid
        var asMeteredKWh: [String?]
        var asMeteredQuality: String
        var adjustedGrid: Grid
        var adjustedKWh: [String?]
        var adjustedQuality: String
    }

    struct Storage: Encodable {
        var id: String
        var grid: Grid
        /// received − delivered (positive = discharge); null where the ledger has no value.
        var netKWh: [String?]
        var quality: String
        var award: String
        var idle: String
        var addedBackKWh: [String]
        var backedOutKWh: [String]
        /// The sums of the two columns above: the statement's `ledgerKWh.addedBack` and `backedOut`.
        var addedBackTotalKWh: String
        var backedOutTotalKWh: String
    }

    struct BillComponent: Encodable {
        var code: String
        var label: String
        var kind: String?
        var asMetered: String
        var adjusted: String
    }

    struct RevenueStep: Encodable {
        var code: String
        var label: String
        var amount: String
    }

    init(run: Int64, _ f: ReportFigures) {
        func kWh(_ v: Int64) -> String { Units.formatKWh(v, digits: 6) }
        func grid(_ g: IntervalGrid) -> Grid { Grid(start: g.start.description, intervalMinutes: g.seconds / 60, count: g.count) }
        func column(_ s: ReportFigures.Series) -> [String?] { (0..<s.grid.count).map { s.quality[$0] == .missing ? nil : kWh(s.microKWh[$0]) } }
        func letters(_ q: ContiguousArray<DataQuality>) -> String { q.map(\.code).joined() }
        func digits(_ b: ContiguousArray<Bool>) -> String { String(b.map { $0 ? "1" : "0" }) }
        self.run = run
        period = Period(start: f.period.start.description, end: f.period.end.description, timeZone: f.zone.identifier)
        policies = Policies(retailAdjustment: f.symmetricAdjustment ? "symmetric" : "addBackOnly", addBackDemand: f.addBackDemand)
        masterMeter = Master(
            id: f.masterMeterID, grid: grid(f.unadjusted.grid), asMeteredKWh: column(f.unadjusted), asMeteredQuality: letters(f.unadjusted.quality),
            adjustedGrid: grid(f.adjusted.grid), adjustedKWh: column(f.adjusted), adjustedQuality: letters(f.adjusted.quality))
        let L = f.storage
        storageMeter = Storage(
            id: f.storageMeterID, grid: grid(L.grid), netKWh: (0..<L.count).map { L.missing[$0] ? nil : kWh(L.netMicroKWh[$0]) },
            quality: letters(L.quality), award: digits(L.award), idle: digits(L.idle), addedBackKWh: L.addBack.map(kWh), backedOutKWh: L.backOut.map(kWh),
            addedBackTotalKWh: kWh(L.addBackTotal), backedOutTotalKWh: kWh(L.backOutTotal))
        bill = f.bill.map { BillComponent(code: $0.code, label: $0.label, kind: $0.kind?.rawValue, asMetered: $0.asMetered.description, adjusted: $0.adjusted.description) }
        revenueStack = f.revenue.map { RevenueStep(code: $0.code, label: $0.label, amount: $0.amount.description) }
    }
}
