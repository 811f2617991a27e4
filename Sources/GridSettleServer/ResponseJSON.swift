import GridSettleCore
import GridSettleStore

/// The API's response bodies. Quantities are decimal strings in their unit (6 decimals) and amounts decimal
/// dollars, so no client ever parses money as a float.
struct RunJSON: Encodable {
    var id: Int64
    var tenant: String
    var dataset: String?
    var site: String
    var resource: String
    var periodStart: String
    var periodEnd: String
    var status: String
    var violationCount: Int
    var version: Int
    /// The run this one replaces — only when the caller may see it too (``RunScope``); otherwise absent.
    var replacesRun: Int64?

    /// The run as JSON; `replaces` is the replaced run's id when the caller may see that run (``RunScope``
    /// decides), else nil. Without it the replaced run is not named: runs of different datasets chain by site
    /// and period, so the stored link may point at a run of a dataset the caller may not see.
    init(_ r: RunSummary, replaces: Int64? = nil) {
        id = r.id
        tenant = r.tenantID
        dataset = r.datasetID
        site = r.siteID
        resource = r.resourceID
        periodStart = r.periodStart
        periodEnd = r.periodEnd
        status = r.status
        violationCount = r.violationCount
        version = r.version
        replacesRun = replaces
    }
}

struct LineJSON: Encodable {
    var seq: Int
    var section: String
    var code: String
    var description: String
    var quantity: String
    var unit: String
    var unitPrice: String?
    var priceUnit: String
    var amount: String
    var amountExact: String
    var rule: String
    var intervalCount: Int
    var firstIntervalStart: String?
    var lastIntervalEnd: String?
    var note: String

    init(_ l: StoredLine) {
        seq = l.seq
        section = l.section
        code = l.code
        description = l.description
        quantity = FixedPointFormat.decimal(l.quantityMicro, scale: 6, fractionDigits: 6)
        unit = l.unit
        unitPrice = l.unitPriceMicro.map { FixedPointFormat.decimal($0, scale: 6, fractionDigits: 6) }
        priceUnit = l.priceUnit
        amount = FixedPointFormat.decimal(l.amountCents, scale: 2, fractionDigits: 2)
        amountExact = FixedPointFormat.decimal(l.amountMicros, scale: 6, fractionDigits: 6)
        rule = l.rule
        intervalCount = l.intervalCount
        firstIntervalStart = l.firstIntervalStart
        lastIntervalEnd = l.lastIntervalEnd
        note = l.note
    }
}

/// A line and every run of intervals behind it (`GET /v1/runs/{id}/lines/{seq}`).
struct LineLineageJSON: Encodable {
    var line: LineJSON
    /// False for a line stored before schema v7, which kept only its first start and last end.
    var intervalsStored: Bool
    /// The runs in time order, UTC, `end` exclusive; their counts add up to `line.intervalCount`.
    var intervals: [IntervalRunJSON]

    init(_ l: StoredLine) {
        line = LineJSON(l)
        intervalsStored = l.intervals != nil
        intervals = (l.intervals ?? []).map(IntervalRunJSON.init)
    }
}

/// A line and the intervals that make it up (`GET /v1/runs/{id}/lines/{seq}/intervals`): quantities and exact
/// amounts that add up to the line's `quantity` and `amountExact` (`sum` repeats the sums).
struct LineIntervalsJSON: Encodable {
    struct Interval: Encodable {
        var start: String
        var end: String
        var quantity: String
        var price: String?
        var amountExact: String
    }
    struct Sum: Encodable {
        var quantity: String
        var amountExact: String
    }
    var line: LineJSON
    /// `interval-prices`, `line-price`, `adjustment`, or `not-broken-down` (then `intervals` is empty).
    var basis: String
    var explanation: String
    /// The unit of `price`: `$/` + the line's unit, or the market's (`$/MWh` for a demand-response event in kWh).
    var priceUnit: String
    var intervals: [Interval]
    var sum: Sum

    init(_ l: StoredLine, _ b: LineBreakdown) {
        line = LineJSON(l)
        basis = b.basis.rawValue
        explanation = b.explanation
        priceUnit = b.priceUnit
        intervals = b.intervals.map {
            Interval(
                start: $0.start.description, end: $0.end.description, quantity: FixedPointFormat.decimal($0.quantityMicro, scale: 6, fractionDigits: 6),
                price: $0.priceMicro.map { FixedPointFormat.decimal($0, scale: 6, fractionDigits: 6) }, amountExact: $0.amount.exactDescription)
        }
        let (quantity, amount) = b.sums
        sum = Sum(quantity: FixedPointFormat.decimal(quantity, scale: 6, fractionDigits: 6), amountExact: amount.exactDescription)
    }
}

/// `{start, end, intervalMinutes, count}`, as in the statement JSON's `intervals`.
struct IntervalRunJSON: Encodable {
    var start: String
    var end: String
    var intervalMinutes: Int64
    var count: Int

    init(_ r: IntervalRun) {
        start = r.start.description
        end = r.end.description
        intervalMinutes = r.seconds / 60
        count = r.count
    }
}

struct CheckJSON: Encodable {
    var id: String
    var status: String
    var question: String
    var energyKWh: String
    var amount: String?
    var intervalCount: Int
    var detail: String
    var rule: String

    init(_ c: StoredCheck) {
        id = c.id
        status = c.status
        question = c.question
        energyKWh = FixedPointFormat.decimal(c.energyMicroKWh, scale: 6, fractionDigits: 6)
        amount = c.amountMicros.map { FixedPointFormat.decimal($0, scale: 6, fractionDigits: 6) }
        intervalCount = c.intervalCount
        detail = c.detail
        rule = c.rule
    }
}

struct IngestJSON: Encodable {
    var dataset: String
    var name: String
    var version: Int
    /// `stored`, `unchanged` or `restored`.
    var outcome: String
    var previousVersion: Int?
    var sameAsVersion: Int?
    var digest: String
    var size: Int

    init(dataset: String, name: String, outcome: IngestOutcome, digest: String, size: Int) {
        self.dataset = dataset
        self.name = name
        self.digest = digest
        self.size = size
        version = outcome.version
        switch outcome {
        case .unchanged: self.outcome = "unchanged"
        case .stored(_, let previous): self.outcome = "stored"; previousVersion = previous
        case .restored(_, let same): self.outcome = "restored"; sameAsVersion = same
        }
    }
}

struct VersionJSON: Encodable {
    var version: Int
    var digest: String
    var size: Int
}

struct ReadyJSON: Encodable {
    var status: String
    var backend: String
    var schemaVersion: Int
}

struct DifferenceJSON: Encodable {
    var from: Int64
    var to: Int64
    var lines: [LineDifferenceJSON]
}

struct LineDifferenceJSON: Encodable {
    var section: String
    var code: String
    var unit: String
    var oldQuantity: String?
    var newQuantity: String?
    var oldAmount: String?
    var newAmount: String?
    var amountChange: String

    init(_ d: LineDifference) {
        section = d.section
        code = d.code
        unit = d.unit
        oldQuantity = d.oldQuantityMicro.map { FixedPointFormat.decimal($0, scale: 6, fractionDigits: 6) }
        newQuantity = d.newQuantityMicro.map { FixedPointFormat.decimal($0, scale: 6, fractionDigits: 6) }
        oldAmount = d.oldCents.map { FixedPointFormat.decimal($0, scale: 2, fractionDigits: 2) }
        newAmount = d.newCents.map { FixedPointFormat.decimal($0, scale: 2, fractionDigits: 2) }
        amountChange = FixedPointFormat.decimal(d.centsChange, scale: 2, fractionDigits: 2)
    }
}
