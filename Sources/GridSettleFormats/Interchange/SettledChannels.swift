import GridSettleCore

/// One interval channel that settlement produced or validated, ready to hand to another party: the meters
/// after VEE, the retail billing determinant after add-back and back-out, and the storage meter's energy
/// split by owner (wholesale vs retail). `gridsettle export` writes these as Green Button ESPI XML or CSV.
public struct SettledChannel: Sendable {
    /// ESPI `flowDirection`: 1 delivered to the customer, 19 received from the customer, 4 net (signed).
    public enum Flow: Int, Sendable, CaseIterable {
        case delivered = 1
        case received = 19
        case net = 4
    }

    /// The usage point (meter or derived account) the channel belongs to.
    public var usagePoint: String
    /// A short channel name, unique within the usage point.
    public var name: String
    public var flow: Flow
    /// What the numbers mean, in a sentence (ESPI entry title, CSV column).
    public var meaning: String
    public var series: EnergySeries
}

public enum SettledChannels {
    /// Every channel of `result`, in a fixed order: each meter (delivered, received) in site-file order, the
    /// retail billing net import, then the storage ownership split.
    public static func of(_ result: SettlementResult) -> [SettledChannel] {
        var out: [SettledChannel] = []
        for spec in result.config.meters {
            guard let m = result.vee.meters[spec.id] else { continue }
            out.append(SettledChannel(usagePoint: spec.id, name: "delivered", flow: .delivered,
                                      meaning: "\(spec.id) (\(spec.role.rawValue)): energy delivered by the grid, after validation and estimation", series: m.delivered))
            out.append(SettledChannel(usagePoint: spec.id, name: "received", flow: .received,
                                      meaning: "\(spec.id) (\(spec.role.rawValue)): energy received by the grid, after validation and estimation", series: m.received))
        }
        let retail = result.config.meter(role: .retailMaster)?.id ?? "retail"
        out.append(SettledChannel(usagePoint: retail + "-billing", name: "net-import-adjusted", flow: .net,
                                  meaning: "retail billing net import after add-back of wholesale discharge and back-out of wholesale charging (positive = import)",
                                  series: result.adjustedNetImport))
        let l = result.ledger
        let storage = result.config.meter(role: .storage)?.id ?? "storage"
        let quality = result.vee.meters[storage]?.delivered.grid == l.grid
            ? result.vee.meters[storage].map { zip($0.delivered.quality, $0.received.quality).map { max($0, $1) } } : nil
        func series(_ v: ContiguousArray<Int64>) -> EnergySeries {
            EnergySeries(grid: l.grid, microKWh: v, quality: quality.map { ContiguousArray($0) } ?? ContiguousArray(repeating: .actual, count: l.grid.count))
        }
        out.append(SettledChannel(usagePoint: storage + "-wholesale", name: "charge", flow: .delivered,
                                  meaning: "storage charging owned by the wholesale market (settled at the LMP, not billed at retail)", series: series(l.chargeWholesale)))
        out.append(SettledChannel(usagePoint: storage + "-wholesale", name: "discharge", flow: .received,
                                  meaning: "storage discharge owned by the wholesale market (settled at the LMP, added back to the retail bill)", series: series(l.dischargeWholesale)))
        out.append(SettledChannel(usagePoint: storage + "-retail", name: "charge", flow: .delivered,
                                  meaning: "storage charging that is retail load (billed on the retail tariff)", series: series(l.chargeRetail)))
        out.append(SettledChannel(usagePoint: storage + "-retail", name: "discharge", flow: .received,
                                  meaning: "storage discharge that serves retail load (retail peak shaving)", series: series(l.dischargeRetail)))
        return out
    }
}

/// The settled channels as one long CSV: a row per channel and interval, with the UTC start (the key) and
/// the local start with its offset (for people; unambiguous on the fall-back day because of the offset).
/// Written by ``CSVWriter``: a usage point is a meter id, which may hold a comma.
public enum SettledChannelsCSV {
    public static let columns = ["usage_point", "channel", "flow_direction", "interval_start_utc", "interval_start_local", "interval_minutes", "kwh", "quality"]

    public static func text(_ channels: [SettledChannel], zone: MarketTimeZone) -> String {
        var out = CSVWriter(columns: columns, reservingCapacity: channels.reduce(0) { $0 + $1.series.count } * 90)
        for c in channels {
            let s = c.series
            let minutes = String(s.grid.seconds / 60)
            let flow = String(c.flow.rawValue)
            for i in 0..<s.count {
                let t = s.grid.startOf(i)
                let q = s.quality[i]
                out.field(c.usagePoint)
                out.field(c.name)
                out.field(flow)
                out.field(t.description)
                out.field(localStamp(t, zone))
                out.field(minutes)
                out.field(q == .missing ? "" : DatasetWriter.kwh(s.microKWh[i]))
                out.field(q.code)
                out.endRow()
            }
        }
        return out.text
    }

    /// `2024-11-03T01:00:00-07:00`.
    static func localStamp(_ t: Instant, _ zone: MarketTimeZone) -> String {
        let off = zone.offsetSeconds(at: t)
        let a = abs(off)
        func pad(_ v: Int64) -> String { v < 10 ? "0\(v)" : String(v) }
        return zone.localTime(t).description + (off < 0 ? "-" : "+") + pad(a / 3600) + ":" + pad((a % 3600) / 60)
    }
}

/// The settled channels as one Green Button ESPI feed: a UsagePoint per usage point, a MeterReading per
/// channel (``ESPIWriter``).
public enum SettledChannelsESPI {
    public static func feed(_ channels: [SettledChannel], zone: MarketTimeZone, site: String, updated: Instant) -> String {
        var order: [String] = []
        var byPoint: [String: [ESPIExportChannel]] = [:]
        for c in channels {
            if byPoint[c.usagePoint] == nil { order.append(c.usagePoint) }
            let s = c.series
            byPoint[c.usagePoint, default: []].append(ESPIExportChannel(
                title: c.name + ": " + c.meaning, flowDirection: ESPIFlowDirection(rawValue: c.flow.rawValue)!,
                intervalSeconds: s.grid.seconds, start: s.grid.startOf(0), microKWh: Array(s.microKWh), quality: Array(s.quality)))
        }
        let points = order.map { ESPIExportUsagePoint(id: $0, title: $0, zone: zone, channels: byPoint[$0]!) }
        return ESPIWriter.feed(points, title: "GridSettle settled channels, site \(site)", updated: updated)
    }
}
