import GridSettleCore

/// Reads an OpenADR 2.0b `oadrDistributeEvent` (VTN → VEN; research data_formats.md §4.4) into demand-response
/// events and dispatch awards.
///
/// Accepted roots: `oadrPayload/oadrSignedObject/oadrDistributeEvent` (what a VTN sends; an XML signature
/// beside the signed object is ignored, not checked), `oadrSignedObject/oadrDistributeEvent`, or a bare
/// `oadrDistributeEvent`. Names are matched by local name, whatever the prefixes.
///
/// Per `oadrEvent`:
/// - identity: `eventID` and `modificationNumber`. When the same `eventID` appears more than once the highest
///   `modificationNumber` wins and each superseded version is named in a warning.
/// - `eventStatus` `cancelled` → nothing is imported for it (a warning names it); `none`, `far`, `near`,
///   `active` and `completed` are imported.
/// - `testEvent` present and not `false` → a `.test` event, and its set-points are **not** awards (a test is
///   not settled; a warning says so); otherwise a `.dispatch` event.
/// - the event window is `eiActivePeriod` `dtstart` + `duration` → one ``DemandResponseEvent`` per resource.
///   A fraction of a second in `dtstart` (openleadr writes microseconds) is cut off, with a warning.
/// - each signal's intervals run consecutively from `dtstart` in `uid` order (each with its own `duration`);
///   an interval's own `dtstart`, when present, must agree.
/// - the resource: `ImportOptions.resourceID` if given, else the `eiTarget` `resourceID`s, else its `venID`s
///   (one event per target); with none of these the file is refused, asking for `--resource`.
///
/// Signals: `LOAD_DISPATCH` with `signalType` `setpoint` (or `delta`, imported with a warning that the delta
/// is recorded as the set-point) and itemBase `power:powerReal` in `W` with `siScaleCode` `none`, `k`, `M`,
/// `G` or `m` → one `.energy` ``Award`` per ``ImportOptions/awardRun`` interval, the value converted exactly
/// to µMW. An interval that is a whole multiple of the run's interval is cut into run-length awards; any
/// other length, or a start off the run's boundaries, is an error. **Sign:** OpenADR leaves the sign of a
/// set-point to the program (research §4.5); GridSettle reads positive as discharge (generation, export) and
/// negative as charging, the sign of `awards.csv`. A program whose set-points are load (positive = consume)
/// must be negated before import. Every other signal (`SIMPLE` levels, prices, `LOAD_CONTROL`, …) yields the
/// event only, with a warning that its payload is not an award.
///
/// Sources are `file:line` of the `eiEvent` (events) or the `ei:interval` (awards). Errors are collected and
/// thrown once; nothing is dropped without an error or a warning.
public enum OpenADR2bReader {
    public static let formatName = "openadr2b"

    /// Events and awards from an `oadrDistributeEvent`. Options used: `resourceID`, `awardRun`.
    public static func read(_ bytes: [UInt8], file: String, options: ImportOptions) throws(DatasetInvalid) -> ImportedRecords {
        var issues = OpenADRIssues()
        let doc = try parseDocument(bytes, file: file, issues: &issues)
        let records = map(doc, file: file, options: options, issues: &issues)
        try issues.throwIfErrors()
        return records
    }

    /// The document as read, with no mapping to GridSettle records (for a VEN's reply and for inspection).
    public static func parse(_ bytes: [UInt8], file: String) throws(DatasetInvalid) -> OpenADR2bDocument {
        var issues = OpenADRIssues()
        var doc = try parseDocument(bytes, file: file, issues: &issues)
        try issues.throwIfErrors()
        doc.warnings = issues.warnings
        return doc
    }

    // MARK: Mapping

    static let importedStatuses: Set<String> = ["none", "far", "near", "active", "completed"]
    static let statuses: Set<String> = importedStatuses.union(["cancelled"])

    static func map(_ doc: OpenADR2bDocument, file: String, options: ImportOptions, issues: inout OpenADRIssues) -> ImportedRecords {
        var out = ImportedRecords()
        // The highest modificationNumber of each eventID wins.
        var best: [String: Int] = [:]
        for (i, e) in doc.events.enumerated() {
            guard let j = best[e.eventID] else {
                best[e.eventID] = i
                continue
            }
            let kept = doc.events[j]
            if e.modificationNumber > kept.modificationNumber {
                issues.warning(
                    "\(file):\(kept.line)", "modificationNumber", "\(kept.modificationNumber)",
                    "event \(e.eventID) modificationNumber \(kept.modificationNumber) is superseded by modificationNumber \(e.modificationNumber) at line \(e.line); the earlier version is not imported")
                best[e.eventID] = i
            } else if e.modificationNumber < kept.modificationNumber {
                issues.warning(
                    "\(file):\(e.line)", "modificationNumber", "\(e.modificationNumber)",
                    "event \(e.eventID) modificationNumber \(e.modificationNumber) is superseded by modificationNumber \(kept.modificationNumber) at line \(kept.line); the earlier version is not imported")
            } else {
                issues.warning(
                    "\(file):\(e.line)", "modificationNumber", "\(e.modificationNumber)",
                    "event \(e.eventID) appears twice with modificationNumber \(e.modificationNumber); the first (line \(kept.line)) is imported")
            }
        }
        var awards: [ImportedAward] = []
        var runMissing = false
        for (i, e) in doc.events.enumerated() where best[e.eventID] == i {
            let at = "\(file):\(e.line)"
            if e.status == "cancelled" {
                issues.warning(
                    at, "eventStatus", "cancelled",
                    "event \(e.eventID) (modificationNumber \(e.modificationNumber)) is cancelled: no event or award is imported for it")
                continue
            }
            let resources: [String]
            if let r = options.resourceID {
                resources = [r]
            } else if !e.targetResourceIDs.isEmpty {
                resources = unique(e.targetResourceIDs)
            } else if !e.targetVenIDs.isEmpty {
                resources = unique(e.targetVenIDs)
            } else {
                issues.error(
                    at, "eiTarget", "",
                    "an eiTarget resourceID or venID for event \(e.eventID), or --resource naming the resource (ImportOptions.resourceID)")
                continue
            }
            for r in resources {
                out.events.append(
                    ImportedEvent(
                        resourceID: r, event: DemandResponseEvent(kind: e.isTest ? .test : .dispatch, start: e.start, end: e.end, source: at),
                        eventID: e.eventID, modification: e.modificationNumber))
            }
            for s in e.signals {
                let sat = "\(file):\(s.line)"
                guard s.signalName == "LOAD_DISPATCH", s.signalType == "setpoint" || s.signalType == "delta" else {
                    issues.warning(
                        sat, "signalName", "\(s.signalName) \(s.signalType)",
                        "a LOAD_DISPATCH setpoint signal to make awards; this payload is not an award, so only the window of event \(e.eventID) is imported")
                    continue
                }
                if e.isTest {
                    issues.warning(
                        sat, "testEvent", "true",
                        "a dispatch: event \(e.eventID) is a test, so its set-points are not imported as awards (only the test event window)")
                    continue
                }
                guard s.itemBase == "powerReal", s.itemUnits == "W", let exp = scaleExponent(s.siScaleCode) else {
                    issues.error(
                        sat, "itemBase",
                        "\(s.itemBase ?? "(none)") \(s.itemUnits ?? "") \(s.siScaleCode ?? "")".trimmingSpaces,
                        "power:powerReal with itemUnits W and siScaleCode none, k, M, G or m (the units of the LOAD_DISPATCH set-points)")
                    continue
                }
                if s.signalType == "delta" {
                    issues.warning(
                        sat, "signalType", "delta",
                        "setpoint: event \(e.eventID)'s LOAD_DISPATCH delta is recorded as the awarded MW of each interval (a change against the program's baseline, not an absolute level)")
                }
                if s.intervals.isEmpty {
                    issues.warning(sat, "intervals", "0", "LOAD_DISPATCH intervals; event \(e.eventID) has none, so it makes no award")
                }
                guard let run = options.awardRun else {
                    runMissing = true
                    continue
                }
                var points: [OpenADRSetpoint] = []
                for iv in s.intervals {
                    let ivAt = "\(file):\(iv.line)"
                    switch OpenADRAwards.microMW(iv.value, wattsExponent: exp) {
                    case .success(let mw):
                        points.append(
                            OpenADRSetpoint(
                                start: OpenADRFields.Stamp(instant: iv.start, droppedFraction: e.startFractionDropped), seconds: iv.seconds,
                                microMW: mw, source: ivAt, location: ivAt, field: "interval uid \(iv.uid)"))
                    case .failure(let f):
                        issues.error(ivAt, "payloadFloat value", iv.value, OpenADRAwards.decimalExpected(f, unit: "\(s.siScaleCode ?? "")W"))
                    }
                }
                let made = OpenADRAwards.awards(points, run: run, issues: &issues)
                for r in resources { awards += made.map { ImportedAward(resourceID: r, award: $0) } }
            }
        }
        if runMissing { issues.error(file, "--market-run", "", OpenADRAwards.runExpected) }
        OpenADRAwards.rejectDuplicates(awards, issues: &issues)
        out.awards = awards
        out.warnings = issues.warnings
        return out
    }

    /// Power of ten of an EMIX `siScaleCode` GridSettle converts exactly.
    static func scaleExponent(_ code: String?) -> Int? {
        switch code {
        case "none": return 0
        case "k": return 3
        case "M": return 6
        case "G": return 9
        case "m": return -3
        default: return nil
        }
    }

    static func unique(_ xs: [String]) -> [String] {
        var seen = Set<String>()
        return xs.filter { seen.insert($0).inserted }
    }

    // MARK: Parsing

    static func parseDocument(_ bytes: [UInt8], file: String, issues: inout OpenADRIssues) throws(DatasetInvalid) -> OpenADR2bDocument {
        let root = try XMLTree.parse(bytes, file: file)
        func at(_ n: XMLNode) -> String { "\(file):\(n.line)" }
        var distribute: XMLNode? = nil
        var path = [root.name]
        switch root.name {
        case "oadrDistributeEvent": distribute = root
        case "oadrSignedObject":
            distribute = root.child("oadrDistributeEvent")
            path += root.children.map(\.name).prefix(1)
        case "oadrPayload":
            let signed = root.child("oadrSignedObject")
            distribute = signed?.child("oadrDistributeEvent")
            path += ["oadrSignedObject"] + (signed?.children.map(\.name).prefix(1) ?? [])
            if signed == nil { path = [root.name] + root.children.map(\.name).prefix(1) }
        default: break
        }
        guard let de = distribute else {
            throw DatasetInvalid(issues: [
                DatasetIssue(
                    location: at(root), field: "root element", value: path.joined(separator: "/"),
                    expected: "an OpenADR 2.0b oadrDistributeEvent (bare, or in oadrPayload/oadrSignedObject)")
            ])
        }
        if let response = de.child("eiResponse"), let code = response.value("responseCode"), !code.hasPrefix("2") {
            issues.error(
                at(response), "responseCode", code,
                "a 2xx eiResponse; the VTN reports an error: \(response.value("responseDescription") ?? "")")
        }
        var events: [OpenADR2bEvent] = []
        for oe in de.children("oadrEvent") {
            guard let ev = oe.child("eiEvent") else {
                issues.error(at(oe), "eiEvent", "", "an eiEvent in every oadrEvent")
                continue
            }
            if let e = parseEvent(ev, responseRequired: oe.value("oadrResponseRequired"), file: file, issues: &issues) {
                events.append(e)
            }
        }
        return OpenADR2bDocument(
            requestID: de.value("requestID") ?? "", vtnID: de.value("vtnID") ?? "", events: events, warnings: [])
    }

    static func parseEvent(_ ev: XMLNode, responseRequired: String?, file: String, issues: inout OpenADRIssues) -> OpenADR2bEvent? {
        func at(_ n: XMLNode) -> String { "\(file):\(n.line)" }
        let errorsBefore = issues.errors.count
        guard let desc = ev.child("eventDescriptor") else {
            issues.error(at(ev), "eventDescriptor", "", "an eventDescriptor (eventID, modificationNumber, eventStatus)")
            return nil
        }
        let eventID = desc.value("eventID") ?? ""
        if eventID.isEmpty { issues.error(at(desc), "eventID", "", "the event's eventID") }
        let modText = desc.value("modificationNumber")
        let modification = modText.flatMap(OpenADRFields.wholeNumber)
        if modification == nil {
            issues.error(at(desc.child("modificationNumber") ?? desc), "modificationNumber", modText ?? "", "a whole number ≥ 0 (the event's revision)")
        }
        let status = desc.value("eventStatus") ?? ""
        if !statuses.contains(status) {
            issues.error(
                at(desc.child("eventStatus") ?? desc), "eventStatus", status, "one of none, far, near, active, completed, cancelled")
        }
        let testText = desc.value("testEvent") ?? ""
        let isTest = !(testText.isEmpty || testText.lowercased() == "false")
        var priority: Int? = nil
        if let p = desc.value("priority") {
            priority = OpenADRFields.wholeNumber(p)
            if priority == nil { issues.error(at(desc.child("priority")!), "priority", p, "a whole number ≥ 0") }
        }
        let marketContext = desc.child("eiMarketContext")?.value("marketContext") ?? ""

        var start = OpenADRFields.Stamp(instant: Instant(secondsSinceEpoch: 0), droppedFraction: false)
        var duration: Int64 = 0
        if let props = ev.child("eiActivePeriod")?.child("properties") {
            let dtText = props.value("dtstart", "date-time") ?? ""
            if let s = OpenADRFields.instant(dtText) {
                start = s
                if s.droppedFraction {
                    issues.warning(
                        at(props.child("dtstart") ?? props), "dtstart", dtText,
                        "whole seconds: GridSettle keeps whole-second instants, so event \(eventID) starts at \(s.instant)")
                }
            } else {
                issues.error(at(props.child("dtstart") ?? props), "dtstart", dtText, OpenADRFields.instantExpected)
            }
            let durText = props.value("duration", "duration") ?? ""
            switch OpenADRFields.duration(durText) {
            case .success(let d) where d > 0 && InterchangeLimits.contains(start: start.instant.secondsSinceEpoch, seconds: d): duration = d
            case .success(let d) where d > 0:
                issues.error(at(props.child("duration") ?? props), "duration", durText,
                             "an event window \(InterchangeLimits.instantRangeText) (from dtstart \(dtText))")
            case .success: issues.error(at(props.child("duration") ?? props), "duration", durText, "a positive event duration (open-ended events are not imported)")
            case .failure(let f): issues.error(at(props.child("duration") ?? props), "duration", durText, f.expected)
            }
        } else {
            issues.error(at(ev), "eiActivePeriod", "", "an eiActivePeriod with properties/dtstart and duration (the event window)")
        }

        var signals: [OpenADR2bSignal] = []
        for sig in ev.child("eiEventSignals")?.children("eiEventSignal") ?? [] {
            if let s = parseSignal(sig, eventStart: start.instant, eventSeconds: duration, eventID: eventID, file: file, issues: &issues) {
                signals.append(s)
            }
        }
        let target = ev.child("eiTarget")
        let resourceIDs = (target?.children("resourceID") ?? []).map(\.text).filter { !$0.isEmpty }
        let venIDs = (target?.children("venID") ?? []).map(\.text).filter { !$0.isEmpty }
        let required = responseRequired ?? "always"
        if required != "always" && required != "never" {
            issues.error(at(ev), "oadrResponseRequired", required, "always or never")
        }
        guard issues.errors.count == errorsBefore, let modification else { return nil }
        return OpenADR2bEvent(
            eventID: eventID, modificationNumber: modification, status: status, isTest: isTest, priority: priority,
            marketContext: marketContext, start: start.instant, startFractionDropped: start.droppedFraction, durationSeconds: duration,
            responseRequired: required, signals: signals, targetResourceIDs: resourceIDs, targetVenIDs: venIDs, line: ev.line)
    }

    static let signalChildren: Set<String> = ["intervals", "signalName", "signalType", "signalID", "currentValue", "eiTarget"]

    static func parseSignal(
        _ sig: XMLNode, eventStart: Instant, eventSeconds: Int64, eventID: String, file: String, issues: inout OpenADRIssues
    ) -> OpenADR2bSignal? {
        func at(_ n: XMLNode) -> String { "\(file):\(n.line)" }
        let errorsBefore = issues.errors.count
        let name = sig.value("signalName") ?? ""
        let type = sig.value("signalType") ?? ""
        if name.isEmpty { issues.error(at(sig), "signalName", "", "the signal's signalName (e.g. LOAD_DISPATCH, SIMPLE)") }
        if type.isEmpty { issues.error(at(sig), "signalType", "", "the signal's signalType (e.g. setpoint, level)") }
        let item = sig.children.first { !signalChildren.contains($0.name) }
        guard let list = sig.child("intervals") else {
            issues.error(at(sig), "intervals", "", "strm:intervals with the signal's ei:interval elements")
            return nil
        }
        // Read every interval, then order them by uid.
        struct Raw {
            var node: XMLNode
            var uid: Int?
            var seconds: Int64
            var dtstart: OpenADRFields.Stamp?
            var value: String
        }
        var raws: [Raw] = []
        var withUID = 0
        for iv in list.children("interval") {
            var ok = true
            var uid: Int? = nil
            if let u = iv.child("uid") {
                let text = u.value("text") ?? u.text
                uid = OpenADRFields.wholeNumber(text)
                if uid == nil {
                    issues.error(at(iv), "uid", text, "a whole-number xcal:uid (the interval's place in the signal: 0, 1, 2, …)")
                    ok = false
                }
                withUID += 1
            }
            var seconds: Int64 = 0
            let durText = iv.value("duration", "duration") ?? ""
            switch OpenADRFields.duration(durText) {
            case .success(let d) where d > 0: seconds = d
            case .success:
                issues.error(at(iv), "duration", durText, "a positive interval duration")
                ok = false
            case .failure(let f):
                issues.error(at(iv), "duration", durText.isEmpty ? "(missing)" : durText, f.expected)
                ok = false
            }
            var dtstart: OpenADRFields.Stamp? = nil
            if let dt = iv.child("dtstart") {
                let text = dt.value("date-time") ?? ""
                dtstart = OpenADRFields.instant(text)
                if dtstart == nil {
                    issues.error(at(dt), "dtstart", text, OpenADRFields.instantExpected)
                    ok = false
                }
            }
            let value = iv.value("signalPayload", "payloadFloat", "value")
            if let value, case .failure(.notANumber) = OpenADRFields.fixed(value, scale: 0) {
                issues.error(at(iv), "payloadFloat value", value, "a finite decimal number")
                ok = false
            } else if value == nil {
                issues.error(at(iv), "signalPayload", "", "signalPayload/payloadFloat/value in every interval")
                ok = false
            }
            if ok { raws.append(Raw(node: iv, uid: uid, seconds: seconds, dtstart: dtstart, value: value ?? "")) }
        }
        if withUID != 0 && withUID != list.children("interval").count {
            issues.error(at(list), "uid", "\(withUID) of \(list.children("interval").count)", "a uid on every interval of the signal, or on none")
        }
        guard issues.errors.count == errorsBefore else { return nil }
        if withUID > 0 {
            var seen: [Int: Int] = [:]
            for r in raws {
                if let u = r.uid, let line = seen[u] {
                    issues.error(at(r.node), "uid", "\(u)", "a uid used once per signal (line \(line) has it too)")
                }
                if let u = r.uid { seen[u] = r.node.line }
            }
            raws.sort { ($0.uid ?? 0) < ($1.uid ?? 0) }
        }
        var intervals: [OpenADR2bInterval] = []
        var cursor = eventStart
        for (k, r) in raws.enumerated() {
            if let d = r.dtstart, d.instant != cursor {
                issues.error(
                    at(r.node), "dtstart", d.instant.description,
                    "\(cursor) (intervals run consecutively from the event's dtstart in uid order)")
            }
            // each duration is at most 100 years, so the sum cannot overflow, but it can leave the instants read
            guard InterchangeLimits.contains(start: cursor.secondsSinceEpoch, seconds: r.seconds) else {
                issues.error(at(r.node), "duration", "\(r.seconds) s from \(cursor)", "an interval \(InterchangeLimits.instantRangeText)")
                break
            }
            intervals.append(OpenADR2bInterval(uid: r.uid ?? k, start: cursor, seconds: r.seconds, value: r.value, line: r.node.line))
            cursor = cursor.adding(seconds: r.seconds)
        }
        let total = cursor.secondsSinceEpoch - eventStart.secondsSinceEpoch
        if !intervals.isEmpty && total != eventSeconds {
            issues.warning(
                at(list), "intervals", "\(total) s",
                "intervals that fill the event window of \(eventSeconds) s (event \(eventID)); they are imported as they are")
        }
        guard issues.errors.count == errorsBefore else { return nil }
        return OpenADR2bSignal(
            signalName: name, signalType: type, signalID: sig.value("signalID") ?? "", itemBase: item?.name,
            itemUnits: item?.value("itemUnits"), siScaleCode: item?.value("siScaleCode"), intervals: intervals, line: sig.line)
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
