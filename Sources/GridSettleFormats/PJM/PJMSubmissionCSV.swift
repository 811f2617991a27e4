import Foundation
import GridSettleCore

/// The two files an EDC submits to PJM after month end for an ESR that serves load (seed 004), documented
/// in docs/dataset-format.md §7.7: the ESR meter correction and the LSE load reconciliation, one row per
/// charging interval. Times are given in UTC and in Eastern Prevailing Time with its offset, as PJM Data
/// Miner does, so the fall-back day's repeated hour is two distinct rows. Energies are exact (MWh to nine
/// decimals = µkWh); amounts are µ$ per row, and the statement's line is their exact sum rounded once. Written by
/// ``CSVWriter``: the EDC and LSE names and the resource id are quoted when they hold a comma or a quote.
public enum PJMSubmissionCSV {
    public static func meterCorrection(_ r: PJMStorageSettlementResult, resourceID: String, zone: MarketTimeZone) -> String {
        var out = CSVWriter(columns: meterCorrectionColumns, reservingCapacity: (r.correction.shares.count + 1) * 120)
        let direction = r.settings.initialSettlement == .negativeGeneration ? "credit_lsce" : "charge_dce"
        let sign: Int64 = r.settings.initialSettlement == .negativeGeneration ? 1 : -1
        for s in r.correction.shares {
            let amount = Rounding.int64(Rounding.divideHalfAwayFromZero(s.valueNano * Int128(sign), by: 1_000_000_000))
            out.row([resourceID, utc(s.start), local(s.start, zone), String(r.energy.grid.seconds / 60), direction, mwh(s.microKWh),
                     s.priceMicro.map(price) ?? "", dollars(amount)])
        }
        return out.text
    }

    public static func loadReconciliation(_ r: PJMStorageSettlementResult, resourceID: String, zone: MarketTimeZone) -> String {
        var out = CSVWriter(columns: loadReconciliationColumns, reservingCapacity: (r.loadReconciliation.count + 1) * 140)
        for x in r.loadReconciliation {
            out.row([r.settings.edc, r.settings.lse, resourceID, utc(x.start), local(x.start, zone), String(x.seconds / 60),
                     mwh(x.microKWh), x.priceMicro.map(price) ?? "", dollars(x.amountMicro)])
        }
        return out.text
    }

    public static let meterCorrectionColumns = ["resource_id", "datetime_beginning_utc", "datetime_beginning_ept", "interval_minutes", "direction", "mwh", "lmp", "amount"]
    public static let loadReconciliationColumns = [
        "edc", "lse", "resource_id", "datetime_beginning_utc", "datetime_beginning_ept", "interval_minutes", "load_mwh_change", "lmp", "amount",
    ]

    static func utc(_ t: Instant) -> String { t.description }

    /// `2019-11-03T01:00:00-05:00`: local wall clock with the offset in force.
    static func local(_ t: Instant, _ zone: MarketTimeZone) -> String {
        let offset = zone.offsetSeconds(at: t)
        let l = zone.localTime(t).description
        let sign = offset < 0 ? "-" : "+"
        let m = abs(offset) / 60
        return l + sign + (m / 60 < 10 ? "0" : "") + "\(m / 60):" + (m % 60 < 10 ? "0" : "") + "\(m % 60)"
    }

    static func mwh(_ microKWh: Int64) -> String { FixedPointFormat.decimal(microKWh, scale: 9, fractionDigits: 9) }
    static func price(_ micro: Int64) -> String { FixedPointFormat.decimal(micro, scale: 6, fractionDigits: 6) }
    static func dollars(_ micro: Int64) -> String { FixedPointFormat.decimal(micro, scale: 6, fractionDigits: 6) }
}
