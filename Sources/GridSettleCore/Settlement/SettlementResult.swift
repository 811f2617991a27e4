/// Everything one settlement produced: the statement plus the intermediate series a report or an audit
/// needs (validated meters, the ledger, the billed determinants, the bills and charge codes).
public struct SettlementResult: Sendable {
    public var config: SiteConfig
    public var statement: Statement
    public var vee: VEEResult
    public var ledger: StorageLedger
    /// The master meter after VEE.
    public var retailMeter: MeterChannels
    /// Net import billed per master-meter interval after the adjustment (µkWh).
    public var adjustedNetImport: EnergySeries
    public var unadjustedNetImport: EnergySeries
    public var billsAsMetered: [RetailBill]
    public var billsAdjusted: [RetailBill]
    public var chargeCodes: [ChargeCodeResult]
    /// Dispatch events settled under the site's demand-response program (nil without one).
    public var demandResponse: DemandResponseMeasurement?
    /// The PJM Order 841 month (PJM sites only): DCE/LSCE, correction shares, load reconciliation records.
    public var pjm: PJMStorageSettlementResult?
    /// What the next month of this resource opens with (``OpeningBalance``); both engines set it.
    public var closing: OpeningBalance?
}
