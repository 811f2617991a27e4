import GridSettleCore

/// Reads OpenADR 3.0 `event` JSON (research data_formats.md §4.5) into demand-response events and dispatch
/// awards.
///
/// Accepted documents: one `event` object, an array of events (a `GET /events` answer), or a webhook
/// notification `{"objectType": "EVENT", "operation": "POST"|"PUT"|"DELETE", "object": {…}}`. A `DELETE`
/// imports nothing (a warning names the event).
///
/// Per event:
/// - `programID` and `intervals` are required (the schema's required fields); `id` is the event id. The
///   `modificationDateTime` (seconds since 1970) is the modification: when the same `id` appears more than
///   once the latest one wins and each superseded copy is named in a warning.
/// - timing: the event's `intervalPeriod` (`start`, `duration`) is the default for each interval; an
///   interval's own `intervalPeriod` overrides it. Intervals run consecutively in `id` order from the
///   event's start, so an interval without a start begins where the previous one ended. The event window
///   (one ``DemandResponseEvent``, kind `.dispatch`: 3.0 has no test flag) runs from the first interval's
///   start to the last one's end.
/// - payload `values` must be an array (the schema says so; tweedegolf/openadr-rs `event.json` writes a
///   scalar, which is refused with an error saying why).
/// - `DISPATCH_SETPOINT` payloads, with `units` `KW`, `MW` or `W` from the event's `payloadDescriptors`, make
///   one `.energy` ``Award`` per ``ImportOptions/awardRun`` interval (a whole multiple of the run's interval is
///   cut into run-length awards; anything else is an error). **Sign:** the program defines it (research §4.5);
///   GridSettle reads positive as discharge (generation) and negative as charging, as in `awards.csv`.
/// - `SIMPLE` and every other payload type (`PRICE`, `DISPATCH_SETPOINT_RELATIVE`, `ALERT_*`, …) yield the
///   event only, with a warning that the payload is not an award.
/// - the resource: `ImportOptions.resourceID` if given, else the `targets` `RESOURCE_NAME` values, else its
///   `VEN_NAME` values; with none of these the file is refused, asking for `--resource`.
///
/// Issues name `file:line` in `location` and the JSON path in `field`, e.g.
/// `events[0].intervals[2].payloads[0].values`.
public enum OpenADR3Reader {
    public static let formatName = "openadr3"

    /// Events and awards from OpenADR 3.0 event JSON. Options used: `resourceID`, `awardRun`.
    public static func read(_ bytes: [UInt8], file: String, options: ImportOptions) throws(DatasetInvalid) -> ImportedRecords {
        let root = try OpenADRJSONParser.parse(bytes, file: file)
        var issues = OpenADRIssues()
        let r = Reading(file: file, options: options)
        var items: [(node: OpenADRJSONNode, path: String)] = []
        if let list = root.array {
            items = list.enumerated().map { ($0.element, "events[\($0.offset)]") }
        } else if root.isObject, root["operation"] != nil || root["object"] != nil {
            let type = root["objectType"]?.string ?? ""
            let op = root["operation"]?.string ?? ""
            if type != "EVENT" {
                issues.error(r.at(root["objectType"] ?? root), "objectType", root["objectType"]?.described ?? "(missing)", "\"EVENT\": a notification of an event")
            }
            guard let object = root["object"], object.isObject else {
                issues.error(r.at(root), "object", root["object"]?.described ?? "(missing)", "the notified event object")
                try issues.throwIfErrors()
                return ImportedRecords()
            }
            switch op {
            case "POST", "PUT": items = [(object, "object")]
            case "DELETE":
                issues.warning(
                    r.at(root), "operation", op,
                    "POST or PUT: event \(object["id"]?.string ?? "(no id)") was deleted, so no event or award is imported for it")
            default:
                issues.error(r.at(root["operation"] ?? root), "operation", op, "POST, PUT or DELETE")
            }
        } else if root.isObject {
            items = [(root, "event")]
        } else {
            issues.error(r.at(root), "$", root.described, "an OpenADR 3.0 event object, an array of events, or an EVENT notification")
        }
        var events: [Event] = []
        for (node, path) in items {
            if let e = r.event(node, path: path, issues: &issues) { events.append(e) }
        }
        let records = r.map(events, issues: &issues)
        try issues.throwIfErrors()
        return records
    }

    struct Interval {
        var id: Int
        var start: OpenADRFields.Stamp
        var seconds: Int64
        var path: String
        var line: Int
        /// (type, value text, path of its values, line) for each payload with one numeric value.
        var payloads: [(type: String, values: OpenADRJSONNode, path: String)]
    }

    struct Event {
        var id: String
        var modification: Int
        var path: String
        var line: Int
        var start: OpenADRFields.Stamp
        var end: Instant
        var resources: [String]
        var units: [String: String]
        var unitsPath: String
        var intervals: [Interval]
    }

    struct Reading {
        let file: String
        let options: ImportOptions

        func at(_ n: OpenADRJSONNode) -> String { "\(file):\(n.line)" }

        func event(_ node: OpenADRJSONNode, path: String, issues: inout OpenADRIssues) -> Event? {
            guard node.isObject else {
                issues.error(at(node), path, node.described, "an OpenADR 3.0 event object")
                return nil
            }
            let before = issues.errors.count
            if let t = node["objectType"], t.string != "EVENT" {
                issues.error(at(t), path + ".objectType", t.described, "\"EVENT\"")
            }
            let id = node["id"]?.string ?? ""
            if let idNode = node["id"], idNode.string == nil, !idNode.isNull {
                issues.error(at(idNode), path + ".id", idNode.described, "a string id")
            }
            let program = node["programID"]
            if program?.string?.isEmpty ?? true {
                issues.error(at(program ?? node), path + ".programID", program?.described ?? "(missing)", "the event's programID (required)")
            }
            var modification = 0
            if let m = node["modificationDateTime"], !m.isNull {
                if let s = m.string.flatMap(OpenADRFields.instant) {
                    modification = Int(s.instant.secondsSinceEpoch)
                } else {
                    issues.error(at(m), path + ".modificationDateTime", m.string ?? m.described, OpenADRFields.instantExpected)
                }
            }
            if let p = node["priority"], !p.isNull {
                if case .number(let n) = p.kind, OpenADRFields.wholeNumber(n) != nil {
                } else {
                    issues.error(at(p), path + ".priority", p.described, "a whole number ≥ 0 or null")
                }
            }
            // payloadDescriptors: units per payload type
            var units: [String: String] = [:]
            if let pd = node["payloadDescriptors"], !pd.isNull {
                if let list = pd.array {
                    for (k, d) in list.enumerated() {
                        let dp = "\(path).payloadDescriptors[\(k)]"
                        guard d.isObject, let type = d["payloadType"]?.string else {
                            issues.error(at(d), dp + ".payloadType", d["payloadType"]?.described ?? d.described, "a payload descriptor with a payloadType string")
                            continue
                        }
                        if let u = d["units"], !u.isNull {
                            if let s = u.string { units[type] = s } else { issues.error(at(u), dp + ".units", u.described, "a units string, e.g. KW") }
                        }
                    }
                } else {
                    issues.error(at(pd), path + ".payloadDescriptors", pd.described, "an array of payload descriptors")
                }
            }
            // targets
            var resourceNames: [String] = []
            var venNames: [String] = []
            if let t = node["targets"], !t.isNull {
                if let list = t.array {
                    for (k, target) in list.enumerated() {
                        let tp = "\(path).targets[\(k)]"
                        guard target.isObject, let type = target["type"]?.string, let values = target["values"]?.array else {
                            issues.error(at(target), tp, target.described, "a target {\"type\": \"RESOURCE_NAME\", \"values\": [\"…\"]}")
                            continue
                        }
                        var names: [String] = []
                        for (j, v) in values.enumerated() {
                            if let s = v.string { names.append(s) } else { issues.error(at(v), "\(tp).values[\(j)]", v.described, "a string") }
                        }
                        if type == "RESOURCE_NAME" { resourceNames += names }
                        if type == "VEN_NAME" { venNames += names }
                    }
                } else {
                    issues.error(at(t), path + ".targets", t.described, "an array of targets")
                }
            }
            // default interval period
            var cursor: OpenADRFields.Stamp? = nil
            var defaultSeconds: Int64? = nil
            if let ip = node["intervalPeriod"], !ip.isNull {
                (cursor, defaultSeconds) = period(ip, path: path + ".intervalPeriod", issues: &issues)
            }
            // intervals
            guard let ivs = node["intervals"]?.array else {
                issues.error(at(node["intervals"] ?? node), path + ".intervals", node["intervals"]?.described ?? "(missing)", "the event's intervals array (required)")
                return nil
            }
            var raw: [(id: Int, node: OpenADRJSONNode, path: String)] = []
            var seenIDs: [Int: String] = [:]
            for (k, iv) in ivs.enumerated() {
                let ipath = "\(path).intervals[\(k)]"
                guard iv.isObject else {
                    issues.error(at(iv), ipath, iv.described, "an interval object {id, intervalPeriod?, payloads}")
                    continue
                }
                guard case .number(let n)? = iv["id"]?.kind, let id = OpenADRFields.wholeNumber(n) else {
                    issues.error(at(iv["id"] ?? iv), ipath + ".id", iv["id"]?.described ?? "(missing)", "a whole-number interval id ≥ 0 (required)")
                    continue
                }
                if let other = seenIDs[id] {
                    issues.error(at(iv), ipath + ".id", "\(id)", "an interval id used once per event (\(other) has it too)")
                    continue
                }
                seenIDs[id] = ipath
                raw.append((id, iv, ipath))
            }
            raw.sort { $0.id < $1.id }
            var intervals: [Interval] = []
            for (id, iv, ipath) in raw {
                var start = cursor
                var seconds = defaultSeconds
                if let ip = iv["intervalPeriod"], !ip.isNull {
                    let (s, d) = period(ip, path: ipath + ".intervalPeriod", issues: &issues)
                    if let s { start = s }
                    if let d { seconds = d }
                }
                guard let start, let seconds else {
                    issues.error(
                        at(iv), ipath + ".intervalPeriod", iv["intervalPeriod"]?.described ?? "(missing)",
                        "an interval start and duration: from the interval's intervalPeriod, the event's, or the previous interval's end")
                    cursor = nil
                    continue
                }
                // a duration is at most 100 years, but a start near 9999 (or a long run of intervals) can still
                // end where no dataset file can write it
                guard InterchangeLimits.contains(start: start.instant.secondsSinceEpoch, seconds: seconds) else {
                    issues.error(
                        at(iv["intervalPeriod"] ?? iv), ipath + ".intervalPeriod", "\(start.instant) for \(seconds) s",
                        "an interval \(InterchangeLimits.instantRangeText)")
                    cursor = nil
                    continue
                }
                cursor = OpenADRFields.Stamp(instant: start.instant.adding(seconds: seconds), droppedFraction: start.droppedFraction)
                var payloads: [(type: String, values: OpenADRJSONNode, path: String)] = []
                if let list = iv["payloads"]?.array {
                    for (k, p) in list.enumerated() {
                        let pp = "\(ipath).payloads[\(k)]"
                        guard p.isObject, let type = p["type"]?.string, !type.isEmpty else {
                            issues.error(at(p), pp + ".type", p["type"]?.described ?? p.described, "a payload with a type string (e.g. DISPATCH_SETPOINT)")
                            continue
                        }
                        guard let values = p["values"], values.array != nil else {
                            issues.error(
                                at(p["values"] ?? p), pp + ".values", p["values"]?.described ?? "(missing)",
                                "an array of values: OpenADR 3.0 payload values are always an array, e.g. [-250] (a scalar, as in openadr-rs event.json, is not conformant)")
                            continue
                        }
                        payloads.append((type, values, pp + ".values"))
                    }
                } else {
                    issues.error(at(iv["payloads"] ?? iv), ipath + ".payloads", iv["payloads"]?.described ?? "(missing)", "the interval's payloads array (required)")
                }
                intervals.append(Interval(id: id, start: start, seconds: seconds, path: ipath, line: iv.line, payloads: payloads))
            }
            if ivs.isEmpty {
                issues.error(at(node["intervals"]!), path + ".intervals", "[]", "at least one interval")
            }
            guard issues.errors.count == before, !intervals.isEmpty else { return nil }
            let end = intervals.map { $0.start.instant.adding(seconds: $0.seconds) }.max()!
            let start = intervals.min { $0.start.instant < $1.start.instant }!.start
            let resources: [String]
            if let r = options.resourceID {
                resources = [r]
            } else if !resourceNames.isEmpty {
                resources = OpenADR2bReader.unique(resourceNames)
            } else {
                resources = OpenADR2bReader.unique(venNames)
            }
            return Event(
                id: id, modification: modification, path: path, line: node.line, start: start, end: end, resources: resources,
                units: units, unitsPath: path + ".payloadDescriptors", intervals: intervals)
        }

        /// `(start, duration)` of an `intervalPeriod`, each `nil` when absent; errors for malformed ones.
        func period(_ ip: OpenADRJSONNode, path: String, issues: inout OpenADRIssues) -> (OpenADRFields.Stamp?, Int64?) {
            guard ip.isObject else {
                issues.error(at(ip), path, ip.described, "an intervalPeriod object {start, duration}")
                return (nil, nil)
            }
            var start: OpenADRFields.Stamp? = nil
            var seconds: Int64? = nil
            if let s = ip["start"], !s.isNull {
                start = s.string.flatMap(OpenADRFields.instant)
                if start == nil { issues.error(at(s), path + ".start", s.string ?? s.described, OpenADRFields.instantExpected) }
            }
            if let d = ip["duration"], !d.isNull {
                guard let text = d.string else {
                    issues.error(at(d), path + ".duration", d.described, OpenADRFields.durationExpected)
                    return (start, nil)
                }
                switch OpenADRFields.duration(text) {
                case .success(let v) where v > 0: seconds = v
                case .success: issues.error(at(d), path + ".duration", text, "a positive duration")
                case .failure(let f): issues.error(at(d), path + ".duration", text, f.expected)
                }
            }
            if let r = ip["randomizeStart"], !r.isNull, let text = r.string, case .success(let v) = OpenADRFields.duration(text), v > 0 {
                issues.warning(at(r), path + ".randomizeStart", text, "no randomization: GridSettle records the nominal start")
            }
            return (start, seconds)
        }

        func map(_ events: [Event], issues: inout OpenADRIssues) -> ImportedRecords {
            var out = ImportedRecords()
            // The latest modificationDateTime of each id wins (events without an id are all kept).
            var best: [String: Int] = [:]
            for (i, e) in events.enumerated() where !e.id.isEmpty {
                guard let j = best[e.id] else {
                    best[e.id] = i
                    continue
                }
                let (newer, older) = e.modification > events[j].modification ? (e, events[j]) : (events[j], e)
                let when = { (m: Int) in m == 0 ? "no modificationDateTime" : "\(Instant(secondsSinceEpoch: Int64(m)))" }
                issues.warning(
                    "\(file):\(older.line)", older.path + ".modificationDateTime", when(older.modification),
                    e.modification == events[j].modification
                        ? "event \(e.id) appears twice with the same modificationDateTime; the first (\(newer.path)) is imported, \(older.path) is not"
                        : "event \(e.id) at \(older.path) is superseded by \(newer.path) (\(when(newer.modification))); the older copy is not imported")
                if e.modification > events[j].modification { best[e.id] = i }
            }
            var awards: [ImportedAward] = []
            var runMissing = false
            for (i, e) in events.enumerated() where e.id.isEmpty || best[e.id] == i {
                let at = "\(file):\(e.line)"
                guard !e.resources.isEmpty else {
                    issues.error(
                        at, e.path + ".targets", "",
                        "a RESOURCE_NAME or VEN_NAME target, or --resource naming the resource (ImportOptions.resourceID)")
                    continue
                }
                if e.start.droppedFraction {
                    issues.warning(at, e.path + ".intervalPeriod.start", e.start.instant.description, "whole seconds: a fraction of a second was cut off")
                }
                for r in e.resources {
                    out.events.append(
                        ImportedEvent(
                            resourceID: r, event: DemandResponseEvent(kind: .dispatch, start: e.start.instant, end: e.end, source: at),
                            eventID: e.id, modification: e.modification))
                }
                var warnedTypes = Set<String>()
                var points: [OpenADRSetpoint] = []
                for iv in e.intervals {
                    for p in iv.payloads {
                        guard p.type == "DISPATCH_SETPOINT" else {
                            if warnedTypes.insert(p.type).inserted {
                                issues.warning(
                                    "\(file):\(p.values.line)", p.path, p.type,
                                    "a DISPATCH_SETPOINT payload to make awards; \(p.type) is not an award, so only the window of event \(e.id.isEmpty ? e.path : e.id) is imported")
                            }
                            continue
                        }
                        guard let exp = OpenADR3Reader.unitExponent(e.units["DISPATCH_SETPOINT"]) else {
                            if warnedTypes.insert("units").inserted {
                                issues.error(
                                    at, e.unitsPath, e.units["DISPATCH_SETPOINT"] ?? "(none)",
                                    "a payloadDescriptor for DISPATCH_SETPOINT with units KW, MW or W (the units of the set-points)")
                            }
                            continue
                        }
                        let values = p.values.array ?? []
                        guard values.count == 1, case .number(let text) = values[0].kind else {
                            issues.error(
                                "\(file):\(p.values.line)", p.path, p.values.described,
                                "exactly one number: the set-point of the interval")
                            continue
                        }
                        switch OpenADRAwards.microMW(text, wattsExponent: exp) {
                        case .success(let mw):
                            let src = "\(file):\(iv.line)"
                            points.append(
                                OpenADRSetpoint(
                                    start: iv.start, seconds: iv.seconds, microMW: mw, source: src, location: "\(file):\(p.values.line)", field: p.path))
                        case .failure(let f):
                            issues.error(
                                "\(file):\(p.values.line)", p.path + "[0]", text, OpenADRAwards.decimalExpected(f, unit: e.units["DISPATCH_SETPOINT"] ?? ""))
                        }
                    }
                }
                guard !points.isEmpty else { continue }
                guard let run = options.awardRun else {
                    runMissing = true
                    continue
                }
                let made = OpenADRAwards.awards(points, run: run, issues: &issues)
                for r in e.resources { awards += made.map { ImportedAward(resourceID: r, award: $0) } }
            }
            if runMissing { issues.error(file, "--market-run", "", OpenADRAwards.runExpected) }
            OpenADRAwards.rejectDuplicates(awards, issues: &issues)
            out.awards = awards
            out.warnings = issues.warnings
            return out
        }
    }

    /// Power of ten from watts of an OpenADR 3.0 `units` string for power.
    static func unitExponent(_ units: String?) -> Int? {
        // Exact spellings only: "mW" upper-cased would read as megawatts.
        switch units {
        case "W": return 0
        case "KW", "kW": return 3
        case "MW": return 6
        default: return nil
        }
    }
}
