import GridSettleCore

/// One channel to export: a regular interval series of one flow direction.
public struct ESPIExportChannel: Sendable {
    /// The MeterReading entry's title, e.g. "delivered (after VEE)".
    public var title: String
    public var flowDirection: ESPIFlowDirection
    /// Interval length in seconds (300, 900, 3600 …).
    public var intervalSeconds: Int64
    /// Start of the first interval (UTC).
    public var start: Instant
    /// Energy per interval, µkWh; ≥ 0 for delivered and received, signed for net (positive = import).
    public var microKWh: [Int64]
    /// Quality per interval (same count as `microKWh`), or empty for all actual. Missing intervals are omitted
    /// from the feed (never written as 0).
    public var quality: [DataQuality]

    public init(title: String, flowDirection: ESPIFlowDirection, intervalSeconds: Int64, start: Instant, microKWh: [Int64],
                quality: [DataQuality] = []) {
        self.title = title
        self.flowDirection = flowDirection
        self.intervalSeconds = intervalSeconds
        self.start = start
        self.microKWh = microKWh
        self.quality = quality
    }
}

/// One usage point (meter) to export with its channels.
public struct ESPIExportUsagePoint: Sendable {
    /// Stable identity: the urn:uuid ids are derived from it, so the same id gives the same ids in every export.
    public var id: String
    /// The UsagePoint entry's title; ``ESPIReader`` reads it back as the meter id.
    public var title: String
    /// The zone of the local days the IntervalBlocks follow, and of the LocalTimeParameters entry.
    public var zone: MarketTimeZone
    public var channels: [ESPIExportChannel]

    public init(id: String, title: String, zone: MarketTimeZone, channels: [ESPIExportChannel]) {
        self.id = id
        self.title = title
        self.zone = zone
        self.channels = channels
    }
}

/// Writes settled channels as a Green Button / NAESB ESPI 3.3 Atom feed that validates against usage.xsd
/// (checked in tests with `scripts/espi_xsd_check.py`) and that ``ESPIReader`` reads back to the same readings.
///
/// Layout, in document order: one LocalTimeParameters entry per zone; then per usage point a UsagePoint entry
/// (ServiceCategory kind 0, electricity) and per channel a MeterReading entry, its ReadingType entry and one
/// IntervalBlock entry per local day of the zone — so DST days hold 23 or 25 hours, and the block's
/// `interval/duration` is the true length of that day. Entries are linked as in research §1.2
/// (`/espi/1_1/resource/RetailCustomer/1/UsagePoint/{n}/MeterReading/{m}/IntervalBlock/{yyyymmdd}`), elements
/// are in XSD sequence order, and every resource carries `xmlns="http://naesb.org/espi"`.
///
/// Choices:
/// - ReadingType: accumulationBehaviour 4 (deltaData), commodity 1, currency 840, dataQualifier 12 (normal),
///   the channel's flowDirection and intervalLength, kind 12 (energy), phase 769, uom 72 (Wh), and
///   powerOfTenMultiplier 3 (kWh) when every value is a whole kWh, else 0 (Wh) when every value is a whole Wh,
///   else −3 (mWh: 1 µkWh = 1 mWh), so the integers are exact.
/// - IntervalReading: ReadingQuality only when not actual (edited → 7 manually edited, estimated → 8 estimated),
///   then timePeriod and value. Missing intervals are omitted; a day with no value has no block.
/// - LocalTimeParameters: tzOffset = the zone's standard offset; US zones with DST get dstOffset 3600,
///   dstStartRule 360E2000 (second Sunday of March, 02:00) and dstEndRule B40E2000 (first Sunday of November,
///   02:00) — the rule since 2007; zones without DST get dstOffset 0 and FFFFFFFF (disabled).
/// - Ids are `urn:uuid:` name-based UUIDs (RFC 4122 version 5, SHA-1, URL namespace) of the usage point id,
///   channel index and block day, and `published`/`updated` are `updated` in RFC 3339: the same input always
///   gives byte-identical output.
public enum ESPIWriter {
    public static func feed(_ points: [ESPIExportUsagePoint], title: String, updated: Instant) -> String {
        let stamp = updated.description
        var out = ""
        out.reserveCapacity(4096 + points.reduce(0) { $0 + $1.channels.reduce(0) { $0 + $1.microKWh.count * 150 } })
        let feedName = "feed/" + title + "/" + points.map(\.id).joined(separator: "\u{1F}")
        out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        out += "  <id>urn:uuid:\(uuid(feedName))</id>\n"
        out += "  <title>\(escape(title))</title>\n"
        out += "  <updated>\(stamp)</updated>\n"
        out += "  <link rel=\"self\" href=\"/espi/1_1/resource/Batch/RetailCustomer/1/UsagePoint\"/>\n"

        // LocalTimeParameters, one per zone in order of first use.
        var zones: [MarketTimeZone] = []
        for p in points where !zones.contains(where: { $0.identifier == p.zone.identifier }) { zones.append(p.zone) }
        func ltpHref(_ z: MarketTimeZone) -> String {
            "/espi/1_1/resource/LocalTimeParameters/\((zones.firstIndex { $0.identifier == z.identifier } ?? 0) + 1)"
        }
        for z in zones {
            let rules = z.observesDST ? ("B40E2000", 3600, "360E2000") : ("FFFFFFFF", 0, "FFFFFFFF")
            entry(&out, id: uuid("ltp/" + z.identifier), links: [("self", ltpHref(z)), ("up", "/espi/1_1/resource/LocalTimeParameters")],
                  title: "\(z.identifier) local time", stamp: stamp,
                  content: "<LocalTimeParameters xmlns=\"http://naesb.org/espi\"><dstEndRule>\(rules.0)</dstEndRule><dstOffset>\(rules.1)</dstOffset><dstStartRule>\(rules.2)</dstStartRule><tzOffset>\(z.standardOffsetSeconds)</tzOffset></LocalTimeParameters>")
        }

        for (n, point) in points.enumerated() {
            let up = "/espi/1_1/resource/RetailCustomer/1/UsagePoint/\(n + 1)"
            entry(&out, id: uuid("usagepoint/" + point.id),
                  links: [("self", up), ("up", "/espi/1_1/resource/RetailCustomer/1/UsagePoint"), ("related", up + "/MeterReading"),
                          ("related", ltpHref(point.zone))],
                  title: point.title, stamp: stamp,
                  content: "<UsagePoint xmlns=\"http://naesb.org/espi\"><ServiceCategory><kind>0</kind></ServiceCategory></UsagePoint>")
            for (m, channel) in point.channels.enumerated() {
                channelEntries(&out, channel, point: point, up: up, index: m + 1, stamp: stamp)
            }
        }
        out += "</feed>\n"
        return out
    }

    static func channelEntries(_ out: inout String, _ c: ESPIExportChannel, point: ESPIExportUsagePoint, up: String, index m: Int, stamp: String) {
        precondition(c.intervalSeconds > 0, "ESPIExportChannel.intervalSeconds must be positive")
        precondition(c.quality.isEmpty || c.quality.count == c.microKWh.count, "ESPIExportChannel.quality must be empty or one per value")
        let key = "usagepoint/" + point.id + "/channel/\(m)"
        let mr = up + "/MeterReading/\(m)"
        let rt = "/espi/1_1/resource/ReadingType/\(up.split(separator: "/").last ?? "1")-\(m)"
        let quality: (Int) -> DataQuality = { c.quality.isEmpty ? .actual : c.quality[$0] }
        let p = powerOfTen(c.microKWh.indices.lazy.filter { quality($0) != .missing }.map { c.microKWh[$0] })
        let divisor = ESPICodes.pow10(p + 3) ?? 1

        entry(&out, id: uuid(key + "/meterreading"),
              links: [("self", mr), ("up", up + "/MeterReading"), ("related", mr + "/IntervalBlock"), ("related", rt)],
              title: c.title, stamp: stamp, content: "<MeterReading xmlns=\"http://naesb.org/espi\"/>")
        entry(&out, id: uuid(key + "/readingtype"), links: [("self", rt), ("up", "/espi/1_1/resource/ReadingType")],
              title: "\(c.title): Wh ×10^\(p), \(c.intervalSeconds) s", stamp: stamp,
              content: "<ReadingType xmlns=\"http://naesb.org/espi\"><accumulationBehaviour>4</accumulationBehaviour><commodity>1</commodity><currency>840</currency><dataQualifier>12</dataQualifier><flowDirection>\(c.flowDirection.rawValue)</flowDirection><intervalLength>\(c.intervalSeconds)</intervalLength><kind>12</kind><phase>769</phase><powerOfTenMultiplier>\(p)</powerOfTenMultiplier><timeAttribute>0</timeAttribute><uom>72</uom></ReadingType>")

        // One block per local day; readings in time order.
        var i = 0
        let n = c.microKWh.count
        while i < n {
            if quality(i) == .missing {
                i += 1
                continue
            }
            let day = point.zone.localTime(c.start.adding(seconds: Int64(i) * c.intervalSeconds)).date
            let bounds = point.zone.dayBounds(day)
            var body = "<IntervalBlock xmlns=\"http://naesb.org/espi\">\n        <interval><duration>\(bounds.end.secondsSinceEpoch - bounds.start.secondsSinceEpoch)</duration><start>\(bounds.start.secondsSinceEpoch)</start></interval>"
            while i < n {
                let t = c.start.adding(seconds: Int64(i) * c.intervalSeconds)
                if t >= bounds.end { break }
                let q = quality(i)
                if q != .missing {
                    body += "\n        <IntervalReading>"
                    switch q {
                    case .edited: body += "<ReadingQuality><quality>7</quality></ReadingQuality>"
                    case .estimated: body += "<ReadingQuality><quality>8</quality></ReadingQuality>"
                    case .actual, .missing: break
                    }
                    body += "<timePeriod><duration>\(c.intervalSeconds)</duration><start>\(t.secondsSinceEpoch)</start></timePeriod><value>\(c.microKWh[i] / divisor)</value></IntervalReading>"
                }
                i += 1
            }
            body += "\n      </IntervalBlock>"
            let label = day.description
            let compact = label.filter { $0 != "-" }
            entry(&out, id: uuid(key + "/block/" + label),
                  links: [("self", mr + "/IntervalBlock/" + compact), ("up", mr + "/IntervalBlock")],
                  title: "\(c.title) \(label)", stamp: stamp, content: body)
        }
    }

    /// 3 (kWh) if every value is a whole kWh, 0 (Wh) if every value is a whole Wh, else −3 (mWh = µkWh).
    static func powerOfTen<S: Sequence>(_ values: S) -> Int where S.Element == Int64 {
        var kwh = true
        for v in values {
            if v % 1_000 != 0 { return -3 }
            if v % 1_000_000 != 0 { kwh = false }
        }
        return kwh ? 3 : 0
    }

    static func entry(_ out: inout String, id: String, links: [(String, String)], title: String, stamp: String, content: String) {
        out += "  <entry>\n    <id>urn:uuid:\(id)</id>\n"
        for (rel, href) in links { out += "    <link rel=\"\(rel)\" href=\"\(escape(href))\"/>\n" }
        out += "    <title>\(escape(title))</title>\n    <content>\n      \(content)\n    </content>\n"
        out += "    <published>\(stamp)</published>\n    <updated>\(stamp)</updated>\n  </entry>\n"
    }

    /// XML character data / attribute value escaping.
    static func escape(_ s: String) -> String { XMLText.escape(s) }

    // MARK: Name-based UUIDs

    /// RFC 4122 URL namespace, 6ba7b811-9dad-11d1-80b4-00c04fd430c8.
    static let urlNamespace: [UInt8] = [0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8]

    /// Version-5 UUID of `"gridsettle:espi:" + name` in the URL namespace, lower-case.
    static func uuid(_ name: String) -> String {
        var b = Array(sha1(urlNamespace + Array(("gridsettle:espi:" + name).utf8)).prefix(16))
        b[6] = (b[6] & 0x0F) | 0x50
        b[8] = (b[8] & 0x3F) | 0x80
        var s: [UInt8] = []
        s.reserveCapacity(36)
        for (k, byte) in b.enumerated() {
            if k == 4 || k == 6 || k == 8 || k == 10 { s.append(UInt8(ascii: "-")) }
            Hex.append(byte, to: &s)
        }
        return String(decoding: s, as: UTF8.self)
    }

    /// SHA-1 (FIPS 180-4), only for name-based ids — not for security.
    static func sha1(_ message: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        var m = message
        let bitLength = UInt64(message.count) &* 8
        m.append(0x80)
        while m.count % 64 != 56 { m.append(0) }
        for k in (0..<8).reversed() { m.append(UInt8(truncatingIfNeeded: bitLength >> (UInt64(k) * 8))) }
        func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 { (x << n) | (x >> (32 - n)) }
        var w = [UInt32](repeating: 0, count: 80)
        for chunk in stride(from: 0, to: m.count, by: 64) {
            for t in 0..<16 {
                let o = chunk + 4 * t
                w[t] = UInt32(m[o]) << 24 | UInt32(m[o + 1]) << 16 | UInt32(m[o + 2]) << 8 | UInt32(m[o + 3])
            }
            for t in 16..<80 { w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1) }
            var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
            for t in 0..<80 {
                let f: UInt32
                let k: UInt32
                switch t {
                case 0..<20: (f, k) = ((b & c) | (~b & d), 0x5A82_7999)
                case 20..<40: (f, k) = (b ^ c ^ d, 0x6ED9_EBA1)
                case 40..<60: (f, k) = ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
                default: (f, k) = (b ^ c ^ d, 0xCA62_C1D6)
                }
                let temp = rotl(a, 5) &+ f &+ e &+ k &+ w[t]
                (e, d, c, b, a) = (d, c, rotl(b, 30), a, temp)
            }
            h[0] &+= a
            h[1] &+= b
            h[2] &+= c
            h[3] &+= d
            h[4] &+= e
        }
        var digest: [UInt8] = []
        digest.reserveCapacity(20)
        for v in h { for s in stride(from: 24, through: 0, by: -8) { digest.append(UInt8(truncatingIfNeeded: v >> UInt32(s))) } }
        return digest
    }
}
