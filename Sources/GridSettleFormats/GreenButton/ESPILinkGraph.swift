import GridSettleCore

/// A resource href, normalised for matching: scheme and host, query and fragment removed, split into path
/// segments, compared case-insensitively. `https://host/DataCustodian/espi/1_1/resource/ReadingType/07`,
/// `/espi/1_1/resource/ReadingType/07` and `ReadingType/07` all end in `readingtype/07` and match by suffix.
struct ESPIPath: Equatable {
    /// Lower-cased segments, for matching.
    var segments: [String]
    /// The segments as written, for ids derived from an href.
    var original: [String]

    init(segments: [String], original: [String]) {
        self.segments = segments
        self.original = original
    }

    init?(href: String) {
        var s = Substring(href)
        if let scheme = s.firstRange(of: "://") {
            s = s[scheme.upperBound...]
            s = s.firstIndex(of: "/").map { s[$0...] } ?? ""
        }
        if let cut = s.firstIndex(where: { $0 == "?" || $0 == "#" }) { s = s[..<cut] }
        let parts = s.split(separator: "/").map(String.init).filter { $0 != "." && !$0.allSatisfy(\.isWhitespace) }
        guard !parts.isEmpty else { return nil }
        self.init(segments: parts.map { $0.lowercased() }, original: parts)
    }

    var last: String { segments[segments.count - 1] }

    /// The path without its last `n` segments, or nil if nothing would remain.
    func droppingLast(_ n: Int) -> ESPIPath? {
        guard segments.count > n else { return nil }
        return ESPIPath(segments: Array(segments.dropLast(n)), original: Array(original.dropLast(n)))
    }

    /// Equal, or one is a suffix of the other and the shorter has at least two segments (`ReadingType/07`);
    /// one bare segment (`ReadingType`) is too little to join on.
    func matches(_ o: ESPIPath) -> Bool {
        if segments == o.segments { return true }
        let (short, long) = segments.count <= o.segments.count ? (segments, o.segments) : (o.segments, segments)
        guard short.count >= 2 else { return false }
        return long.suffix(short.count).elementsEqual(short)
    }

    /// The segment after the last `UsagePoint` segment, as written (e.g. `5446AF3F`).
    var usagePointID: String? {
        guard let k = segments.lastIndex(of: "usagepoint"), k + 1 < segments.count else { return nil }
        return original[k + 1]
    }
}

/// One Atom entry (or a bare ESPI resource treated as one), with its links and the ESPI resources in its
/// content.
struct ESPIEntry {
    var node: XMLNode
    var index: Int
    var title: String
    var selfHref: String
    var selfPath: ESPIPath?
    var upPath: ESPIPath?
    var related: [ESPIPath]
    var resources: [XMLNode]

    func has(_ resource: String) -> Bool { resources.contains { $0.name == resource } }
}

/// The entries of a feed joined through their hrefs (research data_formats.md §1.2): UsagePoint →
/// MeterReading (MeterReading `self` under the UsagePoint's `self`, or its `up` under it, or listed in the
/// UsagePoint's `related`), MeterReading → ReadingType (`related` href = ReadingType `self`), MeterReading →
/// IntervalBlock (block `up` or `self` under the MeterReading's `self`, or in its `related`). When links are
/// missing or match nothing, entries are joined by document order and the caller warns.
struct ESPILinkGraph {
    var entries: [ESPIEntry] = []
    var usagePoints: [Int] = []
    var meterReadings: [Int] = []
    var readingTypes: [Int] = []
    var blocks: [Int] = []
    var localTimes: [Int] = []

    init(entries: [ESPIEntry]) {
        self.entries = entries
        for (k, e) in entries.enumerated() {
            if e.has("UsagePoint") { usagePoints.append(k) }
            if e.has("MeterReading") { meterReadings.append(k) }
            if e.has("ReadingType") { readingTypes.append(k) }
            if e.has("IntervalBlock") { blocks.append(k) }
            if e.has("LocalTimeParameters") { localTimes.append(k) }
        }
    }

    /// The entries of `candidates` whose `self` matches `path`.
    private func selfMatches(_ path: ESPIPath, in candidates: [Int]) -> [Int] {
        candidates.filter { entries[$0].selfPath?.matches(path) ?? false }
    }

    /// The owner one level up the resource tree: for `…/Owner/{id}/Child/{id}` (self) or `…/Owner/{id}/Child`
    /// (up) the owner's path.
    private func ownerPath(of e: ESPIEntry, collection: String) -> [ESPIPath] {
        var out: [ESPIPath] = []
        if let s = e.selfPath, s.segments.count >= 3, s.segments[s.segments.count - 2] == collection, let p = s.droppingLast(2) {
            out.append(p)
        }
        if let u = e.upPath, u.last == collection, let p = u.droppingLast(1) { out.append(p) }
        return out
    }

    /// Nearest entry of `candidates` before `index` in document order, else the nearest after it.
    private func nearest(_ candidates: [Int], to index: Int) -> Int? {
        candidates.last { $0 < index } ?? candidates.first { $0 > index }
    }

    /// The UsagePoint entry a MeterReading entry belongs to; `byOrder` when links did not say.
    func usagePoint(ofMeterReading m: Int) -> (entry: Int?, byOrder: Bool) {
        let e = entries[m]
        for p in ownerPath(of: e, collection: "meterreading") {
            if let u = selfMatches(p, in: usagePoints).first { return (u, false) }
        }
        if let up = e.upPath, let u = usagePoints.first(where: { entries[$0].related.contains { $0.matches(up) } }) {
            return (u, false)
        }
        if usagePoints.isEmpty { return (nil, false) }
        return (usagePoints.count == 1 ? usagePoints[0] : nearest(usagePoints, to: m), true)
    }

    /// The ReadingType entries a MeterReading's `related` links name (several when a sender repeats a
    /// `self` href); `byOrder` when no link matched and the ReadingType was taken by document order.
    func readingTypes(ofMeterReading m: Int) -> (entries: [Int], byOrder: Bool) {
        var found: [Int] = []
        for r in entries[m].related {
            for k in selfMatches(r, in: readingTypes) where !found.contains(k) { found.append(k) }
        }
        if !found.isEmpty { return (found, false) }
        if readingTypes.count == 1 { return ([readingTypes[0]], true) }
        // The ReadingType that follows the MeterReading before the next one, else the one just before it.
        let next = meterReadings.first { $0 > m } ?? Int.max
        let previous = meterReadings.last { $0 < m } ?? -1
        if let after = readingTypes.first(where: { $0 > m && $0 < next }) { return ([after], true) }
        if let before = readingTypes.last(where: { $0 < m && $0 > previous }) { return ([before], true) }
        return ([], false)
    }

    /// The MeterReading entry an IntervalBlock entry belongs to; `byOrder` when links did not say.
    func meterReading(ofBlock b: Int) -> (entry: Int?, byOrder: Bool) {
        let e = entries[b]
        for p in ownerPath(of: e, collection: "intervalblock") {
            if let m = selfMatches(p, in: meterReadings).first { return (m, false) }
        }
        if let up = e.upPath, let m = meterReadings.first(where: { entries[$0].related.contains { $0.matches(up) } }) {
            return (m, false)
        }
        if meterReadings.isEmpty { return (nil, false) }
        return (meterReadings.count == 1 ? meterReadings[0] : nearest(meterReadings, to: b), true)
    }
}
