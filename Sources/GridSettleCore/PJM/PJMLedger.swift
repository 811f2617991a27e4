/// The storage ledger of a PJM month, filled from the DCE/LSCE split and the correction's interval shares,
/// so the ledger's balance invariant (F3.1) and the reports cover PJM sites too.
///
/// Per interval: charging = DCE share (`wholesale`) + LSCE share and on-site charging (`retail`);
/// discharge = resale (`wholesale`) + output to on-site load (`retail`). The DCE share is the interval's
/// part of the month's DCE by F2.9 (the correction's shares directly, or grid charging minus the LSCE
/// shares). `backOut` is the DCE share (netted out of the retail bill) and `addBack` the resale (no retail
/// export credit). Under F1.2 nothing is wholesale-charged, so all charging stays retail.
enum PJMLedger {
    static func build(_ r: PJMStorageSettlementResult, storage m2: MeterChannels) -> StorageLedger {
        let e = r.energy
        var L = StorageLedger(grid: e.grid)
        var share = ContiguousArray<Int64>(repeating: 0, count: e.grid.count)
        for s in r.correction.shares { share[s.interval] = s.microKWh }
        for i in 0..<e.grid.count {
            if m2.delivered.quality[i] == .missing || m2.received.quality[i] == .missing { L.flags[i] = .missing }
            let chg = m2.delivered.quality[i] == .missing ? 0 : m2.delivered.microKWh[i]
            let dis = m2.received.quality[i] == .missing ? 0 : m2.received.microKWh[i]
            let dce: Int64
            if r.retailNettingUnavailable {
                dce = 0
            } else if r.settings.initialSettlement == .negativeGeneration {
                dce = e.gridCharge[i] - share[i]
            } else {
                dce = share[i]
            }
            L.delivered[i] = chg
            L.received[i] = dis
            L.chargeWholesale[i] = dce
            L.chargeRetail[i] = chg - dce
            L.dischargeWholesale[i] = e.resale[i]
            L.dischargeRetail[i] = dis - e.resale[i]
            L.caisoDelivered[i] = dce
            L.caisoReceived[i] = e.resale[i]
            L.backOut[i] = dce
            L.addBack[i] = e.resale[i]
            L.unattributed[i] = e.shortfall[i]
        }
        return L
    }
}
