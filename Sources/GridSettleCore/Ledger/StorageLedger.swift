/// The ledger of the storage (CAISO revenue) meter: every interval's charging and discharging energy split
/// into accounts, plus what the CAISO meter reports and the retail adjustment. Columnar, one entry per
/// storage-meter interval. Every engine reads its quantities from here, never from raw meters.
///
/// Invariants (``LedgerInvariants``): for each interval
/// `chargeWholesale + chargeRetail + chargeEndUse == delivered` and
/// `dischargeWholesale + dischargeRetail == received`, all parts ≥ 0.
public struct StorageLedger: Sendable {
    public var grid: IntervalGrid
    public var delivered: ContiguousArray<Int64>
    public var received: ContiguousArray<Int64>
    public var chargeWholesale: ContiguousArray<Int64>
    public var chargeRetail: ContiguousArray<Int64>
    public var chargeEndUse: ContiguousArray<Int64>
    public var dischargeWholesale: ContiguousArray<Int64>
    public var dischargeRetail: ContiguousArray<Int64>
    /// The part of `dischargeWholesale` paid as demand-response performance (a dispatch event, not a CAISO
    /// award): ``DemandResponseOwnership``.
    public var dischargeDemandResponse: ContiguousArray<Int64>
    /// What the CAISO meter carries (SQMD), per ``SettlementPolicies/wholesaleMeterScope``.
    public var caisoDelivered: ContiguousArray<Int64>
    public var caisoReceived: ContiguousArray<Int64>
    /// Seconds of each interval in an award period, and idle.
    public var awardSeconds: ContiguousArray<Int32>
    public var idleSeconds: ContiguousArray<Int32>
    public var flags: ContiguousArray<IntervalFlags>
    /// Retail adjustment per interval: energy added back to the retail bill (F3.10) and charging removed
    /// from it (F3.11, symmetric policy only).
    public var addBack: ContiguousArray<Int64>
    public var backOut: ContiguousArray<Int64>
    /// Inventory findings: wholesale-bought energy discharged at retail (question 2) and driven away
    /// (question 6), per interval, µkWh of charge-equivalent energy.
    public var wholesaleEnergyToRetail: ContiguousArray<Int64>
    public var wholesaleEnergyDriven: ContiguousArray<Int64>
    /// Retail-bought energy discharged in award periods (sold at wholesale): "charging at retail and
    /// discharging wholesale", seed 000.
    public var retailEnergyToWholesale: ContiguousArray<Int64>
    /// Discharge or driving the pools could not attribute (state of charge unknown): research E6.
    public var unattributed: ContiguousArray<Int64>
    /// Energy the CAISO meter reports that is not wholesale-owned (outside award periods): CAISO would
    /// settle it as imbalance energy although it is retail — seed 000's "settlements outside award hours".
    public var caisoOutsideAward: ContiguousArray<Int64>
    /// Each demand-response claim and the discharge it came to own (empty without a DR program).
    public var demandResponseOutcomes: [DemandResponseClaimOutcome] = []
    /// What the inventory pools hold after the last interval, charge-equivalent µkWh: the next month's opening
    /// (``OpeningBalance``). Zero until the pools have run.
    public var closingRetail: Int64 = 0
    public var closingWholesale: Int64 = 0

    /// An empty ledger (every account zero) on `grid`.
    public init(grid: IntervalGrid) {
        self.grid = grid
        let z = ContiguousArray<Int64>(repeating: 0, count: grid.count)
        delivered = z
        received = z
        chargeWholesale = z
        chargeRetail = z
        chargeEndUse = z
        dischargeWholesale = z
        dischargeRetail = z
        dischargeDemandResponse = z
        caisoDelivered = z
        caisoReceived = z
        awardSeconds = ContiguousArray(repeating: 0, count: grid.count)
        idleSeconds = ContiguousArray(repeating: 0, count: grid.count)
        flags = ContiguousArray(repeating: [], count: grid.count)
        addBack = z
        backOut = z
        wholesaleEnergyToRetail = z
        wholesaleEnergyDriven = z
        retailEnergyToWholesale = z
        unattributed = z
        caisoOutsideAward = z
    }

    public var count: Int { grid.count }

    /// Total µkWh per account over the period, charging and discharging separately.
    public var totals: LedgerTotals {
        LedgerTotals(
            delivered: delivered.reduce(0, +), received: received.reduce(0, +),
            chargeWholesale: chargeWholesale.reduce(0, +), chargeRetail: chargeRetail.reduce(0, +),
            chargeEndUse: chargeEndUse.reduce(0, +), dischargeWholesale: dischargeWholesale.reduce(0, +),
            dischargeRetail: dischargeRetail.reduce(0, +), dischargeDemandResponse: dischargeDemandResponse.reduce(0, +),
            caisoDelivered: caisoDelivered.reduce(0, +),
            caisoReceived: caisoReceived.reduce(0, +), addBack: addBack.reduce(0, +), backOut: backOut.reduce(0, +),
            awardPeriodSeconds: awardSeconds.reduce(0) { $0 + Int64($1) })
    }

    /// Whether interval `i` lies (partly) in an award period.
    @inlinable public func isAward(_ i: Int) -> Bool { awardSeconds[i] > 0 }
}

public struct LedgerTotals: Sendable, Hashable, Codable {
    public var delivered: Int64
    public var received: Int64
    public var chargeWholesale: Int64
    public var chargeRetail: Int64
    public var chargeEndUse: Int64
    public var dischargeWholesale: Int64
    public var dischargeRetail: Int64
    /// Of `dischargeWholesale`: paid as demand-response performance.
    public var dischargeDemandResponse: Int64
    public var caisoDelivered: Int64
    public var caisoReceived: Int64
    public var addBack: Int64
    public var backOut: Int64
    /// Time of the period in award periods (``SettlementPolicies/awardScope``), seconds: with `clockHour`
    /// 3,600 per award hour, the figure an analyst counts award hours by.
    public var awardPeriodSeconds: Int64 = 0
}
