/// A retail bill for one billing cycle: lines with their determinants; the total is the sum of the lines,
/// each rounded once to cents.
public struct RetailBill: Sendable, Hashable {
    public var label: String
    public var cycle: BillingCycle
    public var lines: [BillLine]
    /// Export energy that earned no credit (tariff without export compensation, storage credit limits,
    /// energy settled at wholesale), µkWh.
    public var uncreditedExportMicroKWh: Int64
    public var missingIntervals: Int
    public var estimatedIntervals: Int
    /// The peaks behind the demand lines: actual and billing demand, µkW.
    public var demand: DemandDeterminants
    /// Findings a reviewer must see: rule violations (PCS modes), assumptions (buy-all/sell-all without a
    /// generation channel), and missing data in a demand window.
    public var notes: [String]

    public init(
        label: String, cycle: BillingCycle, lines: [BillLine], uncreditedExportMicroKWh: Int64, missingIntervals: Int,
        estimatedIntervals: Int, demand: DemandDeterminants = DemandDeterminants(), notes: [String] = []
    ) {
        self.label = label
        self.cycle = cycle
        self.lines = lines
        self.uncreditedExportMicroKWh = uncreditedExportMicroKWh
        self.missingIntervals = missingIntervals
        self.estimatedIntervals = estimatedIntervals
        self.demand = demand
        self.notes = notes
    }

    public var year: Int { cycle.billYear }
    public var month: Int { cycle.billMonth }

    public var total: Money { lines.reduce(Money.zero) { $0 + Money(micros: $1.amountMicros).roundedToCents } }

    /// The unrounded sum of the lines of `kinds`, rounded once to cents: the figure SAM reports per charge
    /// type (it adds exact charges before rounding).
    public func exactTotal(of kinds: Set<BillLine.Kind>) -> Money {
        Money(micros: lines.filter { kinds.contains($0.kind) }.reduce(0) { $0 + $1.amountMicros }).roundedToCents
    }

    public func line(code: String) -> BillLine? { lines.first { $0.code == code } }
}

/// Monthly demand figures, µkW; `nil` where the cycle had no value.
public struct DemandDeterminants: Sendable, Hashable {
    /// Highest window demand at any hour.
    public var actualPeak: Int64?
    /// Flat billing demand after ratchet and minimum.
    public var billingDemand: Int64?
    /// Highest window demand per TOU demand period.
    public var touPeaks: [Int64?]
    /// Coincident determinant per coincident period.
    public var coincident: [Int64?]

    public init(actualPeak: Int64? = nil, billingDemand: Int64? = nil, touPeaks: [Int64?] = [], coincident: [Int64?] = []) {
        self.actualPeak = actualPeak
        self.billingDemand = billingDemand
        self.touPeaks = touPeaks
        self.coincident = coincident
    }
}

public struct BillLine: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case fixed, energy, facilityDemand, touDemand, coincidentDemand, minimum, exportCredit

        /// A demand charge (facility, TOU or coincident): priced on kW, not kWh.
        public var isDemand: Bool { self == .facilityDemand || self == .touDemand || self == .coincidentDemand }
    }

    public var kind: Kind
    /// Stable code, e.g. `ENERGY-P2`, `ENERGY-P2-T1`, `DEMAND-TOU-P1`, `DEMAND-FACILITY`, `CREDIT-NEM-P0`.
    public var code: String
    public var description: String
    /// Determinant in fixed point: µkWh, µkW, µ-days or µ-months.
    public var quantity: Int64
    public var quantityUnit: String
    /// µ$ per unit.
    public var unitPrice: Int64
    public var priceUnit: String
    /// Exact amount before rounding to cents (negative for credits).
    public var amountMicros: Int64
    public var rule: String
    /// The intervals the determinant came from.
    public var runs: [IntervalRun]
    /// TOU / demand period and tier (0-based) where the line has one.
    public var period: Int?
    public var tier: Int?

    public init(
        kind: Kind, code: String, description: String, quantity: Int64, quantityUnit: String, unitPrice: Int64,
        priceUnit: String, amountMicros: Int64, rule: String, runs: [IntervalRun], period: Int? = nil, tier: Int? = nil
    ) {
        self.kind = kind
        self.code = code
        self.description = description
        self.quantity = quantity
        self.quantityUnit = quantityUnit
        self.unitPrice = unitPrice
        self.priceUnit = priceUnit
        self.amountMicros = amountMicros
        self.rule = rule
        self.runs = runs
        self.period = period
        self.tier = tier
    }

    /// The amount as billed: rounded once to cents.
    public var amount: Money { Money(micros: amountMicros).roundedToCents }
}
