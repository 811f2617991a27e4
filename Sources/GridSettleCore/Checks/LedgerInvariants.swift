/// The ledger's own invariants: every interval's accounts sum exactly to the metered energy and no part
/// is negative. A failure here is an engine bug, and is reported like any other violation.
public enum LedgerInvariants {
    public static func check(_ L: StorageLedger) -> CheckResult {
        var bad = IntervalRunBuilder()
        for i in 0..<L.count {
            let okCharge = L.chargeWholesale[i] + L.chargeRetail[i] + L.chargeEndUse[i] == L.delivered[i]
            let okDischarge = L.dischargeWholesale[i] + L.dischargeRetail[i] == L.received[i]
            let nonNegative = L.chargeWholesale[i] >= 0 && L.chargeRetail[i] >= 0 && L.chargeEndUse[i] >= 0
                && L.dischargeWholesale[i] >= 0 && L.dischargeRetail[i] >= 0
                && L.dischargeDemandResponse[i] >= 0 && L.dischargeDemandResponse[i] <= L.dischargeWholesale[i]
            if !(okCharge && okDischarge && nonNegative) { bad.add(start: L.grid.startOf(i), seconds: L.grid.seconds) }
        }
        let t = L.totals
        return CheckResult(
            id: "LEDGER-BALANCE",
            question: "Does every interval's split into accounts sum exactly to the metered energy, with no negative part?",
            status: bad.intervalCount == 0 ? .pass : .violation, runs: bad.runs, intervalCount: bad.intervalCount,
            detail: bad.intervalCount == 0
                ? "all \(L.count) intervals balance: charging \(Units.formatKWh(t.delivered)) kWh = wholesale \(Units.formatKWh(t.chargeWholesale)) + retail \(Units.formatKWh(t.chargeRetail)) + end use \(Units.formatKWh(t.chargeEndUse)); discharging \(Units.formatKWh(t.received)) kWh = wholesale \(Units.formatKWh(t.dischargeWholesale)) + retail \(Units.formatKWh(t.dischargeRetail))"
                : "\(bad.intervalCount) interval(s) do not balance",
            rule: "F3.1")
    }
}
