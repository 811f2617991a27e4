import Foundation
import GridSettleCore

/// Reads `dso.json` (docs/dso-dataset.md): period, zone, interval and the DSOs with their interfaces and
/// policies. Every problem becomes a ``DatasetIssue`` at `dso.json` with the field's path.
enum DSOManifestReader {
    struct Manifest {
        var formatVersion: Int
        var zone: MarketTimeZone
        var period: SettlementPeriod
        var intervalSeconds: Int64
        var dsos: [DSO]
    }

    private struct File: Decodable {
        var formatVersion: Int
        var timeZone: String
        var period: Period
        var intervalMinutes: Int
        var dsos: [Entry]
    }
    private struct Period: Decodable { var start: String; var end: String }
    private struct Entry: Decodable {
        var id: String
        var name: String?
        var allocation: Allocation?
        var localMarket: LocalMarketValue?
        var aggregation: AggregationRules?
        var interfaces: [DSOInterface]
    }
    private struct Allocation: Decodable {
        var method: String?
        var feePerMWh: Flexible?
        var feeBasis: String?
        var scheduleSplitResidual: String?
        var lineRounding: String?
    }
    /// A decimal written as a JSON string ("3") or number (3).
    private struct Flexible: Decodable {
        var text: String
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let s = try? c.decode(String.self) { text = s } else if let i = try? c.decode(Int64.self) { text = String(i) } else {
                text = String(try c.decode(Double.self))
            }
        }
    }
    /// `true`/`false`, or a ``LocalMarketSettings`` object.
    private struct LocalMarketValue: Decodable {
        var settings: LocalMarketSettings
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let b = try? c.decode(Bool.self) { settings = LocalMarketSettings(enabled: b) } else {
                settings = try c.decode(LocalMarketSettings.self)
            }
        }
    }

    static let file = "dso.json"

    static func read(_ bytes: [UInt8], issues: IssueCollector) -> Manifest? {
        func fail(_ field: String, _ value: String, _ expected: String, _ severity: DatasetIssue.Severity = .error) {
            issues.add(DatasetIssue(severity: severity, location: file, field: field, value: value, expected: expected))
        }
        let f: File
        do {
            f = try JSONDecoder().decode(File.self, from: Data(bytes))
        } catch let DecodingError.keyNotFound(key, ctx) {
            fail((ctx.codingPath + [key]).map(\.pathText).joined(separator: "."), "", "the key \(key.stringValue) (docs/dso-dataset.md)")
            return nil
        } catch let DecodingError.typeMismatch(_, ctx) {
            fail(ctx.codingPath.map(\.pathText).joined(separator: "."), "", ctx.debugDescription)
            return nil
        } catch let DecodingError.valueNotFound(_, ctx) {
            fail(ctx.codingPath.map(\.pathText).joined(separator: "."), "null", ctx.debugDescription)
            return nil
        } catch let DecodingError.dataCorrupted(ctx) {
            fail(ctx.codingPath.isEmpty ? "(file)" : ctx.codingPath.map(\.pathText).joined(separator: "."), "", ctx.debugDescription)
            return nil
        } catch {
            fail("(file)", "", "valid JSON (\(error))")
            return nil
        }
        var ok = true
        if f.formatVersion != 1 { fail("formatVersion", String(f.formatVersion), "1"); ok = false }
        let zone = MarketTimeZone.named(f.timeZone)
        if zone == nil {
            fail("timeZone", f.timeZone, "one of " + MarketTimeZone.known.map(\.identifier).joined(separator: ", "))
            ok = false
        }
        let start = LocalDate(parsing: f.period.start)
        let end = LocalDate(parsing: f.period.end)
        if start == nil { fail("period.start", f.period.start, "a date YYYY-MM-DD"); ok = false }
        if end == nil { fail("period.end", f.period.end, "a date YYYY-MM-DD"); ok = false }
        if let s = start, let e = end, !(s < e) { fail("period", "\(s)…\(e)", "start before end (end exclusive)"); ok = false }
        if let s = start, let e = end, s < e, e.daysSinceEpoch - s.daysSinceEpoch > DSOLimits.maximumPeriodDays {
            fail("period", "\(s)…\(e)", "a period of at most \(DSOLimits.maximumPeriodDays) days (docs/dso-dataset.md, Ranges and limits)")
            ok = false
        }
        // range-checked before × 60, which would trap for a huge value
        let seconds = DSOLimits.intervalMinutes.contains(f.intervalMinutes) ? Int64(f.intervalMinutes) * 60 : 0
        if !IntervalGrid.supportedSeconds.contains(seconds) {
            fail("intervalMinutes", String(f.intervalMinutes), "1, 5, 15, 30 or 60")
            ok = false
        }
        var dsos: [DSO] = []
        var dsoIDs = Set<String>()
        var interfaceOwner: [String: String] = [:]
        for (k, e) in f.dsos.enumerated() {
            let path = "dsos[\(k)]"
            if e.id.isEmpty { fail("\(path).id", "", "a DSO id"); ok = false }
            if !dsoIDs.insert(e.id).inserted { fail("\(path).id", e.id, "unique DSO ids"); ok = false }
            for (j, i) in e.interfaces.enumerated() {
                if i.id.isEmpty { fail("\(path).interfaces[\(j)].id", "", "an interface id"); ok = false }
                if let other = interfaceOwner[i.id] {
                    fail("\(path).interfaces[\(j)].id", i.id, "interface ids unique across DSOs (already in \(other))")
                    ok = false
                }
                interfaceOwner[i.id] = e.id
                if i.pricingNode.isEmpty { fail("\(path).interfaces[\(j)].pricingNode", "", "a pricing node"); ok = false }
            }
            var policy = DSOAllocationPolicy()
            if let a = e.allocation {
                if let m = a.method {
                    if let v = DSOAllocationMethod(rawValue: m) { policy.method = v } else {
                        fail("\(path).allocation.method", m, "one of " + DSOAllocationMethod.allCases.map(\.rawValue).joined(separator: ", "))
                        ok = false
                    }
                }
                if let b = a.feeBasis {
                    if let v = FeeBasis(rawValue: b) { policy.feeBasis = v } else {
                        fail("\(path).allocation.feeBasis", b, "one of " + FeeBasis.allCases.map(\.rawValue).joined(separator: ", "))
                        ok = false
                    }
                }
                if let s = a.scheduleSplitResidual {
                    if let v = ScheduleSplitResidual(rawValue: s) { policy.scheduleSplitResidual = v } else {
                        fail("\(path).allocation.scheduleSplitResidual", s,
                             "one of " + ScheduleSplitResidual.allCases.map(\.rawValue).joined(separator: ", "))
                        ok = false
                    }
                }
                if let r = a.lineRounding {
                    if let v = DSOLineRounding(rawValue: r) { policy.lineRounding = v } else {
                        fail("\(path).allocation.lineRounding", r, "one of " + DSOLineRounding.allCases.map(\.rawValue).joined(separator: ", "))
                        ok = false
                    }
                }
                if let fee = a.feePerMWh {
                    switch FixedPointFormat.parse(fee.text, scale: 6) {
                    case .success(let v) where v >= 0 && v <= DSOLimits.maximumPriceMicros:
                        if policy.method == .feeOnGrossFlows {
                            policy.feeMicroDollarsPerMWh = v
                        } else if v != 0 {
                            // the rules refuse a fee with another method (DSO-FEE-WITHOUT-FEE-METHOD); the format
                            // names a fee on every DSO, so it is reported and not charged, never silently dropped
                            fail("\(path).allocation.feePerMWh", fee.text,
                                 "no fee with method \(policy.method.rawValue) (DSO-FEE-WITHOUT-FEE-METHOD): only feeOnGrossFlows charges it; not charged",
                                 .warning)
                        }
                    default:
                        fail("\(path).allocation.feePerMWh", fee.text,
                             "a fee in $/MWh from 0 to \(DSOLimits.shown(DSOLimits.maximumPriceMicros)) with at most 6 decimals")
                        ok = false
                    }
                }
            }
            dsos.append(DSO(
                id: e.id, name: e.name ?? e.id, interfaces: e.interfaces, allocation: policy,
                aggregation: e.aggregation ?? AggregationRules(), localMarket: e.localMarket?.settings ?? LocalMarketSettings()))
        }
        if f.dsos.isEmpty { fail("dsos", "[]", "at least one DSO"); ok = false }
        guard ok, let zone, let start, let end else { return nil }
        return Manifest(formatVersion: f.formatVersion, zone: zone, period: SettlementPeriod(start: start, end: end),
                        intervalSeconds: seconds, dsos: dsos)
    }
}

extension CodingKey {
    fileprivate var pathText: String { intValue.map { "[\($0)]" } ?? stringValue }
}
