import GridSettleCore

/// The policies in force and the ledger totals per account.
enum PoliciesLedgerSection {
    static func policies(_ s: Statement) -> String {
        var t = Table([.init("Policy"), .init("Value")], cls: "data compact")
        for p in s.policies { t.add([.markup("<span class=\"code\">\(HTML.escape(p.name))</span>"), .text(p.value)]) }
        return t.render()
    }

    /// Charging and discharging per account, kWh; the parts add up to the metered energy.
    static func ledger(_ s: Statement) -> String {
        let L = s.ledgerTotals
        var t = Table([.init("Account"), .init("Charging (delivered), kWh", numeric: true), .init("Discharging (received), kWh", numeric: true), .init("Meaning")], cls: "data compact")
        func row(_ name: String, _ ch: Int64?, _ dis: Int64?, _ note: String, cls: String? = nil) {
            t.add([
                .text(name), ch.map { .num(ReportFormat.kWh($0)) } ?? .emptyNum, dis.map { .num(ReportFormat.kWh($0)) } ?? .emptyNum,
                .text(note, "small"),
            ], cls: cls)
        }
        row("Wholesale", L.chargeWholesale, L.dischargeWholesale,
            s.market == .pjm ? "Direct Charging Energy and resale: settled with PJM"
                : (L.dischargeDemandResponse > 0 ? "award periods outside BESS idle, and discharge paid as demand response" : "award periods outside BESS idle: settled by CAISO"))
        if L.dischargeDemandResponse > 0 {
            row("… of which demand response", nil, L.dischargeDemandResponse, "dispatch-event discharge paid as performance, added back to the retail bill")
        }
        row("Retail", L.chargeRetail, L.dischargeRetail,
            s.market == .pjm ? "LSCE and on-site charging / output to on-site load: the LSE's and the retail bill's" : "outside award periods and idle: billed on the retail tariff")
        row("End use (driven)", L.chargeEndUse, nil, "energy that left in vehicles: end-use load, never wholesale")
        row("Storage meter total", L.delivered, L.received, "the parts above add up to these", cls: "row-total")
        if s.market == .pjm {
            row("Settled with PJM", L.caisoDelivered, L.caisoReceived, "DCE share of charging / resale after the meter correction")
        } else {
            row("CAISO meter (SQMD)", L.caisoDelivered, L.caisoReceived, "what the CAISO revenue meter carries")
        }
        row("Retail adjustment", L.backOut, L.addBack, "back-out (charging removed) / add-back (discharge added to the retail bill)")
        return t.render() + inventory(s)
    }

    /// The inventory pools at the start and end of the period, and where the opening came from: the next
    /// month of the resource opens with this closing (docs/dataset-format.md §9, "Consecutive months").
    static func inventory(_ s: Statement) -> String {
        guard let b = s.inventory else { return "" }
        var t = Table([.init("Inventory (charge-equivalent)"), .init("Retail pool, kWh", numeric: true), .init("Wholesale pool, kWh", numeric: true), .init("Source")], cls: "data compact")
        t.add([.text("Opening"), .num(ReportFormat.kWh(b.opening.retailMicroKWh)), .num(ReportFormat.kWh(b.opening.wholesaleMicroKWh)), .text(b.opening.source.description, "small")])
        t.add([.text("Closing"), .num(ReportFormat.kWh(b.closingRetailMicroKWh)), .num(ReportFormat.kWh(b.closingWholesaleMicroKWh)), .text("what the next month of this resource opens with", "small")])
        return t.render()
    }
}
