/// The stored form of a whole ``Statement`` (schema v9, `run_statement.statement`): every field, so the statement
/// JSON, CSV and HTML report of a stored run are rendered on demand from it and equal, byte for byte, what was
/// rendered when the run was settled.
///
/// Layout, version 1: the magic `GSS1`, then the fields in declaration order with ``CompactWriter``'s primitives
/// (varints, zig-zag for signed values, text as a byte count and UTF-8, a flag before an optional value, a count
/// before a list). Enumerations are stored by their raw text, so a stored statement reads the same after cases are
/// added. A line's or check's intervals are runs (start, length, count), as in the statement itself. A month of
/// the benchmark portfolio's statement is about 11 KB, against 88 KB of JSON.
///
/// Decoding is total: damaged bytes throw ``CompactReader/Corrupt`` naming where they stop making sense. The
/// decoder also bounds what rendering adds up or turns into local time, so a decoded statement never traps
/// when rendered: amounts (each at most ±$10¹², and all of a statement's lines together within 63 bits), instants
/// (years 1–9999), the period (1900–2200, at most 366 days), time zones (those a site file may name), and
/// numbers of intervals and rows.
public enum StatementCoding {
    static let magic: [UInt8] = Array("GSS1".utf8)
    static let what = "stored statement"

    public typealias Corrupt = CompactReader.Corrupt

    public static func encode(_ s: Statement) -> [UInt8] {
        var w = CompactWriter(reservingCapacity: 4_096)
        w.bytes += magic
        w.signed(Int64(s.formatVersion))
        w.text(s.siteID)
        w.text(s.siteName)
        w.text(s.resourceID)
        w.text(s.market.rawValue)
        w.text(s.period.start.description)
        w.text(s.period.end.description)
        w.text(s.timeZone)
        w.text(s.status.rawValue)
        w.texts(s.statusReasons)
        w.count(s.policies.count)
        for p in s.policies {
            w.text(p.name)
            w.text(p.value)
        }
        w.count(s.lines.count)
        for l in s.lines {
            w.text(l.section.rawValue)
            w.text(l.code)
            w.text(l.description)
            w.signed(l.quantityMicro)
            w.text(l.unit)
            w.optional(l.unitPriceMicro) { $0.signed($1) }
            w.text(l.priceUnit)
            w.signed(l.amount.micros)
            w.text(l.rule)
            w.runs(l.runs)
            w.count(l.intervalCount)
            w.text(l.note)
        }
        w.count(s.checks.count)
        for c in s.checks {
            w.text(c.id)
            w.text(c.question)
            w.text(c.status.rawValue)
            w.signed(c.energyMicroKWh)
            w.optional(c.amount) { $0.signed($1.micros) }
            w.runs(c.runs)
            w.count(c.intervalCount)
            w.text(c.detail)
            w.text(c.rule)
        }
        w.count(s.dataQuality.count)
        for q in s.dataQuality {
            w.text(q.meterID)
            w.text(q.role.rawValue)
            for n in [q.actual, q.edited, q.estimated, q.missing] { w.count(n) }
        }
        let t = s.ledgerTotals
        for v in [
            t.delivered, t.received, t.chargeWholesale, t.chargeRetail, t.chargeEndUse, t.dischargeWholesale, t.dischargeRetail,
            t.dischargeDemandResponse, t.caisoDelivered, t.caisoReceived, t.addBack, t.backOut, t.awardPeriodSeconds,
        ] { w.signed(v) }
        w.count(s.answers.count)
        for a in s.answers {
            w.text(a.id)
            w.text(a.question)
            w.text(a.answer)
        }
        w.count(s.veeFindings.count)
        for f in s.veeFindings {
            w.text(f.severity.rawValue)
            w.text(f.code)
            w.text(f.meterID)
            w.optional(f.interval) { $0.signed($1.secondsSinceEpoch) }
            w.text(f.field)
            w.text(f.value)
            w.text(f.expected)
            w.text(f.source)
        }
        w.count(s.veeAudit.count)
        for a in s.veeAudit {
            w.text(a.action.rawValue)
            w.text(a.meterID)
            w.signed(a.interval.secondsSinceEpoch)
            w.text(a.channel)
            w.optional(a.oldMicroKWh) { $0.signed($1) }
            w.byte(a.oldQuality.rawValue)
            w.signed(a.newMicroKWh)
            w.byte(a.newQuality.rawValue)
            w.text(a.method)
            w.text(a.note)
        }
        w.optional(s.inventory) { w, b in
            switch b.opening.source {
            case .siteFile: w.optional(String?.none) { $0.text($1) }
            case .carried(let month): w.optional(month) { $0.text($1) }
            }
            w.signed(b.opening.retailMicroKWh)
            w.signed(b.opening.wholesaleMicroKWh)
            for h in [b.opening.demandHistory.asMetered, b.opening.demandHistory.addedBack, b.opening.demandHistory.noShaving] {
                w.count(h.count)
                for e in h {
                    w.signed(Int64(e.billMonth))
                    w.signed(e.peak)
                }
            }
            w.signed(b.closingRetailMicroKWh)
            w.signed(b.closingWholesaleMicroKWh)
        }
        w.optional(s.facts) { w, f in
            w.optional(f.capacityKW) { $0.unsigned($1.bitPattern) }
            w.text(f.participationModel)
            w.text(f.pricingNode)
            w.count(f.meters.count)
            for m in f.meters {
                w.text(m.id)
                w.text(m.role.rawValue)
                w.count(m.intervalMinutes)
            }
            w.zone(f.zone)
        }
        return w.bytes
    }

    public static func decode(_ bytes: [UInt8]) throws(Corrupt) -> Statement {
        var r = CompactReader(bytes, what: what)
        try r.expect(magic: magic)
        let formatVersion = Int(try r.signed(in: 1...1_000, "a format version"))
        let siteID = try r.text()
        let siteName = try r.text()
        let resourceID = try r.text()
        let market = try r.raw(Market.self, "market")
        let startText = try r.text()
        let endText = try r.text()
        guard let start = LocalDate(parsing: startText), let end = LocalDate(parsing: endText), start < end,
            DatasetRanges.periodYears.contains(start.year), DatasetRanges.periodYears.contains(end.year),
            end.daysSinceEpoch - start.daysSinceEpoch <= 366
        else {
            throw r.corrupt("the period \(startText)…\(endText) is not two dates of \(DatasetRanges.periodYears) in order at most 366 days apart")
        }
        let timeZone = try r.text()
        let status = try r.raw(Statement.Status.self, "status")
        let reasons = try r.texts()
        var policies: [(name: String, value: String)] = []
        for _ in 0..<(try r.count()) { policies.append((try r.text(), try r.text())) }
        var lines: [StatementLine] = []
        // every total the documents print adds rounded line amounts: all of them together must fit 63 bits
        var magnitude: UInt64 = 0
        for _ in 0..<(try r.count(atMost: 100_000)) {
            let section = try r.raw(StatementSection.self, "section")
            let code = try r.text()
            let description = try r.text()
            let quantity = try r.signed()
            let unit = try r.text()
            let price = try r.optional { (r: inout CompactReader) throws(Corrupt) in try r.signed() }
            let priceUnit = try r.text()
            let amount = try r.amount()
            let (sum, overflow) = magnitude.addingReportingOverflow(amount.roundedToCents.micros.magnitude)
            guard !overflow, sum <= UInt64(Int64.max) else { throw r.corrupt("line amounts that add up beyond 64 bits") }
            magnitude = sum
            let rule = try r.text()
            let runs = try r.runs()
            let count = try r.int(atMost: Int(Int32.max))
            lines.append(
                StatementLine(
                    section: section, code: code, description: description, quantityMicro: quantity, unit: unit, unitPriceMicro: price,
                    priceUnit: priceUnit, amount: amount, rule: rule, runs: runs, intervalCount: count, note: try r.text()))
        }
        var checks: [CheckResult] = []
        var checkMagnitude: UInt64 = 0
        for _ in 0..<(try r.count(atMost: 10_000)) {
            let id = try r.text()
            let question = try r.text()
            let status = try r.raw(CheckResult.Status.self, "check status")
            let energy = try r.signed()
            let amount = try r.optional { (r: inout CompactReader) throws(Corrupt) in try r.amount() }
            let (sum, overflow) = checkMagnitude.addingReportingOverflow(amount?.roundedToCents.micros.magnitude ?? 0)
            guard !overflow, sum <= UInt64(Int64.max) else { throw r.corrupt("check amounts that add up beyond 64 bits") }
            checkMagnitude = sum
            let runs = try r.runs()
            let count = try r.int(atMost: Int(Int32.max))
            checks.append(
                CheckResult(
                    id: id, question: question, status: status, energyMicroKWh: energy, amount: amount, runs: runs, intervalCount: count,
                    detail: try r.text(), rule: try r.text()))
        }
        var quality: [MeterQuality] = []
        for _ in 0..<(try r.count()) {
            let id = try r.text()
            let role = try r.raw(MeterRole.self, "meter role")
            let limit = Int(Int32.max)
            quality.append(
                MeterQuality(
                    meterID: id, role: role, actual: try r.int(atMost: limit), edited: try r.int(atMost: limit),
                    estimated: try r.int(atMost: limit), missing: try r.int(atMost: limit)))
        }
        let totals = LedgerTotals(
            delivered: try r.signed(), received: try r.signed(), chargeWholesale: try r.signed(), chargeRetail: try r.signed(),
            chargeEndUse: try r.signed(), dischargeWholesale: try r.signed(), dischargeRetail: try r.signed(),
            dischargeDemandResponse: try r.signed(), caisoDelivered: try r.signed(), caisoReceived: try r.signed(), addBack: try r.signed(),
            backOut: try r.signed(), awardPeriodSeconds: try r.signed())
        var answers: [Statement.Answer] = []
        for _ in 0..<(try r.count()) { answers.append(Statement.Answer(id: try r.text(), question: try r.text(), answer: try r.text())) }
        var findings: [VEEFinding] = []
        for _ in 0..<(try r.count()) {
            findings.append(
                VEEFinding(
                    severity: try r.raw(VEEFinding.Severity.self, "VEE finding severity"), code: try r.text(), meterID: try r.text(),
                    interval: try r.optional { (r: inout CompactReader) throws(Corrupt) in try r.instant() }, field: try r.text(),
                    value: try r.text(), expected: try r.text(), source: try r.text()))
        }
        var audit: [VEEAuditEntry] = []
        for _ in 0..<(try r.count()) {
            audit.append(
                VEEAuditEntry(
                    action: try r.raw(VEEAuditEntry.Action.self, "VEE audit action"), meterID: try r.text(), interval: try r.instant(),
                    channel: try r.text(), oldMicroKWh: try r.optional { (r: inout CompactReader) throws(Corrupt) in try r.signed() },
                    oldQuality: try r.quality(), newMicroKWh: try r.signed(), newQuality: try r.quality(), method: try r.text(),
                    note: try r.text()))
        }
        let inventory = try r.optional { (r: inout CompactReader) throws(Corrupt) -> InventoryBalance in
            let carried = try r.optional { (r: inout CompactReader) throws(Corrupt) in try r.text() }
            let retail = try r.signed()
            let wholesale = try r.signed()
            var histories: [[DemandHistoryEntry]] = []
            for _ in 0..<3 {
                var h: [DemandHistoryEntry] = []
                for _ in 0..<(try r.count(atMost: 1_000)) {
                    h.append(DemandHistoryEntry(billMonth: Int(try r.signed(in: -1_000_000...1_000_000, "a bill month")), peak: try r.signed()))
                }
                histories.append(h)
            }
            let opening = OpeningBalance(
                source: carried.map { .carried(from: $0) } ?? .siteFile, retailMicroKWh: retail, wholesaleMicroKWh: wholesale,
                demandHistory: DemandHistories(asMetered: histories[0], addedBack: histories[1], noShaving: histories[2]))
            return InventoryBalance(opening: opening, closingRetailMicroKWh: try r.signed(), closingWholesaleMicroKWh: try r.signed())
        }
        let facts = try r.optional { (r: inout CompactReader) throws(Corrupt) -> StatementFacts in
            let capacity = try r.optional { (r: inout CompactReader) throws(Corrupt) -> Double in
                let v = Double(bitPattern: try r.unsigned())
                guard DatasetRanges.holds(DatasetRanges.powerKW, v) else { throw r.corrupt("a site capacity of \(v) kW, expected 0…1000000") }
                return v
            }
            let model = try r.text()
            let node = try r.text()
            var meters: [StatementFacts.Meter] = []
            for _ in 0..<(try r.count()) {
                let id = try r.text()
                let role = try r.raw(MeterRole.self, "meter role")
                let minutes = try r.int(atMost: 60)
                guard DatasetRanges.intervalMinutes.contains(minutes) else { throw r.corrupt("an interval of \(minutes) minutes") }
                meters.append(StatementFacts.Meter(id: id, role: role, intervalMinutes: minutes))
            }
            return StatementFacts(capacityKW: capacity, participationModel: model, pricingNode: node, meters: meters, zone: try r.zone())
        }
        try r.expectEnd()
        return Statement(
            formatVersion: formatVersion, siteID: siteID, siteName: siteName, resourceID: resourceID, market: market,
            period: SettlementPeriod(start: start, end: end), timeZone: timeZone, status: status, statusReasons: reasons, policies: policies,
            lines: lines, checks: checks, dataQuality: quality, ledgerTotals: totals, answers: answers, veeFindings: findings,
            veeAudit: audit, inventory: inventory, facts: facts)
    }
}

extension CompactWriter {
    mutating func texts(_ list: [String]) {
        count(list.count)
        for s in list { text(s) }
    }

    /// Interval runs as (start, length in seconds, count).
    mutating func runs(_ list: [IntervalRun]) {
        count(list.count)
        for run in list {
            signed(run.start.secondsSinceEpoch)
            signed(run.seconds)
            count(run.count)
        }
    }
}

extension CompactReader {
    mutating func texts() throws(Corrupt) -> [String] {
        var out: [String] = []
        for _ in 0..<(try count()) { out.append(try text()) }
        return out
    }

    /// An amount of at most $10¹² either way (µ$), so rounding it to cents cannot overflow.
    mutating func amount() throws(Corrupt) -> Money {
        Money(micros: try signed(in: -1_000_000_000_000_000_000...1_000_000_000_000_000_000, "an amount in µ$"))
    }

    mutating func quality() throws(Corrupt) -> DataQuality {
        let b = try byte()
        guard let q = DataQuality(rawValue: b) else { throw corrupt("a quality code \(b)") }
        return q
    }

    /// Runs whose every interval starts and ends inside ``instants``.
    mutating func runs() throws(Corrupt) -> [IntervalRun] {
        var out: [IntervalRun] = []
        for _ in 0..<(try count()) {
            let start = try instant()
            let seconds = try signed(in: 1...86_400, "an interval length in seconds")
            let n = try int(atMost: 10_000_000)
            guard start.secondsSinceEpoch + seconds * Int64(n) <= Self.instants.upperBound else { throw corrupt("a run ending after the year 9999") }
            out.append(IntervalRun(start: start, seconds: seconds, count: n))
        }
        return out
    }
}
