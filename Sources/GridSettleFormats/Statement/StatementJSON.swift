import GridSettleCore

/// Writes a ``Statement`` as JSON (docs/dataset-format.md "Outputs"). Amounts are decimal strings with two
/// decimals (rounded line amounts) plus the exact micro-dollar amount, so a reader can re-add them to the
/// cent without floating point.
public enum StatementJSON {
    public static func render(_ s: Statement) -> String { value(s).serialized() }

    public static func value(_ s: Statement) -> JSONValue {
        func money(_ m: Money) -> JSONValue { .string(m.description) }
        func runs(_ r: [IntervalRun]) -> JSONValue {
            .array(r.map { .object([("start", .string($0.start.description)), ("end", .string($0.end.description)), ("intervalMinutes", .int64($0.seconds / 60)), ("count", .int($0.count))]) })
        }
        let lines: [JSONValue] = s.lines.map { l in
            .object([
                ("section", .string(l.section.rawValue)), ("code", .string(l.code)), ("description", .string(l.description)),
                ("quantity", .string(FixedPointFormat.decimal(l.quantityMicro, scale: 6, fractionDigits: 6))), ("unit", .string(l.unit)),
                ("unitPrice", l.unitPriceMicro.map { .string(FixedPointFormat.decimal($0, scale: 6, fractionDigits: 6)) } ?? .null),
                ("priceUnit", .string(l.priceUnit)), ("amount", money(l.roundedAmount)), ("amountExact", .string(l.amount.exactDescription)),
                ("rule", .string(l.rule)), ("intervalCount", .int(l.intervalCount)), ("intervals", runs(l.runs)), ("note", .string(l.note)),
            ])
        }
        let totals: [(String, JSONValue)] = StatementSection.allCases.map { ($0.rawValue, money(s.total($0))) }
        let checks: [JSONValue] = s.checks.map { c in
            .object([
                ("id", .string(c.id)), ("status", .string(c.status.rawValue)), ("question", .string(c.question)),
                ("energyKWh", .string(Units.formatKWh(c.energyMicroKWh, digits: 6))), ("amount", c.amount.map(money) ?? .null),
                ("intervalCount", .int(c.intervalCount)), ("intervals", runs(c.runs)), ("detail", .string(c.detail)), ("rule", .string(c.rule)),
            ])
        }
        let t = s.ledgerTotals
        func kwh(_ v: Int64) -> JSONValue { .string(Units.formatKWh(v, digits: 6)) }
        return .object([
            ("formatVersion", .int(s.formatVersion)),
            ("site", .object([("id", .string(s.siteID)), ("name", .string(s.siteName))])),
            ("resource", .string(s.resourceID)), ("market", .string(s.market.rawValue)),
            ("period", .object([("start", .string(s.period.start.description)), ("end", .string(s.period.end.description)), ("timeZone", .string(s.timeZone))])),
            ("status", .string(s.status.rawValue)), ("statusReasons", .array(s.statusReasons.map { .string($0) })),
            ("violations", .array(s.violations.map { .string($0.id) })),
            ("policies", .object(s.policies.map { ($0.name, .string($0.value)) })),
            ("totals", .object(totals)),
            ("lines", .array(lines)),
            ("checks", .array(checks)),
            ("answers", .array(s.answers.map { .object([("id", .string($0.id)), ("question", .string($0.question)), ("answer", .string($0.answer))]) })),
            ("ledgerKWh", .object([
                ("charging", kwh(t.delivered)), ("chargingWholesale", kwh(t.chargeWholesale)), ("chargingRetail", kwh(t.chargeRetail)),
                ("chargingEndUse", kwh(t.chargeEndUse)), ("discharging", kwh(t.received)), ("dischargingWholesale", kwh(t.dischargeWholesale)),
                ("dischargingDemandResponse", kwh(t.dischargeDemandResponse)),
                ("dischargingRetail", kwh(t.dischargeRetail)), ("caisoMeterDelivered", kwh(t.caisoDelivered)), ("caisoMeterReceived", kwh(t.caisoReceived)),
                ("addedBack", kwh(t.addBack)), ("backedOut", kwh(t.backOut)),
            ])),
            ("inventoryKWh", s.inventory.map { b in
                .object([
                    ("openingSource", .string(b.opening.source.description)),
                    ("openingRetail", kwh(b.opening.retailMicroKWh)), ("openingWholesale", kwh(b.opening.wholesaleMicroKWh)),
                    ("closingRetail", kwh(b.closingRetailMicroKWh)), ("closingWholesale", kwh(b.closingWholesaleMicroKWh)),
                    ("ratchetMonthsCarried", .int(b.ratchetMonths)),
                ])
            } ?? .null),
            ("awardPeriodHours", .string(FixedPointFormat.decimal(t.awardPeriodSeconds * 1_000_000 / 3_600, scale: 6, fractionDigits: 6))),
            ("dataQuality", .array(s.dataQuality.map { q in
                .object([("meter", .string(q.meterID)), ("role", .string(q.role.rawValue)), ("actual", .int(q.actual)), ("edited", .int(q.edited)), ("estimated", .int(q.estimated)), ("missing", .int(q.missing))])
            })),
            ("veeFindings", .array(s.veeFindings.map { .string($0.message) })),
            ("veeAudit", .array(s.veeAudit.map { a in
                .object([("action", .string(a.action.rawValue)), ("meter", .string(a.meterID)), ("interval", .string(a.interval.description)), ("channel", .string(a.channel)),
                         ("oldKWh", a.oldMicroKWh.map { kwh($0) } ?? .null), ("oldQuality", .string(a.oldQuality.code)), ("newKWh", kwh(a.newMicroKWh)),
                         ("newQuality", .string(a.newQuality.code)), ("method", .string(a.method)), ("note", .string(a.note))])
            })),
        ])
    }
}

/// Writes the statement's lines as CSV, one row per line, for spreadsheets and reconciliation tools, through
/// ``CSVWriter`` (descriptions and notes may hold commas and quotes).
public enum StatementCSV {
    public static let header = "section,code,description,quantity,unit,unit_price,price_unit,amount,amount_exact,rule,interval_count,first_interval_start,last_interval_end,note"
    public static let columns = header.split(separator: ",").map(String.init)

    public static func render(_ s: Statement) -> String {
        var out = CSVWriter(columns: columns, reservingCapacity: (s.lines.count + StatementSection.allCases.count + 1) * 160)
        for l in s.lines {
            out.row([
                l.section.rawValue, l.code, l.description, FixedPointFormat.decimal(l.quantityMicro, scale: 6, fractionDigits: 6), l.unit,
                l.unitPriceMicro.map { FixedPointFormat.decimal($0, scale: 6, fractionDigits: 6) } ?? "", l.priceUnit,
                l.roundedAmount.description, l.amount.exactDescription, l.rule, String(l.intervalCount),
                l.runs.first?.start.description ?? "", l.runs.last?.end.description ?? "", l.note,
            ])
        }
        for section in StatementSection.allCases {
            out.row([section.rawValue, "TOTAL", section.title, "", "", "", "", s.total(section).description, "", "sum of rounded lines", "", "", "", ""])
        }
        return out.text
    }
}
