/// F5.3 `[D]` (research §5.1): whatever the allocation method, everything the ISO pays the DSO at an
/// interface is accounted for, exactly, in µ$:
///
/// `Σ_i Pay_i + DSOfee + DSOresidual == ISO→A`
///
/// where `DSOresidual` = schedule-split residual + distribution residual + rounding (``DSOAccounts``) and
/// `Pay_i` is the member's ISO allocation net of the F5.5 fee (``DSOMemberLine/allocatedNet``): its local-market
/// money is paid by other members, not by the ISO, and balances separately (`LEM-LEDGER-BALANCES`). The
/// engine checks it three ways on every settlement: per interval on the exact amounts, per interface on
/// the rounded lines, and that the rounding account is no larger than half a line unit per rounded line.
/// Any failure is an engine bug and refuses the settlement with ``DSOSettlementError/revenueAdequacy(_:)``.
public enum RevenueAdequacy {
    public static let checkID = "DSO-REVENUE-ADEQUACY"
    public static let question =
        "Does every dollar the ISO pays the DSO (F5.2) end up with a member, in the DSO fee account or in a booked DSO residual (F5.3)?"

    /// The line-level identity on a finished settlement, per interface and in total. Empty = it holds.
    public static func verify(_ s: DSOSettlement) -> [RevenueAdequacyViolation] {
        var out: [RevenueAdequacyViolation] = []
        var iso = Money.zero
        var allocated = Money.zero
        for i in s.interfaces {
            let mine = s.members.filter { $0.interfaceID == i.interfaceID }
            let memberSum = mine.reduce(Money.zero) { $0 + $1.allocatedNet }
            let netSum = mine.reduce(Money.zero) { $0 + $1.net }
            let lhs = memberSum + i.accounts.fee + i.accounts.residual
            if lhs != i.isoTotal || memberSum != i.memberAllocated || netSum != i.memberTotal
                || i.isoTotal != i.isoDayAhead + i.isoRealTime
            {
                out.append(RevenueAdequacyViolation(
                    interfaceID: i.interfaceID, intervalStart: nil, isoToA: i.isoTotal, allocated: lhs,
                    detail: "Σ pay \(memberSum.exactDescription) + fee \(i.accounts.fee.exactDescription) + residual \(i.accounts.residual.exactDescription) ≠ ISO→A \(i.isoTotal.exactDescription) (DA \(i.isoDayAhead.exactDescription) + RT \(i.isoRealTime.exactDescription)); member total on the interface line \(i.memberAllocated.exactDescription) (with local market \(i.memberTotal.exactDescription), lines \(netSum.exactDescription))"))
            }
            iso += i.isoTotal
            allocated += lhs
        }
        if iso != allocated {
            out.append(RevenueAdequacyViolation(
                interfaceID: nil, intervalStart: nil, isoToA: iso, allocated: allocated, detail: "DSO totals differ"))
        }
        return out
    }

    /// The check as the statement shows it.
    static func passed(_ s: DSOSettlement) -> CheckResult {
        let a = s.accounts
        let energy = s.interfaces.reduce(Int64(0)) { $0 + $1.netInjectionMicroKWh }
        return CheckResult(
            id: checkID, question: question, status: .pass, energyMicroKWh: energy, amount: s.isoTotal,
            detail: "ISO→A \(s.isoTotal.exactDescription) = Σ pay \(s.memberAllocated.exactDescription) + fee \(a.fee.exactDescription) + residual \(a.residual.exactDescription) (schedule split \(a.scheduleSplitResidual.exactDescription), distribution \(a.distributionResidual.exactDescription), rounding \(a.rounding.exactDescription)) over \(s.interfaces.count) interface(s) and \(s.grid.count) interval(s), exact in µ$",
            rule: "F5.3")
    }
}

/// A named failure of F5.3.
public struct RevenueAdequacyViolation: Error, Sendable, Hashable, CustomStringConvertible {
    public var id: String { RevenueAdequacy.checkID }
    /// nil = the DSO total.
    public var interfaceID: String?
    /// Set when the exact per-interval identity failed.
    public var intervalStart: Instant?
    public var isoToA: Money
    /// `Σ pay + fee + residual` (pay = ``DSOMemberLine/allocatedNet``).
    public var allocated: Money
    public var detail: String

    public var description: String {
        "\(id) VIOLATION [\(interfaceID ?? "DSO total")\(intervalStart.map { " @ \($0)" } ?? "")]: \(detail)"
    }
}
