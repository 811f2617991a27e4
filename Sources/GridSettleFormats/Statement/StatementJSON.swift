import GridSettleCore

/// Writes a ``Statement`` as JSON (docs/dataset-format.md "Outputs"). Amounts are decimal strings with two
/// decimals (rounded line amounts) plus the exact micro-dollar amount, so a reader can re-add them to the
/// cent without floating point.
public enum StatementJSON {
    public static func render(_ s: Statement) -> String { String(decoding: bytes(s), as: UTF8.self) }

    /// ``render(_:)`` as UTF-8, for a file. Written as the statement is walked (``JSONWriter``), not built as a
    /// ``JSONValue`` tree first: the lineage alone is an object per run of intervals.
    public static func bytes(_ s: Statement) -> [UInt8] {
        var w = JSONWriter(reservingCapacity: 65_536)
        func kwh(_ v: Int64) -> String { Units.formatKWh(v, digits: 6) }
        func micro(_ v: Int64) -> String { FixedPointFormat.decimal(v, scale: 6, fractionDigits: 6) }
        func runs(_ w: inout JSONWriter, _ r: [IntervalRun]) {
            w.objects("intervals", r) { w, run in
                w.member("start", run.start.description)
                w.member("end", run.end.description)
                w.key("intervalMinutes")
                w.number(String(run.seconds / 60))
                w.member("count", int: run.count)
            }
        }
        let t = s.ledgerTotals
        w.beginObject()
        w.member("formatVersion", int: s.formatVersion)
        w.object("site") { w in
            w.member("id", s.siteID)
            w.member("name", s.siteName)
        }
        w.member("resource", s.resourceID)
        w.member("market", s.market.rawValue)
        w.object("period") { w in
            w.member("start", s.period.start.description)
            w.member("end", s.period.end.description)
            w.member("timeZone", s.timeZone)
        }
        w.member("status", s.status.rawValue)
        w.strings("statusReasons", s.statusReasons)
        w.strings("violations", s.violations.lazy.map(\.id))
        w.object("policies") { w in
            for p in s.policies { w.member(p.name, p.value) }
        }
        w.object("totals") { w in
            for section in StatementSection.allCases { w.member(section.rawValue, s.total(section).description) }
        }
        w.objects("lines", s.lines) { w, l in
            w.member("section", l.section.rawValue)
            w.member("code", l.code)
            w.member("description", l.description)
            w.member("quantity", micro(l.quantityMicro))
            w.member("unit", l.unit)
            w.member("unitPrice", orNull: l.unitPriceMicro.map(micro))
            w.member("priceUnit", l.priceUnit)
            w.member("amount", l.roundedAmount.description)
            w.member("amountExact", l.amount.exactDescription)
            w.member("rule", l.rule)
            w.member("intervalCount", int: l.intervalCount)
            runs(&w, l.runs)
            w.member("note", l.note)
        }
        w.objects("checks", s.checks) { w, c in
            w.member("id", c.id)
            w.member("status", c.status.rawValue)
            w.member("question", c.question)
            w.member("energyKWh", kwh(c.energyMicroKWh))
            w.member("amount", orNull: c.amount?.description)
            w.member("intervalCount", int: c.intervalCount)
            runs(&w, c.runs)
            w.member("detail", c.detail)
            w.member("rule", c.rule)
        }
        w.objects("answers", s.answers) { w, a in
            w.member("id", a.id)
            w.member("question", a.question)
            w.member("answer", a.answer)
        }
        w.object("ledgerKWh") { w in
            for (name, value) in [
                ("charging", t.delivered), ("chargingWholesale", t.chargeWholesale), ("chargingRetail", t.chargeRetail),
                ("chargingEndUse", t.chargeEndUse), ("discharging", t.received), ("dischargingWholesale", t.dischargeWholesale),
                ("dischargingDemandResponse", t.dischargeDemandResponse), ("dischargingRetail", t.dischargeRetail),
                ("caisoMeterDelivered", t.caisoDelivered), ("caisoMeterReceived", t.caisoReceived), ("addedBack", t.addBack), ("backedOut", t.backOut),
            ] { w.member(name, kwh(value)) }
        }
        if let b = s.inventory {
            w.object("inventoryKWh") { w in
                w.member("openingSource", b.opening.source.description)
                w.member("openingRetail", kwh(b.opening.retailMicroKWh))
                w.member("openingWholesale", kwh(b.opening.wholesaleMicroKWh))
                w.member("closingRetail", kwh(b.closingRetailMicroKWh))
                w.member("closingWholesale", kwh(b.closingWholesaleMicroKWh))
                w.member("ratchetMonthsCarried", int: b.ratchetMonths)
            }
        } else {
            w.key("inventoryKWh")
            w.null()
        }
        w.member("awardPeriodHours", micro(t.awardPeriodSeconds * 1_000_000 / 3_600))
        w.objects("dataQuality", s.dataQuality) { w, q in
            w.member("meter", q.meterID)
            w.member("role", q.role.rawValue)
            w.member("actual", int: q.actual)
            w.member("edited", int: q.edited)
            w.member("estimated", int: q.estimated)
            w.member("missing", int: q.missing)
        }
        w.strings("veeFindings", s.veeFindings.lazy.map(\.message))
        w.objects("veeAudit", s.veeAudit) { w, a in
            w.member("action", a.action.rawValue)
            w.member("meter", a.meterID)
            w.member("interval", a.interval.description)
            w.member("channel", a.channel)
            w.member("oldKWh", orNull: a.oldMicroKWh.map(kwh))
            w.member("oldQuality", a.oldQuality.code)
            w.member("newKWh", kwh(a.newMicroKWh))
            w.member("newQuality", a.newQuality.code)
            w.member("method", a.method)
            w.member("note", a.note)
        }
        w.endObject()
        return w.finished()
    }
}

/// Writes the statement's lines as CSV, one row per line, for spreadsheets and reconciliation tools, through
/// ``CSVWriter`` (descriptions and notes may hold commas and quotes).
public enum StatementCSV {
    public static let header = "section,code,description,quantity,unit,unit_price,price_unit,amount,amount_exact,rule,interval_count,first_interval_start,last_interval_end,note"
    public static let columns = header.split(separator: ",").map(String.init)

    public static func render(_ s: Statement) -> String { String(decoding: bytes(s), as: UTF8.self) }

    /// ``render(_:)`` as UTF-8, for a file.
    public static func bytes(_ s: Statement) -> [UInt8] {
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
        return out.bytes
    }
}
