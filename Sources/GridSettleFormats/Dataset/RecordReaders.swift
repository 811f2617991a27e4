import GridSettleCore

/// Readers for the small record files: awards, signals, prices, mileage, trips, edits.
enum RecordReaders {
    /// The row's resource id when the scope knows it; otherwise an issue and nil.
    static func checkResource(_ p: FieldParser, _ row: CSVTable.Row, _ scope: ResourceScope) -> String? {
        let id = p.text(row, "resource_id")
        if scope.ids.contains(id) { return id }
        p.fail(row, "resource_id", scope.expected)
        return nil
    }

    static func awards(_ t: CSVTable, scope: ResourceScope, issues: IssueCollector) -> [String: [Award]] {
        let p = FieldParser(table: t, issues: issues)
        var out: [String: [Award]] = [:]
        var seen = RepeatedRows()
        forEachAward(t, scope: scope, issues: issues) { row, resource, run, product, start, seconds, mw, line in
            guard seen.isFirst(.init(resource, run.rawValue, product.rawValue, numbers: start, seconds), p, row, field: "interval_start",
                               what: "market, product, interval start and length")
            else { return }
            out[resource, default: []].append(Award(run: run, product: product, start: Instant(secondsSinceEpoch: start), seconds: seconds, microMW: mw, source: "\(t.file):\(line)"))
        }
        return out
    }

    /// Every award row of `t` that passes its checks: the row, resource, market, product, start (s), length (s), µMW and
    /// line. Shared by format 1 (which finds repeated rows as it goes) and a portfolio's blocks (which find them
    /// per resource once every block is read, ``PortfolioAwards``).
    static func forEachAward(
        _ t: CSVTable, scope: ResourceScope, issues: IssueCollector,
        _ body: (CSVTable.Row, String, MarketRun, AwardProduct, Int64, Int64, Int64, Int32) -> Void
    ) {
        let p = FieldParser(table: t, issues: issues)
        t.forEachRow(onIssue: issues.add) { row in
            guard let resource = checkResource(p, row, scope), let run = p.oneOf(row, "market", MarketRun.self),
                let product = p.oneOf(row, "product", AwardProduct.self), let start = p.instant(row, "interval_start"),
                let seconds = p.minutes(row, "interval_minutes"),
                let mw = p.bounded(row, "mw", scale: 6, range: DatasetRanges.awardMicroMW, unit: "MW", what: "MW (energy: + discharge, − charge; regulation: ≥ 0)")
            else { return }
            guard let line = Int32(exactly: row.line) else {
                p.fail(row, "resource_id", "an awards file of at most \(Int32.max) lines")
                return
            }
            body(row, resource, run, product, start.secondsSinceEpoch, seconds, mw, line)
        }
    }

    static func signals(_ t: CSVTable, scope: ResourceScope, issues: IssueCollector) -> [String: [ModeSignal]] {
        let p = FieldParser(table: t, issues: issues)
        var out: [String: [ModeSignal]] = [:]
        var seen = RepeatedRows()
        t.forEachRow(onIssue: issues.add) { row in
            guard let resource = checkResource(p, row, scope), let kind = p.oneOf(row, "signal", ModeSignalKind.self),
                let s = p.instant(row, "start"), let e = p.instant(row, "end")
            else { return }
            if !(s < e) { p.fail(row, "end", "an instant after start"); return }
            guard seen.isFirst(.init(resource, kind.rawValue, numbers: s.secondsSinceEpoch, e.secondsSinceEpoch), p, row, field: "start", what: "signal, start and end")
            else { return }
            out[resource, default: []].append(ModeSignal(kind: kind, start: s, end: e, source: "\(t.file):\(row.line)"))
        }
        return out
    }

    static func prices(_ t: CSVTable, issues: IssueCollector) -> [PricePoint] {
        let p = FieldParser(table: t, issues: issues)
        var out: [PricePoint] = []
        var seen = RepeatedRows()
        t.forEachRow(onIssue: issues.add) { row in
            guard let node = p.cleanText(row, "node", what: "a pricing node name") else { return }
            if node.isEmpty { p.fail(row, "node", "a pricing node name"); return }
            guard let run = p.oneOf(row, "market", MarketRun.self), let product = p.oneOf(row, "product", PriceProduct.self),
                let start = p.instant(row, "interval_start"), let seconds = p.minutes(row, "interval_minutes"),
                let price = p.bounded(row, "price", scale: 6, range: DatasetRanges.microPrice, unit: "$", what: "a price in $ (per MWh for LMP, per MW-h for capacity, per MW for mileage)")
            else { return }
            guard seen.isFirst(.init(node, run.rawValue, product.rawValue, numbers: start.secondsSinceEpoch, seconds), p, row, field: "interval_start",
                               what: "node, market, product, interval start and length")
            else { return }
            out.append(PricePoint(node: node, run: run, product: product, start: start, seconds: seconds, microPrice: price, source: "\(t.file):\(row.line)"))
        }
        return out
    }

    static func mileage(_ t: CSVTable, scope: ResourceScope, issues: IssueCollector) -> [String: [MileageRecord]] {
        let p = FieldParser(table: t, issues: issues)
        var out: [String: [MileageRecord]] = [:]
        var seen = RepeatedRows()
        t.forEachRow(onIssue: issues.add) { row in
            guard let resource = checkResource(p, row, scope), let dir = p.oneOf(row, "direction", MileageRecord.Direction.self),
                let start = p.instant(row, "interval_start"), let seconds = p.minutes(row, "interval_minutes"),
                let mw = p.bounded(row, "instructed_mileage_mw", scale: 6, range: DatasetRanges.mileageMicroMW, unit: "MW", what: "instructed mileage in MW"),
                let acc = p.decimal(row, "accuracy", scale: 6, nonNegative: true, what: "accuracy as a fraction 0…1")
            else { return }
            if acc > 1_000_000 { p.fail(row, "accuracy", "a fraction between 0 and 1"); return }
            guard seen.isFirst(.init(resource, dir.rawValue, numbers: start.secondsSinceEpoch), p, row, field: "interval_start", what: "direction and interval")
            else { return }
            out[resource, default: []].append(MileageRecord(direction: dir, start: start, seconds: seconds, instructedMicroMW: mw, accuracyMicro: acc, source: "\(t.file):\(row.line)"))
        }
        return out
    }

    static func trips(_ t: CSVTable, scope: ResourceScope, issues: IssueCollector) -> [String: [VehicleTrip]] {
        let p = FieldParser(table: t, issues: issues)
        var out: [String: [VehicleTrip]] = [:]
        var seen = RepeatedRows()
        t.forEachRow(onIssue: issues.add) { row in
            guard let resource = checkResource(p, row, scope), let dep = p.instant(row, "departure"), let ret = p.instant(row, "return"),
                let kwh = p.bounded(row, "driven_kwh", scale: 6, range: DatasetRanges.tripMicroKWh, unit: "kWh", what: "energy driven in kWh")
            else { return }
            guard let vehicle = p.cleanText(row, "vehicle_id", what: "a vehicle id") else { return }
            if vehicle.isEmpty { p.fail(row, "vehicle_id", "a vehicle id"); return }
            if !(dep < ret) { p.fail(row, "return", "an instant after departure"); return }
            // a vehicle departs once at a time: a second row would drive the same energy twice
            guard seen.isFirst(.init(resource, vehicle, numbers: dep.secondsSinceEpoch), p, row, field: "departure", what: "vehicle and departure")
            else { return }
            out[resource, default: []].append(VehicleTrip(vehicleID: vehicle, departure: dep, returnTime: ret, drivenMicroKWh: kwh, source: "\(t.file):\(row.line)"))
        }
        return out
    }

    static func events(_ t: CSVTable, scope: ResourceScope, issues: IssueCollector) -> [String: [DemandResponseEvent]] {
        let p = FieldParser(table: t, issues: issues)
        var out: [String: [DemandResponseEvent]] = [:]
        var seen = RepeatedRows()
        t.forEachRow(onIssue: issues.add) { row in
            guard let resource = checkResource(p, row, scope), let start = p.instant(row, "event_start"), let end = p.instant(row, "event_end"),
                let kind = p.oneOf(row, "type", DemandResponseEvent.Kind.self)
            else { return }
            if !(start < end) { p.fail(row, "event_end", "an instant after event_start"); return }
            guard seen.isFirst(.init(resource, kind.rawValue, numbers: start.secondsSinceEpoch), p, row, field: "event_start", what: "event type and start")
            else { return }
            out[resource, default: []].append(DemandResponseEvent(kind: kind, start: start, end: end, source: "\(t.file):\(row.line)"))
        }
        return out
    }

    static func edits(_ t: CSVTable, issues: IssueCollector) -> [MeterEdit] {
        let p = FieldParser(table: t, issues: issues)
        var out: [MeterEdit] = []
        var seen = RepeatedRows()
        t.forEachRow(onIssue: issues.add) { row in
            guard let start = p.instant(row, "interval_start"), let ch = p.oneOf(row, "channel", MeterEdit.Channel.self),
                let v = p.bounded(row, "new_kwh", scale: 6, range: 0...DatasetRanges.maximumMicroKWh(intervalSeconds: 3_600), unit: "kWh", what: "the corrected energy in kWh")
            else { return }
            guard let meter = p.cleanText(row, "meter_id", what: "a meter id"),
                let reason = p.cleanText(row, "reason", what: "why the value was edited"),
                let editor = p.cleanText(row, "editor", what: "who edited it")
            else { return }
            if reason.isEmpty { p.fail(row, "reason", "why the value was edited (kept in the audit log)"); return }
            if editor.isEmpty { p.fail(row, "editor", "who edited it (kept in the audit log)"); return }
            // two edits of one value would leave the last one in force and the first unexplained
            guard seen.isFirst(.init(meter, ch.rawValue, numbers: start.secondsSinceEpoch), p, row, field: "interval_start", what: "meter, interval and channel")
            else { return }
            out.append(MeterEdit(meterID: meter, intervalStart: start, channel: ch, newMicroKWh: v, reason: reason, editor: editor, source: "\(t.file):\(row.line)"))
        }
        return out
    }
}
