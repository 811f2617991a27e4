import Foundation
import GridSettleCore

/// Reads `site.json`: decodes ``SiteConfig`` and reports, by JSON path, every field that is malformed,
/// missing or unknown (an unknown key is usually a typo of a policy name, which must not be ignored).
///
/// A portfolio's site files (format 2, `sites/*.json`) have the same keys except `period`: a portfolio's
/// periods are chosen when it is settled, and each unit's ``SiteConfig`` gets its period then.
enum SiteFileReader {
    static func read(_ bytes: [UInt8], file: String, portfolio: Bool = false) throws(DatasetInvalid) -> SiteConfig {
        var data = Data(bytes)
        var issues: [DatasetIssue] = []
        let object: Any
        // the text scan names the key and line of what the parser hides (a repeated key) or reports without a
        // place (NaN, inf)
        let scanned = JSONTextScan.issues(in: bytes, file: file)
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            if !scanned.isEmpty { throw DatasetInvalid(issues: scanned) }
            throw DatasetInvalid(issues: [DatasetIssue(location: file, field: "(document)", value: String(describing: error).prefix(200).description, expected: "valid JSON")])
        }
        issues += scanned
        issues += wholeNumberIssues(object, file: file)
        var schema = siteSchema
        if portfolio { schema[""]!.remove("period") }
        if let version = (object as? [String: Any])?["formatVersion"] as? Int, version != (portfolio ? 2 : 1) {
            issues.append(DatasetIssue(location: file, field: "formatVersion", value: String(version),
                                       expected: portfolio ? "2, a portfolio's site file (docs/dataset-format.md §9)" : "1"))
        }
        unknownKeys(object, path: "", schema: schema, file: file, into: &issues)
        if !issues.isEmpty { throw DatasetInvalid(issues: issues) }
        if portfolio, let root = object as? [String: Any], !root.isEmpty, let brace = bytes.firstIndex(of: UInt8(ascii: "{")) {
            // a placeholder the decoder needs; every unit replaces it with the period it settles. Written into the
            // text after the root object's opening brace (the document is a non-empty object, and a site file
            // with a `period` key was refused above) rather than by serializing the parsed object again, which
            // took half of this reader's time in a portfolio, where every unit reads its site file
            data = Data(bytes[...brace]) + Data(#""period":{"start":"2000-01-01","end":"2000-01-02"},"#.utf8) + Data(bytes[(brace + 1)...])
        }
        do {
            let config = try JSONDecoder().decode(SiteConfig.self, from: data)
            if let tz = config.timeZone, MarketTimeZone.named(tz) == nil {
                throw DatasetInvalid(issues: [DatasetIssue(location: file, field: "timeZone", value: tz,
                                                           expected: "one of " + MarketTimeZone.known.map(\.identifier).joined(separator: ", "))])
            }
            return config
        } catch let e as DatasetInvalid {
            throw e
        } catch let e as DecodingError {
            throw DatasetInvalid(issues: [issue(e, file: file, root: object)])
        } catch {
            throw DatasetInvalid(issues: [DatasetIssue(location: file, field: "(document)", value: "\(error)", expected: "a site file (docs/dataset-format.md)")])
        }
    }

    /// Known keys per object path; `[]` marks array elements.
    static let siteSchema: [String: Set<String>] = [
        "": ["formatVersion", "site", "market", "period", "meters", "resource", "tariff", "holidays", "policies", "timeZone", "demandResponse", "pjm"],
        "pjm": Set(PJMStorageSettings.keys),
        "pjm.measuredEfficiency": ["storedAtStartKWh", "storedAtEndKWh"],
        "demandResponse": Set(DemandResponseProgram.keys),
        "site": ["id", "name", "capacityKW"],
        "period": ["start", "end"],
        "meters[]": ["id", "role", "intervalMinutes", "ratingKW"],
        "resource": ["id", "participationModel", "pricingNode", "roundTripEfficiency", "initialInventoryKWh", "fleet"],
        "resource.fleet[]": ["count", "chargerKW", "batteryKWh", "bidirectional"],
        "tariff": [
            "urdbFile", "demandWindowMinutes", "holidaysAsWeekends", "tierAllocation", "dailyChargeDays", "minimumBillingDemandKW",
            "ratchetTOUPeriods", "coincidentDeterminant", "priorPeaks",
        ],
        "tariff.priorPeaks[]": ["month", "kW"],
        "policies": Set(SettlementPolicies.CodingKeysList.all),
    ]

    static func unknownKeys(_ v: Any, path: String, schema: [String: Set<String>], file: String, into issues: inout [DatasetIssue]) {
        if let dict = v as? [String: Any] {
            guard let known = schema[path] else { return }
            for key in dict.keys.sorted() {
                let child = path.isEmpty ? key : "\(path).\(key)"
                if !known.contains(key) {
                    issues.append(DatasetIssue(location: file, field: child, value: key,
                                               expected: "one of the keys \(known.sorted().joined(separator: ", "))"))
                } else {
                    unknownKeys(dict[key]!, path: child, schema: schema, file: file, into: &issues)
                }
            }
        } else if let arr = v as? [Any] {
            for el in arr { unknownKeys(el, path: path + "[]", schema: schema, file: file, into: &issues) }
        }
    }

    /// Turns Swift's "Cannot initialize X from invalid String value y" into the list of allowed values.
    static func allowedValues(_ message: String) -> String {
        let known: [String: [String]] = [
            "Market": Market.allCases.map(\.rawValue), "MeterRole": MeterRole.allCases.map(\.rawValue),
            "IdleDetection": SettlementPolicies.IdleDetection.allCases.map(\.rawValue),
            "AwardScope": SettlementPolicies.AwardScope.allCases.map(\.rawValue),
            "AwardOverlap": SettlementPolicies.AwardOverlap.allCases.map(\.rawValue),
            "RetailAdjustment": SettlementPolicies.RetailAdjustment.allCases.map(\.rawValue),
            "WholesaleMeterScope": SettlementPolicies.WholesaleMeterScope.allCases.map(\.rawValue),
            "StationPowerNetting": SettlementPolicies.StationPowerNetting.allCases.map(\.rawValue),
        ]
        for (type, values) in known where message.contains("Cannot initialize \(type) ") {
            return "one of " + values.joined(separator: ", ")
        }
        return message
    }

    static func issue(_ e: DecodingError, file: String, root: Any) -> DatasetIssue {
        func pathString(_ p: [any CodingKey]) -> String {
            p.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        func value(at p: [any CodingKey]) -> String {
            var cur: Any? = root
            for k in p {
                if let i = k.intValue { cur = (cur as? [Any]).flatMap { i < $0.count ? $0[i] : nil } } else { cur = (cur as? [String: Any])?[k.stringValue] }
            }
            guard let c = cur else { return "" }
            if let s = c as? String { return s }
            if let d = try? JSONSerialization.data(withJSONObject: c, options: [.fragmentsAllowed]) { return String(decoding: d, as: UTF8.self) }
            return "\(c)"
        }
        switch e {
        case .keyNotFound(let key, let ctx):
            let path = pathString(ctx.codingPath + [key])
            return DatasetIssue(location: file, field: path, value: "", expected: "the required key '\(key.stringValue)'")
        case .typeMismatch(let type, let ctx):
            return DatasetIssue(location: file, field: pathString(ctx.codingPath), value: value(at: ctx.codingPath), expected: "a value of type \(type)")
        case .valueNotFound(let type, let ctx):
            return DatasetIssue(location: file, field: pathString(ctx.codingPath), value: "null", expected: "a value of type \(type)")
        case .dataCorrupted(let ctx):
            return DatasetIssue(location: file, field: pathString(ctx.codingPath), value: value(at: ctx.codingPath), expected: allowedValues(ctx.debugDescription))
        @unknown default:
            return DatasetIssue(location: file, field: "(document)", value: "\(e)", expected: "a site file")
        }
    }
}
