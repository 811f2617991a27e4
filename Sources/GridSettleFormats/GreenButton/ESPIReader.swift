import GridSettleCore

/// Reads Green Button / NAESB ESPI (REQ.21) Atom XML — a "Download My Data" feed, a Connect-My-Data batch or a
/// single bare `<entry>` — into interval readings (research data_formats.md §1; docs/interchange-greenbutton-espi.md).
///
/// **Structure.** Entries are joined through their `self`/`up`/`related` hrefs (absolute, server-relative or
/// bare-relative; compared by path suffix, case-insensitively): UsagePoint → MeterReading → ReadingType and
/// IntervalBlocks. Where links are missing or match nothing, entries are joined by document order and a warning
/// says so. Element order, namespace prefixes (`espi:`, `ns0:`, default) and reading order do not matter; an
/// entry may hold several IntervalBlocks.
///
/// **Channels.** Each MeterReading is one channel, described by its ReadingType. Only interval energy becomes
/// readings: `uom` 72 (Wh), `kind` 12 (energy; absent accepted with a warning), `accumulationBehaviour` 4
/// (deltaData; absent accepted with a warning). Other well-described channels (VArh, demand, register or
/// cumulative reads, gas) are not imported and each is named in a warning with the reason; a file whose interval
/// blocks all belong to such channels is refused. A missing `uom` or `flowDirection` is an error (the values
/// could not be read honestly). `flowDirection` 1 → `deliveredMicroKWh`, 19 → `receivedMicroKWh`, 4 (net) →
/// split by sign (positive delivered, negative received, the other direction 0) with one warning.
///
/// **Values.** µkWh = value × 10^(powerOfTenMultiplier + 3), in integer arithmetic with overflow checks; a
/// value that overflows, or that is not a whole µkWh (multiplier below −3), is an error — GridSettle never
/// rounds input. A missing multiplier means 0 (the schema's "none"). Delivered and received values must be
/// ≥ 0. `cost` is the utility's, not GridSettle's: it is not imported (said once as a warning).
///
/// **Ranges** (docs/interchange.md, "Ranges and limits"): a reading holds at most 1 000 000 kWh either way
/// after scaling; reading and block starts lie from 1900 to 9999 (UTC); a reading's duration and the
/// ReadingType's `intervalLength` are a whole number of minutes, at most one day. Outside is an error.
///
/// **Time.** Every reading keeps its own `timePeriod` start (UTC epoch seconds) and duration — not the block's
/// `interval/duration`, which real files get wrong on DST days (the Coastal sample declares 43 200 s for a
/// 13-hour block). A reading without `timePeriod` is placed contiguously from its block's `interval/start`
/// at the ReadingType's `intervalLength`. A duration that differs from `intervalLength` is an error.
/// `LocalTimeParameters` is decoded (``document(_:file:)``) but not needed: `options.zone` is not used.
///
/// **Quality** (ReadingQuality `quality`, else the ReadingType's `defaultQuality`, else valid; with several
/// codes the worst wins): 0 valid, 17 validated, 18 verified, 19 revenue-quality → actual; 7 manually edited →
/// edited; 8 and 9 estimated, 11 derived, 12 projected → estimated; 10 questionable, 13 mixed, 14 raw (not
/// validated), 15 weather-normalised, 16 other and any unknown or non-numeric code → estimated, with one warning
/// per such code and its count (none of them is settlement-quality data as received).
///
/// **Duplicates.** Readings of one meter and direction that overlap: identical ones (same start, duration,
/// value and quality — a re-sent day) are kept once and counted in a warning; different ones are an error naming
/// both lines.
///
/// **Meter id.** `options.meterID` if given (then the file's channels must all belong to one UsagePoint, else
/// an error); otherwise the UsagePoint entry's title; otherwise the last segment of its `self` href; with no
/// UsagePoint entry, the id after `UsagePoint/` in the MeterReading's href. Two UsagePoints that would get the
/// same id are an error.
///
/// **Leniency.** Elements ESPI 3.3 does not define where they appear (UtilityAPI's `<timezone>` in
/// `timePeriod`, Atom elements inside `content`) are ignored with one warning per kind; ESPI resources that are
/// not interval data (usage/quality summaries, ApplicationInformation, …) likewise. Every error names
/// `file:line`; all are collected and thrown together.
///
/// `source` of each reading is the `file:line` of its `<IntervalReading>`. Readings are sorted by meter, then
/// start (then delivered before received before net).
public enum ESPIReader {
    public static let formatName = "espi"

    public static func read(_ bytes: [UInt8], file: String, options: ImportOptions) throws(DatasetInvalid) -> ImportedRecords {
        let root = try XMLTree.parse(bytes, file: file)
        var notes = ESPINotes(file: file)
        let graph = ESPILinkGraph(entries: ESPIScan.entries(root, notes: &notes))
        let readings = ESPIScan.readings(graph, options: options, notes: &notes)
        if !notes.errors.isEmpty { throw DatasetInvalid(issues: notes.errors + notes.warnings) }
        return ImportedRecords(readings: readings, warnings: notes.warnings)
    }

    /// The resources of a file without importing readings: the decoded UsagePoints, ReadingTypes (every
    /// entry, in document order, duplicates included) and LocalTimeParameters.
    public static func document(_ bytes: [UInt8], file: String) throws(DatasetInvalid) -> ESPIDocument {
        let root = try XMLTree.parse(bytes, file: file)
        var notes = ESPINotes(file: file)
        let graph = ESPILinkGraph(entries: ESPIScan.entries(root, notes: &notes))
        var doc = ESPIDocument()
        for k in graph.usagePoints {
            let e = graph.entries[k]
            for up in e.resources where up.name == "UsagePoint" {
                ESPIScan.checkChildren(up, ESPIScan.usagePointChildren, notes: &notes)
                let kind = up.child("ServiceCategory")?.child("kind").flatMap { ESPIScan.code($0, notes: &notes) }
                doc.usagePoints.append(
                    ESPIDocument.UsagePoint(location: notes.loc(up.line), href: e.selfHref, title: e.title, serviceKind: kind))
            }
        }
        for k in graph.readingTypes {
            for rt in graph.entries[k].resources where rt.name == "ReadingType" {
                doc.readingTypes.append(ESPIScan.readingType(rt, entry: graph.entries[k], notes: &notes))
            }
        }
        for k in graph.localTimes {
            for lt in graph.entries[k].resources where lt.name == "LocalTimeParameters" {
                doc.localTimeParameters.append(ESPIScan.localTime(lt, entry: graph.entries[k], notes: &notes))
            }
        }
        doc.meterReadings = graph.meterReadings.count
        doc.intervalBlocks = graph.blocks.reduce(0) { n, k in n + graph.entries[k].resources.filter { $0.name == "IntervalBlock" }.count }
        if !notes.errors.isEmpty { throw DatasetInvalid(issues: notes.errors + notes.warnings) }
        doc.warnings = notes.warnings
        return doc
    }
}

/// What an ESPI file describes, decoded but not imported (see ``ESPIReader/document(_:file:)``).
public struct ESPIDocument: Sendable {
    public struct UsagePoint: Sendable, Hashable {
        public var location: String
        public var href: String
        public var title: String
        /// ServiceCategory kind: 0 electricity, 1 gas, 2 water, …
        public var serviceKind: Int?
    }

    public var usagePoints: [UsagePoint] = []
    public var readingTypes: [ESPIReadingType] = []
    public var localTimeParameters: [ESPILocalTimeParameters] = []
    public var meterReadings = 0
    public var intervalBlocks = 0
    public var warnings: [DatasetIssue] = []
}

/// Errors, and warnings collapsed to one per kind with a count.
struct ESPINotes {
    let file: String
    var errors: [DatasetIssue] = []
    private var warningSlot: [String: Int] = [:]
    private var warningList: [(issue: DatasetIssue, count: Int)] = []

    init(file: String) { self.file = file }

    func loc(_ line: Int) -> String { "\(file):\(line)" }

    mutating func error(_ line: Int, _ field: String, _ value: String, _ expected: String) {
        errors.append(DatasetIssue(location: loc(line), field: field, value: value, expected: expected))
    }

    /// Records the first warning of kind `key`; later ones only count.
    mutating func warn(_ key: String, _ line: Int, _ field: String, _ value: String, _ expected: String) {
        if let k = warningSlot[key] {
            warningList[k].count += 1
            return
        }
        warningSlot[key] = warningList.count
        warningList.append((DatasetIssue(severity: .warning, location: loc(line), field: field, value: value, expected: expected), 1))
    }

    var warnings: [DatasetIssue] {
        warningList.map { w in
            var i = w.issue
            if w.count > 1 { i.value += " (\(w.count) times, the first shown)" }
            return i
        }
    }
}

/// The reader's passes: entries out of the tree, resources decoded, readings out of the channels.
enum ESPIScan {
    static let feedChildren: Set<String> = [
        "id", "title", "updated", "link", "author", "category", "contributor", "generator", "icon", "logo", "rights", "subtitle", "entry",
    ]
    static let entryChildren: Set<String> = [
        "id", "title", "updated", "published", "link", "author", "category", "contributor", "rights", "source", "summary", "content",
    ]
    /// Resources the reader uses.
    static let resourceNames: Set<String> = ["UsagePoint", "MeterReading", "ReadingType", "IntervalBlock", "LocalTimeParameters"]
    /// ESPI (usage and customer schema) resources that carry no interval energy.
    static let otherResources: Set<String> = [
        "ApplicationInformation", "Authorization", "ElectricPowerQualitySummary", "ElectricPowerUsageSummary", "UsageSummary",
        "ServiceStatus", "BatchList", "ProgramIdMappings", "Subscription", "RetailCustomer", "Customer", "CustomerAccount",
        "CustomerAgreement", "ServiceLocation", "ServiceSupplier", "Meter", "EndDevice", "Statement", "IdentifiedObject",
        "Object", "DateTimeInterval", "SummaryMeasurement", "BatchItemInfo", "IntervalReading", "ReadingQuality",
    ]
    static let usagePointChildren: Set<String> = [
        "batchItemInfo", "extension", "roleFlags", "ServiceCategory", "status", "serviceDeliveryPoint", "amiBillingReady",
        "checkBilling", "connectionState", "estimatedLoad", "grounded", "isSdp", "isVirtual", "minimalUsageExpected",
        "nominalServiceVoltage", "outageRegion", "phaseCode", "ratedCurrent", "ratedPower", "readCycle", "readRoute",
        "serviceDeliveryRemark", "servicePriority", "pnodeRefs", "aggregateNodeRefs",
    ]
    static let meterReadingChildren: Set<String> = ["batchItemInfo", "extension"]
    static let blockChildren: Set<String> = ["batchItemInfo", "extension", "interval", "IntervalReading"]
    static let intervalChildren: Set<String> = ["extension", "duration", "start"]
    static let readingChildren: Set<String> = ["extension", "cost", "ReadingQuality", "timePeriod", "value", "consumptionTier", "tou", "cpp"]
    static let qualityChildren: Set<String> = ["extension", "quality"]
    static let localTimeChildren: Set<String> = ["batchItemInfo", "extension", "dstEndRule", "dstOffset", "dstStartRule", "tzOffset"]

    /// Warns once per kind about children ESPI 3.3 does not define under `node`.
    static func checkChildren(_ node: XMLNode, _ allowed: Set<String>, notes: inout ESPINotes) {
        for c in node.children where !allowed.contains(c.name) {
            notes.warn("unknown:\(node.name)/\(c.name)", c.line, "<\(c.name)>", "<\(c.name)> inside <\(node.name)>",
                       "an ESPI 3.3 element of <\(node.name)>: <\(c.name)> is not ESPI there; ignored")
        }
    }

    // MARK: Entries

    static func entries(_ root: XMLNode, notes: inout ESPINotes) -> [ESPIEntry] {
        var nodes: [XMLNode] = []
        switch root.name {
        case "feed":
            checkChildren(root, feedChildren, notes: &notes)
            for c in root.children where c.name == "entry" { nodes.append(c) }
        case "entry":
            nodes = [root]
        default:
            if resourceNames.contains(root.name) {
                // A bare resource (no Atom envelope): one entry without links.
                return [ESPIEntry(node: root, index: 0, title: "", selfHref: "", selfPath: nil, upPath: nil, related: [], resources: [root])]
            }
            notes.error(root.line, "<\(root.name)>", root.name, "an Atom <feed> or <entry> holding ESPI resources (Green Button XML)")
            return []
        }
        var out: [ESPIEntry] = []
        out.reserveCapacity(nodes.count)
        for n in nodes {
            checkChildren(n, entryChildren, notes: &notes)
            var e = ESPIEntry(node: n, index: out.count, title: n.child("title")?.text ?? "", selfHref: "", selfPath: nil, upPath: nil,
                              related: [], resources: [])
            var contents = 0
            for c in n.children {
                if c.name == "link" {
                    let href = c.attributes["href"] ?? ""
                    switch c.attributes["rel"] ?? "alternate" {
                    case "self":
                        e.selfHref = href
                        e.selfPath = ESPIPath(href: href)
                    case "up": e.upPath = ESPIPath(href: href)
                    case "related": if let p = ESPIPath(href: href) { e.related.append(p) }
                    default: break
                    }
                } else if c.name == "content" {
                    contents += 1
                    for r in c.children {
                        if resourceNames.contains(r.name) {
                            e.resources.append(r)
                        } else if otherResources.contains(r.name) {
                            notes.warn("other:\(r.name)", r.line, "<\(r.name)>", r.name,
                                       "interval data to import; <\(r.name)> is not, so it was ignored (GridSettle settles from the IntervalReadings)")
                        } else {
                            notes.warn("unknown:content/\(r.name)", r.line, "<\(r.name)>", "<\(r.name)> inside <content>",
                                       "an ESPI resource: <\(r.name)> is not ESPI; ignored")
                        }
                    }
                }
            }
            if contents == 0 {
                notes.warn("nocontent", n.line, "<content>", "", "an entry with a <content>; entries without one carry nothing and are ignored")
            }
            out.append(e)
        }
        return out
    }

    // MARK: Decoding

    /// An integer child's value; a malformed one is an error (and nil).
    static func int64(_ node: XMLNode, notes: inout ESPINotes) -> Int64? {
        switch ESPICodes.int64(node.text) {
        case .success(let v): return v
        case .failure(.notANumber):
            notes.error(node.line, node.name, node.text, "an integer (digits, optional leading -)")
        case .failure(.outOfRange):
            notes.error(node.line, node.name, node.text, "an integer small enough to hold exactly (64-bit)")
        }
        return nil
    }

    /// A code (enumeration) child: an integer within ±65535.
    static func code(_ node: XMLNode, notes: inout ESPINotes) -> Int? {
        guard let v = int64(node, notes: &notes) else { return nil }
        guard v >= -65_535 && v <= 65_535 else {
            notes.error(node.line, node.name, node.text, "an ESPI code (a 16-bit integer)")
            return nil
        }
        return Int(v)
    }

    /// A code GridSettle does not act on (currency, phase, timeAttribute, measuringPeriod): a malformed one is
    /// a warning, not a reason to refuse the energy.
    static func informational(_ node: XMLNode, notes: inout ESPINotes) -> Int? {
        if case .success(let v) = ESPICodes.int64(node.text), v >= -65_535 && v <= 65_535 { return Int(v) }
        notes.warn("badcode:\(node.name)", node.line, node.name, node.text, "an ESPI code (a 16-bit integer); GridSettle does not use <\(node.name)>, so it was ignored")
        return nil
    }

    /// Decodes a ReadingType; the codes the reader acts on (uom, powerOfTenMultiplier, flowDirection, kind,
    /// accumulationBehaviour, intervalLength, defaultQuality, dataQualifier, commodity) are errors when malformed.
    static func readingType(_ node: XMLNode, entry: ESPIEntry, notes: inout ESPINotes) -> ESPIReadingType {
        var rt = ESPIReadingType(location: notes.loc(node.line), href: entry.selfHref, title: entry.title)
        for c in node.children {
            switch c.name {
            case "accumulationBehaviour": rt.accumulationBehaviour = code(c, notes: &notes)
            case "commodity": rt.commodity = code(c, notes: &notes)
            case "currency": rt.currency = informational(c, notes: &notes)
            case "dataQualifier": rt.dataQualifier = code(c, notes: &notes)
            case "defaultQuality": rt.defaultQuality = code(c, notes: &notes)
            case "flowDirection": rt.flowDirection = code(c, notes: &notes)
            case "intervalLength": rt.intervalLength = int64(c, notes: &notes)
            case "kind": rt.kind = code(c, notes: &notes)
            case "phase": rt.phase = informational(c, notes: &notes)
            case "powerOfTenMultiplier": rt.powerOfTenMultiplier = code(c, notes: &notes)
            case "timeAttribute": rt.timeAttribute = informational(c, notes: &notes)
            case "uom": rt.uom = code(c, notes: &notes)
            case "measuringPeriod": rt.measuringPeriod = informational(c, notes: &notes)
            case "consumptionTier", "tou", "cpp", "interharmonic", "argument", "batchItemInfo", "extension": break
            default:
                notes.warn("unknown:ReadingType/\(c.name)", c.line, "<\(c.name)>", "<\(c.name)> inside <ReadingType>",
                           "an ESPI 3.3 element of <ReadingType>: <\(c.name)> is not ESPI there; ignored")
            }
        }
        return rt
    }

    static func localTime(_ node: XMLNode, entry: ESPIEntry, notes: inout ESPINotes) -> ESPILocalTimeParameters {
        checkChildren(node, localTimeChildren, notes: &notes)
        var lt = ESPILocalTimeParameters(location: notes.loc(node.line), title: entry.title)
        // Not needed for the readings (UTC), so a malformed value is a warning, not an error.
        func seconds(_ name: String) -> Int64? {
            guard let c = node.child(name) else { return nil }
            if case .success(let v) = ESPICodes.int64(c.text) { return v }
            notes.warn("ltp:\(name)", c.line, name, c.text, "seconds as an integer; LocalTimeParameters are not used for UTC readings, so ignored")
            return nil
        }
        func rule(_ name: String) -> UInt32? {
            guard let c = node.child(name) else { return nil }
            if c.text.utf8.count == 8, let v = UInt32(c.text, radix: 16) { return v }
            notes.warn("ltp:\(name)", c.line, name, c.text,
                       "a DstRuleType of 8 hex digits (e.g. 360E2000); LocalTimeParameters are not used for UTC readings, so ignored")
            return nil
        }
        lt.tzOffset = seconds("tzOffset")
        lt.dstOffset = seconds("dstOffset")
        lt.dstStartRule = rule("dstStartRule")
        lt.dstEndRule = rule("dstEndRule")
        return lt
    }

    // MARK: Readings

    /// One reading before duplicates are resolved: scalars only, the `file:line` string is made at the end.
    struct Raw {
        var meter: Int32
        /// 0 delivered, 1 received, 2 net.
        var direction: UInt8
        var quality: DataQuality
        var line: Int32
        var start: Int64
        var seconds: Int64
        /// µkWh; signed for net.
        var value: Int64
    }

    struct Channel {
        var meter: Int
        var direction: ESPIFlowDirection
        var readingType: ESPIReadingType
        var readingTypeLine: Int
        var blocks: [XMLNode]
    }

    static func readings(_ graph: ESPILinkGraph, options: ImportOptions, notes: inout ESPINotes) -> [ImportedReading] {
        let entries = graph.entries
        for k in graph.usagePoints + graph.localTimes {
            for r in entries[k].resources {
                if r.name == "UsagePoint" { checkChildren(r, usagePointChildren, notes: &notes) }
                if r.name == "LocalTimeParameters" { checkChildren(r, localTimeChildren, notes: &notes) }
            }
        }
        if graph.blocks.isEmpty {
            if notes.errors.isEmpty {
                notes.warn("noblocks", entries.first?.node.line ?? 1, "IntervalBlock", "none",
                           "IntervalBlocks with interval readings; this file describes resources only, so no readings were imported")
            }
            return []
        }

        // Blocks by MeterReading.
        var blocksOf: [Int: [XMLNode]] = [:]
        for b in graph.blocks {
            let (m, byOrder) = graph.meterReading(ofBlock: b)
            guard let m else {
                notes.error(entries[b].node.line, "IntervalBlock", entries[b].selfHref,
                            "a MeterReading entry the block belongs to (its up/self href under the MeterReading's, or any MeterReading in the file); without it the unit and direction of the values are unknown")
                continue
            }
            if byOrder {
                notes.warn("order:block", entries[b].node.line, "link", entries[b].upPath.map { $0.original.joined(separator: "/") } ?? "no up link",
                           "an up link naming its MeterReading; the IntervalBlock was joined to the MeterReading at \(notes.loc(entries[m].node.line)) by document order")
            }
            for r in entries[b].resources where r.name == "IntervalBlock" { blocksOf[m, default: []].append(r) }
        }

        // Channels: MeterReading + ReadingType + meter.
        var meterNames: [String] = []
        var meterOwner: [String: Int] = [:]  // meter id → UsagePoint entry (−1: none, id from the MeterReading href)
        var channels: [Channel] = []
        var skipped = 0
        var usagePointsUsed: Set<Int> = []
        for m in graph.meterReadings {
            guard let blocks = blocksOf[m], !blocks.isEmpty else { continue }
            let me = entries[m]
            for r in me.resources where r.name == "MeterReading" { checkChildren(r, meterReadingChildren, notes: &notes) }

            let (rtEntries, rtByOrder) = graph.readingTypes(ofMeterReading: m)
            guard let first = rtEntries.first, let rtNode = entries[first].resources.first(where: { $0.name == "ReadingType" }) else {
                notes.error(me.node.line, "ReadingType", me.related.map { $0.original.joined(separator: "/") }.joined(separator: " "),
                            "a ReadingType entry for this MeterReading (its related link = the ReadingType's self href); without it the unit, scale and direction of \(blocks.count) IntervalBlock(s) are unknown")
                continue
            }
            let errorsBefore = notes.errors.count
            let rt = readingType(rtNode, entry: entries[first], notes: &notes)
            if notes.errors.count > errorsBefore { continue }  // a malformed code: already reported
            var ambiguous = false
            for other in rtEntries.dropFirst() {
                guard let n = entries[other].resources.first(where: { $0.name == "ReadingType" }) else { continue }
                let o = readingType(n, entry: entries[other], notes: &notes)
                if !o.sameDefinition(as: rt) {
                    notes.error(me.node.line, "ReadingType", entries[first].selfHref,
                                "one ReadingType: the related href matches the ReadingTypes at \(rt.location) and \(o.location), which differ")
                    ambiguous = true
                }
            }
            if ambiguous { continue }
            if rtByOrder {
                notes.warn("order:rt", me.node.line, "link", me.related.isEmpty ? "no related link" : me.related.map { $0.original.joined(separator: "/") }.joined(separator: " "),
                           "a related link naming the ReadingType; the MeterReading was joined to the ReadingType at \(rt.location) by document order")
            }
            let direction: ESPIFlowDirection
            switch rt.classify() {
            case .unreadable(let field, let expected):
                notes.error(rtNode.line, field, "", expected)
                continue
            case .notImported(let reason):
                skipped += 1
                notes.warn("skip:\(m)", me.node.line, "ReadingType", "\(rt.unitName), flowDirection \(rt.flowDirection.map(String.init) ?? "none") (\(rt.location))",
                           "interval energy in Wh: \(reason); this MeterReading (\(blocks.count) IntervalBlock(s)) was not imported")
                continue
            case .intervalEnergy(let d):
                direction = d
            }
            if rt.kind == nil {
                notes.warn("nokind", rtNode.line, "kind", "", "kind 12 (energy); the ReadingType has none, read as energy because uom is 72 (Wh)")
            }
            if rt.accumulationBehaviour == nil {
                notes.warn("noaccumulation", rtNode.line, "accumulationBehaviour", "",
                           "accumulationBehaviour 4 (deltaData); the ReadingType has none, its readings are read as interval (delta) energy")
            }
            if let l = rt.intervalLength, l <= 0 || l > InterchangeLimits.maximumReadingSeconds || l % 60 != 0 {
                notes.error(rtNode.child("intervalLength")?.line ?? rtNode.line, "intervalLength", String(l),
                            "a positive whole number of minutes in seconds, at most \(InterchangeLimits.maximumReadingSeconds) (one day)")
                continue
            }
            if rt.intervalLength == nil {
                notes.warn("nointervallength", rtNode.line, "intervalLength", "",
                           "intervalLength in seconds; the ReadingType has none, so each reading's own timePeriod duration is used and not cross-checked")
            }
            if direction == .net {
                notes.warn("net", rtNode.line, "flowDirection", "4 (net)",
                           "delivered (1) and received (19) channels; net values were split by sign: positive → delivered, negative → received, the other direction 0")
            }

            // The meter.
            let (up, upByOrder) = graph.usagePoint(ofMeterReading: m)
            if upByOrder, let up {
                notes.warn("order:up", me.node.line, "link", me.upPath.map { $0.original.joined(separator: "/") } ?? "no up link",
                           "links joining the MeterReading to its UsagePoint; joined to the UsagePoint at \(notes.loc(entries[up].node.line)) by document order")
            }
            var name: String
            if let id = options.meterID {
                name = id
                usagePointsUsed.insert(up ?? -1)
            } else if let up {
                let t = entries[up].title.trimmedField
                if !t.isEmpty {
                    name = t
                } else if let s = entries[up].selfPath {
                    name = s.original[s.original.count - 1]
                } else {
                    notes.error(entries[up].node.line, "UsagePoint", "", "a title or a self href to name the meter, or --meter")
                    continue
                }
            } else if let id = me.selfPath?.usagePointID ?? me.upPath?.usagePointID {
                name = id
            } else {
                notes.error(me.node.line, "UsagePoint", "", "a UsagePoint entry (or a MeterReading href with UsagePoint/{id}) to name the meter, or --meter")
                continue
            }
            if options.meterID == nil {
                let owner = up ?? -1
                if let o = meterOwner[name], o != owner {
                    let other = o >= 0 ? entries[o].node.line : me.node.line
                    notes.error(up.map { entries[$0].node.line } ?? me.node.line, "UsagePoint", name,
                                "a meter id of its own: the UsagePoint at \(notes.loc(other)) also maps to '\(name)' (title, else last href segment); import them separately with --meter")
                    continue
                }
                meterOwner[name] = owner
            }
            let meter: Int
            if let k = meterNames.firstIndex(of: name) { meter = k } else {
                meter = meterNames.count
                meterNames.append(name)
            }
            channels.append(Channel(meter: meter, direction: direction, readingType: rt, readingTypeLine: rtNode.line, blocks: blocks))
        }
        if let id = options.meterID, usagePointsUsed.count > 1 {
            notes.error(entries[graph.usagePoints.first ?? 0].node.line, "--meter", id,
                        "a file with one UsagePoint: this one has \(usagePointsUsed.count) with interval data, and --meter would merge them into one meter")
        }
        if channels.isEmpty && skipped > 0 && notes.errors.isEmpty {
            notes.error(entries[graph.blocks[0]].node.line, "IntervalBlock", "\(skipped) channel(s) not interval energy",
                        "at least one interval energy channel (uom 72 Wh, deltaData); every MeterReading with interval data was skipped (see the warnings)")
        }

        var raws: [Raw] = []
        raws.reserveCapacity(channels.reduce(0) { n, c in n + c.blocks.reduce(0) { $0 + $1.children.count } })
        for c in channels { collect(c, into: &raws, notes: &notes) }
        if !notes.errors.isEmpty { return [] }
        return resolve(raws, meterNames: meterNames, notes: &notes)
    }

    /// The readings of one channel, checked and scaled.
    static func collect(_ c: Channel, into raws: inout [Raw], notes: inout ESPINotes) {
        let rt = c.readingType
        let p = rt.powerOfTenMultiplier ?? 0
        let dir: UInt8 = c.direction == .delivered ? 0 : c.direction == .received ? 1 : 2
        for block in c.blocks {
            checkChildren(block, blockChildren, notes: &notes)
            var blockStart: Int64? = nil
            var blockEnd: Int64? = nil
            if let iv = block.child("interval") {
                checkChildren(iv, intervalChildren, notes: &notes)
                blockStart = iv.child("start").flatMap { int64($0, notes: &notes) }
                if let s = blockStart, !InterchangeLimits.contains(start: s), let n = iv.child("start") {
                    notes.error(n.line, "start", n.text, "a block start (UTC epoch seconds) \(InterchangeLimits.instantRangeText)")
                    continue
                }
                if let s = blockStart, let d = iv.child("duration").flatMap({ int64($0, notes: &notes) }) {
                    // a duration that leaves the instant range only loses the "outside its block" warning
                    blockEnd = d >= 0 && InterchangeLimits.contains(start: s, seconds: d) ? s + d : nil
                }
            }
            var position: Int64 = 0
            for r in block.children where r.name == "IntervalReading" {
                defer { position += 1 }
                checkChildren(r, readingChildren, notes: &notes)
                // Time.
                var start: Int64
                var seconds: Int64
                if let tp = r.child("timePeriod") {
                    checkChildren(tp, intervalChildren, notes: &notes)
                    guard let sn = tp.child("start"), let dn = tp.child("duration") else {
                        notes.error(tp.line, "timePeriod", tp.child("start") == nil ? "no start" : "no duration",
                                    "a timePeriod with both start (UTC epoch seconds) and duration (seconds)")
                        continue
                    }
                    guard let s = int64(sn, notes: &notes), let d = int64(dn, notes: &notes) else { continue }
                    start = s
                    seconds = d
                } else {
                    guard let bs = blockStart, let len = rt.intervalLength else {
                        notes.error(r.line, "timePeriod", "",
                                    "a timePeriod, or a block interval/start and a ReadingType intervalLength to place the reading (\(rt.location))")
                        continue
                    }
                    let (off, o1) = position.multipliedReportingOverflow(by: len)
                    let (s, o2) = bs.addingReportingOverflow(off)
                    if o1 || o2 {
                        notes.error(r.line, "timePeriod", "", "a reading time within range")
                        continue
                    }
                    start = s
                    seconds = len
                }
                if seconds <= 0 || seconds > InterchangeLimits.maximumReadingSeconds || seconds % 60 != 0 {
                    notes.error(r.line, "duration", String(seconds),
                                "a positive whole number of minutes in seconds, at most \(InterchangeLimits.maximumReadingSeconds) (one day)")
                    continue
                }
                if let len = rt.intervalLength, seconds != len {
                    notes.error(r.line, "duration", String(seconds),
                                "\(len) s, the ReadingType's intervalLength (\(rt.location)); a reading of another length is not one interval of this channel")
                    continue
                }
                guard InterchangeLimits.contains(start: start, seconds: seconds) else {
                    notes.error(r.child("timePeriod")?.child("start")?.line ?? r.line, "start", String(start),
                                "a reading time (UTC epoch seconds) \(InterchangeLimits.instantRangeText)")
                    continue
                }
                let end = start + seconds
                if let bs = blockStart, let be = blockEnd, start < bs || end > be {
                    notes.warn("blockspan", r.line, "interval", "reading \(Instant(secondsSinceEpoch: start)) for \(seconds) s",
                               "readings inside their block's interval; this one lies (partly) outside [\(Instant(secondsSinceEpoch: bs)), \(Instant(secondsSinceEpoch: be))), the reading's own timePeriod was used")
                }
                // Value.
                guard let vn = r.child("value") else {
                    notes.error(r.line, "value", "", "a value; an IntervalReading without one would be a silent gap")
                    continue
                }
                let raw: Int64
                switch ESPICodes.int64(vn.text) {
                case .success(let v): raw = v
                case .failure(.notANumber):
                    notes.error(vn.line, "value", vn.text, "an integer number of \(rt.unitName)")
                    continue
                case .failure(.outOfRange):
                    notes.error(vn.line, "value", vn.text, "an integer small enough to hold exactly (64-bit; ESPI Int48)")
                    continue
                }
                if raw < 0 && c.direction != .net {
                    notes.error(vn.line, "value", vn.text,
                                "≥ 0: flowDirection \(c.direction.rawValue) (\(c.direction)) energy is never negative (\(rt.location))")
                    continue
                }
                let micro: Int64
                let maximum = InterchangeLimits.maximumIntervalMicroKWh
                switch ESPICodes.microKWh(value: raw, powerOfTen: p) {
                case .success(let v) where v >= -maximum && v <= maximum: micro = v
                case .success, .failure(.overflow):
                    notes.error(vn.line, "value", vn.text,
                                "at most \(maximum / 1_000_000) kWh in one interval after scaling by 10^\(p) \(ESPICodes.uomName(72))")
                    continue
                case .failure(.notWhole):
                    notes.error(vn.line, "value", vn.text,
                                "a whole number of µkWh after scaling by 10^\(p) Wh (GridSettle never rounds input)")
                    continue
                }
                // Quality.
                var quality: DataQuality? = nil
                for q in r.children where q.name == "ReadingQuality" {
                    checkChildren(q, qualityChildren, notes: &notes)
                    for qc in q.children where qc.name == "quality" {
                        let code: Int?
                        if case .success(let v) = ESPICodes.int64(qc.text), v >= 0, v <= 65_535 { code = Int(v) } else { code = nil }
                        let (dq, clear) = ESPICodes.quality(code)
                        if !clear { warnQuality(code, text: qc.text, line: qc.line, notes: &notes) }
                        quality = max(quality ?? .actual, dq)
                    }
                }
                if quality == nil {
                    let (dq, clear) = ESPICodes.quality(rt.defaultQuality ?? 0)
                    if !clear { warnQuality(rt.defaultQuality, text: rt.defaultQuality.map(String.init) ?? "", line: c.readingTypeLine, notes: &notes) }
                    quality = dq
                }
                if r.child("cost") != nil {
                    notes.warn("cost", r.line, "cost", "present",
                               "nothing to import: ESPI cost is the utility's bill amount (1e-5 of the currency), not GridSettle's, so it was not imported")
                }
                raws.append(Raw(meter: Int32(c.meter), direction: dir, quality: quality ?? .actual, line: Int32(clamping: r.line),
                                start: start, seconds: seconds, value: micro))
            }
        }
    }

    static func warnQuality(_ code: Int?, text: String, line: Int, notes: inout ESPINotes) {
        let name = code.map { ESPICodes.qualityName($0) } ?? "not a code"
        notes.warn("quality:\(code.map(String.init) ?? text)", line, "quality", "\(text) (\(name))",
                   "a settlement-quality code (0, 17, 18, 19 actual; 7 edited; 8, 9, 11, 12 estimated); imported as estimated (S)")
    }

    /// Duplicates and overlaps per meter and direction, then the result sorted by meter and start.
    static func resolve(_ input: [Raw], meterNames: [String], notes: inout ESPINotes) -> [ImportedReading] {
        var raws = input
        raws.sort { a, b in
            if a.meter != b.meter { return a.meter < b.meter }
            if a.direction != b.direction { return a.direction < b.direction }
            if a.start != b.start { return a.start < b.start }
            if a.seconds != b.seconds { return a.seconds < b.seconds }
            return a.line < b.line
        }
        var kept: [Raw] = []
        kept.reserveCapacity(raws.count)
        var duplicates = 0
        var firstDuplicate = 0
        var group: (meter: Int32, direction: UInt8) = (-1, 255)
        var reachEnd = Int64.min  // furthest end so far in this meter and direction
        var reachIndex = -1  // the kept reading that reaches it
        for r in raws {
            if r.meter != group.meter || r.direction != group.direction {
                group = (r.meter, r.direction)
                reachEnd = .min
                reachIndex = -1
            }
            if reachIndex >= 0 && r.start < reachEnd {
                let o = kept[reachIndex]
                if o.start == r.start && o.seconds == r.seconds && o.value == r.value && o.quality == r.quality {
                    if duplicates == 0 { firstDuplicate = Int(r.line) }
                    duplicates += 1
                } else {
                    notes.error(Int(r.line), "timePeriod", "\(Instant(secondsSinceEpoch: r.start)) for \(r.seconds) s, \(r.value) µkWh, quality \(r.quality.code)",
                                "no overlap with the reading at \(notes.loc(Int(o.line))) (\(Instant(secondsSinceEpoch: o.start)) for \(o.seconds) s, \(o.value) µkWh, quality \(o.quality.code)) of the same meter and direction: two different values for one interval")
                }
                continue
            }
            kept.append(r)
            if r.start + r.seconds > reachEnd {
                reachEnd = r.start + r.seconds
                reachIndex = kept.count - 1
            }
        }
        if duplicates > 0 {
            notes.warn("duplicates", firstDuplicate, "IntervalReading", "\(duplicates) duplicate reading(s)",
                       "each interval once; identical readings (same start, duration, value and quality, e.g. a re-sent day) were kept once")
        }
        if !notes.errors.isEmpty { return [] }

        let rank = meterNames.indices.sorted { meterNames[$0] < meterNames[$1] }
        var rankOf = [Int](repeating: 0, count: meterNames.count)
        for (k, m) in rank.enumerated() { rankOf[m] = k }
        kept.sort { a, b in
            let ra = rankOf[Int(a.meter)], rb = rankOf[Int(b.meter)]
            if ra != rb { return ra < rb }
            if a.start != b.start { return a.start < b.start }
            if a.direction != b.direction { return a.direction < b.direction }
            return a.line < b.line
        }
        let file = notes.file
        return kept.map { r in
            let delivered: Int64?
            let received: Int64?
            switch r.direction {
            case 0: (delivered, received) = (r.value, nil)
            case 1: (delivered, received) = (nil, r.value)
            default: (delivered, received) = r.value >= 0 ? (r.value, 0) : (0, -r.value)
            }
            return ImportedReading(meterID: meterNames[Int(r.meter)], start: Instant(secondsSinceEpoch: r.start), seconds: r.seconds,
                                   deliveredMicroKWh: delivered, receivedMicroKWh: received, quality: r.quality, source: "\(file):\(r.line)")
        }
    }
}
