/// A settlement statement for one resource and period: lines with quantity, unit, price, amount, the rule
/// that made each and the intervals it came from; the checks; the data quality; the policies in force.
///
/// Rounding: each line's exact amount (µ$) is rounded once to cents, half away from zero; every section
/// total is the sum of its rounded lines, so the statement always adds up to the cent.
public struct Statement: Sendable {
    public var formatVersion = 1
    public var siteID: String
    public var siteName: String
    public var resourceID: String
    public var market: Market
    public var period: SettlementPeriod
    public var timeZone: String
    public var status: Status
    public var statusReasons: [String]
    public var policies: [(name: String, value: String)]
    public var lines: [StatementLine]
    public var checks: [CheckResult]
    public var dataQuality: [MeterQuality]
    public var ledgerTotals: LedgerTotals
    public var answers: [Answer]
    public var veeFindings: [VEEFinding]
    public var veeAudit: [VEEAuditEntry]
    /// The storage inventory the period opened and closed with, and where the opening came from (both
    /// engines set it; nil only for a statement built outside them).
    public var inventory: InventoryBalance? = nil
    /// The site, resource and meter facts the statement was settled for (both engines set them; nil only for a
    /// statement built outside them).
    public var facts: StatementFacts? = nil

    public enum Status: String, Sendable, Hashable {
        /// Every interval is actual settlement-quality data and every price is present.
        case final = "FINAL"
        /// Some figures may change: estimated or missing data, VEE errors or missing prices.
        case provisional = "PROVISIONAL"
    }

    public var violations: [CheckResult] { checks.filter { $0.status == .violation } }

    /// Section total: the sum of the section's rounded lines.
    public func total(_ section: StatementSection) -> Money {
        lines.filter { $0.section == section }.reduce(Money.zero) { $0 + $1.roundedAmount }
    }

    /// A question from the seeds answered for this resource and period.
    public struct Answer: Sendable, Hashable {
        public var id: String
        public var question: String
        public var answer: String

        public init(id: String, question: String, answer: String) {
            self.id = id
            self.question = question
            self.answer = answer
        }
    }
}

public enum StatementSection: String, Sendable, Hashable, CaseIterable, Codable {
    /// The retail bill as metered at the master meter, before any adjustment (for comparison).
    case retailAsMetered = "retail-as-metered"
    /// The retail bill after the dual-use adjustment: what the customer is billed.
    case retailAdjusted = "retail-adjusted"
    /// The adjustment, line by line: adjusted minus as-metered.
    case retailAdjustment = "retail-adjustment"
    /// Station power on its own circuit, billed at retail after any self-supply netting (F3.5).
    case stationPower = "station-power"
    /// The CAISO shadow settlement of the resource.
    case caiso = "caiso"
    /// PJM Order 841 settlement of the ESR (seed 004): initial charging, resale, meter correction, DCE/LSCE,
    /// load reconciliation.
    case pjm = "pjm"
    /// Demand-response performance of dispatch events (site.json `demandResponse`), with the discharge it
    /// owns, the LSE's default load adjustment and the exports MGO does not credit.
    case demandResponse = "demand-response"
    /// The resource's revenue stack (seed 000: do regulation payments cover energy losses?).
    case revenueStack = "revenue-stack"

    public var title: String {
        switch self {
        case .retailAsMetered: return "Retail bill as metered (no adjustment)"
        case .retailAdjusted: return "Retail bill with dual-use adjustment"
        case .retailAdjustment: return "Retail adjustment (adjusted − as metered)"
        case .stationPower: return "Station power at retail (separate circuit)"
        case .caiso: return "CAISO shadow settlement (payment to resource +)"
        case .pjm: return "PJM ESR settlement, Order 841 (payment to resource +)"
        case .demandResponse: return "Demand-response performance (payment to resource +)"
        case .revenueStack: return "Revenue stack of the resource"
        }
    }
}

public struct StatementLine: Sendable, Hashable {
    public var section: StatementSection
    public var code: String
    public var description: String
    /// Quantity in µ-units of `unit` (µkWh for kWh, µkW for kW, µMWh for MWh …).
    public var quantityMicro: Int64
    public var unit: String
    /// µ$ per unit, or nil when the line aggregates intervals with varying prices.
    public var unitPriceMicro: Int64?
    public var priceUnit: String
    /// Exact amount, µ$.
    public var amount: Money
    public var rule: String
    public var runs: [IntervalRun]
    public var intervalCount: Int
    public var note: String

    public var roundedAmount: Money { amount.roundedToCents }

    public init(
        section: StatementSection, code: String, description: String, quantityMicro: Int64, unit: String,
        unitPriceMicro: Int64?, priceUnit: String, amount: Money, rule: String, runs: [IntervalRun],
        intervalCount: Int? = nil, note: String = ""
    ) {
        self.section = section
        self.code = code
        self.description = description
        self.quantityMicro = quantityMicro
        self.unit = unit
        self.unitPriceMicro = unitPriceMicro
        self.priceUnit = priceUnit
        self.amount = amount
        self.rule = rule
        self.runs = runs
        self.intervalCount = intervalCount ?? runs.reduce(0) { $0 + $1.count }
        self.note = note
    }
}

/// Per meter: how many intervals were actual, edited, estimated or missing.
public struct MeterQuality: Sendable, Hashable {
    public var meterID: String
    public var role: MeterRole
    public var actual: Int
    public var edited: Int
    public var estimated: Int
    public var missing: Int

    public init(meterID: String, role: MeterRole, actual: Int, edited: Int, estimated: Int, missing: Int) {
        self.meterID = meterID
        self.role = role
        self.actual = actual
        self.edited = edited
        self.estimated = estimated
        self.missing = missing
    }

    public init(meterID: String, role: MeterRole, channels: MeterChannels) {
        self.meterID = meterID
        self.role = role
        var counts = [0, 0, 0, 0]
        for i in 0..<channels.grid.count {
            counts[Int(max(channels.delivered.quality[i], channels.received.quality[i]).rawValue)] += 1
        }
        actual = counts[0]
        edited = counts[1]
        estimated = counts[2]
        missing = counts[3]
    }
}
