/// One member's statement lines for a settlement period (research §5.2). Positive = paid **to** the member.
/// Each ISO-allocation component is its exact period amount rounded once (``DSOAllocationPolicy/lineRounding``);
/// the local-market lines are the member's trades, already exact µ$ lines (rounded per trade by the local
/// market), summed without further rounding. ``net`` is the sum of all of them, so the member's statement adds
/// up: `net = dayAhead + realTimeDeviation + scheduleSplitShare + distributionLMPEnergy + fee + localSales +
/// localPurchases`.
public struct DSOMemberLine: Sendable, Hashable {
    public var memberID: String
    public var interfaceID: String
    /// Σ rec, Σ del and Σ (rec − del) over the period, µkWh.
    public var receivedMicroKWh: Int64
    public var deliveredMicroKWh: Int64
    public var netMicroKWh: Int64
    /// Σ q^DA_i·Δt, µkWh, rounded half away from zero for display (the money uses the exact value).
    public var daScheduleMicroKWh: Int64
    /// Σ of the fee basis (``FeeBasis``), µkWh; zero unless the method charges a fee.
    public var feeBasisMicroKWh: Int64
    /// F5.4 `Σ q^DA_i λ^DA Δt`.
    public var dayAhead: Money
    /// F5.4 `Σ (q_i − q^DA_i) λ^RT`.
    public var realTimeDeviation: Money
    /// F5.4 the member's share of the schedule-split residual (``ScheduleSplitResidual/proRataToAbsoluteDeviation``).
    public var scheduleSplitShare: Money
    /// F5.6 `Σ q_i DLMP_i`.
    public var distributionLMPEnergy: Money
    /// F5.5 `−Σ f·basis` (a charge, ≤ 0).
    public var fee: Money
    /// Σ µkWh sold to and bought from other members in the local market.
    public var localSoldMicroKWh: Int64
    public var localBoughtMicroKWh: Int64
    /// `Σ_t q'_i,t = Σ (rec − del − soldLocally + boughtLocally)`, µkWh: the quantity the ISO allocation pays
    /// (F5.4's RT deviation is `q' − q^DA`, F5.6 pays `q'` at the DLMP). Equals ``netMicroKWh`` without local
    /// trades; in general `isoAllocatedMicroKWh + localSoldMicroKWh − localBoughtMicroKWh == netMicroKWh`
    /// (check `LEM-NO-KWH-PAID-TWICE`).
    public var isoAllocatedMicroKWh: Int64
    /// Σ received from local buyers (+).
    public var localSales: Money
    /// −Σ paid to local sellers (a payment, ≤ 0 at non-negative prices).
    public var localPurchases: Money
    /// Everything: the ISO allocation, the F5.5 fee and the local-market money.
    public var net: Money

    /// The member's local-market money, + = received: ``localSales`` + ``localPurchases``.
    public var localMarket: Money { localSales + localPurchases }
    /// What the member gets from the ISO allocation net of the F5.5 fee: ``net`` − ``localMarket``. This is the
    /// member's part of F5.3.
    public var allocatedNet: Money { net - localMarket }
}

/// The DSO's own accounts (research §5.6: explicit residual accounts). Positive = the DSO keeps it.
public struct DSOAccounts: Sendable, Hashable {
    /// F5.5 fees collected: exactly −Σ of the members' rounded fee lines.
    public var fee: Money = .zero
    /// The local market's per-match fees (``LocalTrade/fee``): exactly Σ local buyer payments − Σ local seller
    /// receipts (check `LEM-LEDGER-BALANCES`). Not part of F5.3: it is paid by members to the DSO, not by the ISO.
    public var localFee: Money = .zero
    /// F5.4 schedule-split residual booked to the DSO (policy ``ScheduleSplitResidual/bookToDSO``, or
    /// intervals with no member deviation to share it by).
    public var scheduleSplitResidual: Money = .zero
    /// F5.6 `ISO→A − Σ Pay` under the DLMP method: distribution congestion and loss rent, plus the interface's
    /// DA position.
    public var distributionResidual: Money = .zero
    /// What line rounding left over: `ISO→A − Σ member nets − fee − scheduleSplitResidual −
    /// distributionResidual`, in whole line units. Booked, never dropped.
    public var rounding: Money = .zero

    public init() {}

    /// Everything the DSO books besides its fees: ``scheduleSplitResidual`` + ``distributionResidual`` + ``rounding``.
    public var residual: Money { scheduleSplitResidual + distributionResidual + rounding }
    /// Everything the DSO keeps: ``fee`` + ``localFee`` + ``residual``.
    public var total: Money { fee + localFee + residual }

    public static func + (a: DSOAccounts, b: DSOAccounts) -> DSOAccounts {
        var s = DSOAccounts()
        s.fee = a.fee + b.fee
        s.localFee = a.localFee + b.localFee
        s.scheduleSplitResidual = a.scheduleSplitResidual + b.scheduleSplitResidual
        s.distributionResidual = a.distributionResidual + b.distributionResidual
        s.rounding = a.rounding + b.rounding
        return s
    }
}

/// One interface's settlement with the ISO (F5.2) and how it was allocated (F5.3).
public struct DSOInterfaceResult: Sendable, Hashable {
    public var interfaceID: String
    public var pricingNode: String
    public var subLAP: String
    public var memberIDs: [String]
    /// Σ_t q^A_t, µkWh (F5.1).
    public var netInjectionMicroKWh: Int64
    /// Σ_t q^A,DA_t, µkWh (display rounding).
    public var daScheduleMicroKWh: Int64
    /// F5.2 `Σ q^A,DA λ^DA Δt`.
    public var isoDayAhead: Money
    /// F5.2 `Σ (q^A − q^A,DA) λ^RT`.
    public var isoRealTime: Money
    /// ISO→A = ``isoDayAhead`` + ``isoRealTime``.
    public var isoTotal: Money
    /// Σ of the members' ``DSOMemberLine/net`` (including their local-market money).
    public var memberTotal: Money
    /// Σ of the members' ``DSOMemberLine/localMarket`` = ``localSellersReceived`` − ``localBuyersPaid`` = −``DSOAccounts/localFee``.
    public var memberLocalMarket: Money
    /// Σ µkWh traded locally between the interface's members (Σ sold = Σ bought).
    public var localVolumeMicroKWh: Int64
    /// Σ of what local buyers paid (≥ 0 at non-negative prices) and of what local sellers received.
    public var localBuyersPaid: Money
    public var localSellersReceived: Money
    public var accounts: DSOAccounts
    /// Intervals whose schedule-split residual had no member deviation to be shared by and was booked.
    public var scheduleSplitBookedIntervals: Int

    /// Σ of the members' ``DSOMemberLine/allocatedNet``: the members' side of F5.3,
    /// `memberAllocated + fee + residual == isoTotal`.
    public var memberAllocated: Money { memberTotal - memberLocalMarket }
}

/// A DSO settlement over one period: per-member lines, per-interface ISO settlement and DSO accounts, and
/// the revenue-adequacy check F5.3 that ran on it.
public struct DSOSettlement: Sendable, Hashable {
    public var dsoID: String
    public var grid: IntervalGrid
    public var policy: DSOAllocationPolicy
    /// In the aggregation's member order.
    public var members: [DSOMemberLine]
    /// In the DSO's interface order.
    public var interfaces: [DSOInterfaceResult]
    /// F5.1 per interface and interval.
    public var netInjection: InterfaceNetInjection
    /// The F5.3 check (always PASS on a returned settlement: a failure throws).
    public var revenueAdequacy: CheckResult
    /// `LEM-LEDGER-BALANCES` and `LEM-NO-KWH-PAID-TWICE` (``LocalMarketLedger``), in that order; both PASS on a
    /// returned settlement (a failure throws), also when there are no local trades.
    public var localMarketChecks: [CheckResult]

    /// Σ ISO→A over interfaces.
    public var isoTotal: Money { interfaces.reduce(.zero) { $0 + $1.isoTotal } }
    /// Σ member nets (including their local-market money).
    public var memberTotal: Money { members.reduce(.zero) { $0 + $1.net } }
    /// Σ of the members' local-market money (= −Σ local fee).
    public var memberLocalMarket: Money { members.reduce(.zero) { $0 + $1.localMarket } }
    /// Σ of the members' ISO allocation net of the F5.5 fee: `memberAllocated + fee + residual == isoTotal` (F5.3).
    public var memberAllocated: Money { memberTotal - memberLocalMarket }
    /// The DSO's accounts summed over interfaces.
    public var accounts: DSOAccounts { interfaces.reduce(DSOAccounts()) { $0 + $1.accounts } }

    public func member(_ id: String) -> DSOMemberLine? { members.first { $0.memberID == id } }
}

/// Why a DSO settlement was refused.
public enum DSOSettlementError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The aggregation or the input has problems (all listed).
    case invalid(DSOValidationError)
    /// F5.3 does not hold: an engine bug, never a data condition.
    case revenueAdequacy([RevenueAdequacyViolation])
    /// `LEM-LEDGER-BALANCES` or `LEM-NO-KWH-PAID-TWICE` does not hold on the finished lines: an engine bug (an
    /// unbalanced input ledger is refused earlier as ``invalid(_:)``).
    case localLedger([LocalLedgerViolation])

    public var description: String {
        switch self {
        case .invalid(let e): return e.description
        case .revenueAdequacy(let v): return v.map(\.description).joined(separator: "\n")
        case .localLedger(let v): return v.map(\.description).joined(separator: "\n")
        }
    }
}
