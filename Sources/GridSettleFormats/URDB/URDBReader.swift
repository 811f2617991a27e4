import Foundation
import GridSettleCore

/// Malformed URDB input: the file, the JSON field path (e.g. `items[0].energyweekdayschedule[3][25]`),
/// the value seen and what was expected.
public struct URDBReadError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// JSON field path, or the place in the JSON text for a syntax error.
    public var field: String
    /// The value seen, as compact JSON text (shortened when long), or a description such as `23 entries`.
    public var value: String
    public var expected: String

    public init(file: String, field: String, value: String, expected: String) {
        self.file = file
        self.field = field
        self.value = value
        self.expected = expected
    }

    public var description: String { "\(file): \(field): saw \(value); expected \(expected)" }
}

/// A URDB field the bill engine does not apply, reported by name so it is never ignored silently.
public struct URDBNotice: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        /// The engine cannot bill this tariff correctly: an error for a settlement run.
        case unsupported
        /// A charge the engine leaves out of the bill (e.g. reactive power, for lack of kVAR data): a warning
        /// that the bill excludes it.
        case excluded
    }

    public var file: String
    /// Full JSON path, e.g. `items[0].demandreactivepowercharge`.
    public var field: String
    /// The value, as compact JSON text.
    public var value: String
    public var severity: Severity
    public var message: String

    public init(file: String, field: String, value: String, severity: Severity, message: String) {
        self.file = file
        self.field = field
        self.value = value
        self.severity = severity
        self.message = message
    }

    /// The last component of the path without indices, e.g. `max` for `items[0].energyratestructure[0][0].max`.
    public var fieldName: String {
        var last = field.split(separator: ".").last.map(String.init) ?? field
        if let i = last.firstIndex(of: "[") { last = String(last[..<i]) }
        return last
    }

    public var description: String {
        "\(severity == .unsupported ? "error" : "warning"): \(file): \(field) = \(value): \(message)"
    }
}

/// The tariff read from a URDB file and what the engine does not apply.
public struct URDBReadResult: Sendable, Hashable {
    public var file: String
    public var tariff: Tariff
    public var notices: [URDBNotice]

    public init(file: String, tariff: Tariff, notices: [URDBNotice]) {
        self.file = file
        self.tariff = tariff
        self.notices = notices
    }

    /// Notices that make a bill from this tariff wrong (errors).
    public var unsupported: [URDBNotice] { notices.filter { $0.severity == .unsupported } }
    /// Charges the bill leaves out (warnings).
    public var excluded: [URDBNotice] { notices.filter { $0.severity == .excluded } }
    public var isSupported: Bool { unsupported.isEmpty }

    /// The tariff, or an error naming every unsupported field.
    public func requireSupported() throws(URDBUnsupportedError) -> Tariff {
        let u = unsupported
        if !u.isEmpty { throw URDBUnsupportedError(file: file, notices: u) }
        return tariff
    }
}

/// A URDB tariff uses features the bill engine does not implement.
public struct URDBUnsupportedError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var notices: [URDBNotice]

    public var description: String {
        "\(file): the tariff uses \(notices.count) feature(s) the bill engine does not support: "
            + notices.map { "\($0.field) = \($0.value) (\($0.message))" }.joined(separator: "; ")
    }
}

/// Reads an OpenEI URDB rate (API response `{"items": [rate]}`, v7/v8 field names) into the core
/// ``Tariff``.
///
/// - Money is exact: every rate is read from its decimal text into µ$ (6 decimals); a rate with more
///   decimals is an error rather than a silent rounding. Energy rate = `rate + adj` µ$/kWh, demand µ$/kW,
///   fixed charge µ$/month.
/// - Demand window and holiday handling come from the site file's ``TariffReference``, since URDB has no
///   holidays (and its `demandwindow` is optional; if present it must agree with the site file).
/// - Fields the engine does not apply (tiers, ratchets, coincident demand, minimum charges, net metering,
///   non-kWh units, other fixed-charge units, unknown fields) are returned as ``URDBNotice``s by name;
///   `demandreactivepowercharge` is a warning: the bill excludes it for lack of kVAR data.
/// - Malformed input (missing `items` or schedules, schedules that are not 12×24, period indices out of
///   range, non-numeric rates) throws ``URDBReadError``.
public enum URDBReader {
    /// Reads URDB JSON bytes. `file` names the source in errors and notices.
    public static func read(data: [UInt8], file: String, reference: TariffReference) throws(URDBReadError)
        -> URDBReadResult
    {
        let root = try URDBJSONParser.parse(data, file: file)
        var ctx = Context(file: file, reference: reference)
        return try ctx.read(root: root)
    }

    public static func read(data: Data, file: String, reference: TariffReference) throws(URDBReadError)
        -> URDBReadResult
    {
        try read(data: [UInt8](data), file: file, reference: reference)
    }

    /// Reads the file at `path`; errors name `path`.
    public static func read(contentsOfFile path: String, reference: TariffReference) throws(URDBReadError)
        -> URDBReadResult
    {
        guard let d = FileManager.default.contents(atPath: path) else {
            throw URDBReadError(file: path, field: "(file)", value: "no readable file", expected: "a URDB JSON file")
        }
        return try read(data: [UInt8](d), file: path, reference: reference)
    }

    /// Metadata the bill does not need and that carries no charge.
    static let metadataFields: Set<String> = [
        "label", "uri", "revisions", "approved", "is_default", "utility", "eiaid", "name", "startdate", "enddate",
        "supersedes", "sector", "servicetype", "description", "source", "sourceparent", "basicinformationcomments",
        "energycomments", "demandcomments", "peakkwcapacitymin", "peakkwcapacitymax", "peakkwcapacityhistory",
        "peakkwhusagemin", "peakkwhusagemax", "peakkwhusagehistory", "voltagecategory", "voltageminimum",
        "voltagemaximum", "phasewiring", "country",
        // inert unless lookbackpercent is non-zero (reported there)
        "lookbackrange", "lookbackmonths",
        // units of fields that are themselves checked
        "minchargeunits", "coincidentrateunit",
    ]

    /// Fields this reader interprets (or checks and reports).
    static let handledFields: Set<String> = [
        "energyratestructure", "energyweekdayschedule", "energyweekendschedule", "energytoulabels",
        "demandratestructure", "demandweekdayschedule", "demandweekendschedule", "demandrateunit", "demandunits",
        "flatdemandstructure", "flatdemandmonths", "flatdemandunit", "demandwindow", "demandratchetpercentage",
        "lookbackpercent", "demandreactivepowercharge", "coincidentratestructure", "coincidentrateschedule",
        "coincidentschedule", "fixedchargefirstmeter", "fixedchargeunits", "fixedmonthlycharge", "mincharge",
        "minmonthlycharge", "annualmincharge", "dgrules", "usenetmetering", "energyattrs", "demandattrs",
    ]

    struct Context {
        let file: String
        let reference: TariffReference
        var notices: [URDBNotice] = []
        var base = "items[0]"

        init(file: String, reference: TariffReference) {
            self.file = file
            self.reference = reference
        }

        func error(_ path: String, _ value: String, _ expected: String) -> URDBReadError {
            URDBReadError(file: file, field: path, value: value, expected: expected)
        }

        mutating func notice(_ path: String, _ value: URDBJSONValue, _ severity: URDBNotice.Severity, _ message: String) {
            notices.append(URDBNotice(file: file, field: path, value: value.shown, severity: severity, message: message))
        }

        // MARK: - reading

        mutating func read(root: URDBJSONValue) throws(URDBReadError) -> URDBReadResult {
            guard case .object(let top, _) = root else { throw error("(document)", root.typeName, "a JSON object {\"items\": [rate]}") }
            guard let itemsValue = top["items"] else {
                throw error("items", "no such field", "a URDB API response {\"items\": [rate]} with one rate")
            }
            guard case .array(let items) = itemsValue else {
                throw error("items", itemsValue.shown, "an array holding one rate object")
            }
            guard items.count == 1 else {
                throw error("items", "\(items.count) rates", "exactly one rate (fetch one rate with getpage=<label>)")
            }
            guard case .object(let rate, let keys) = items[0] else {
                throw error("items[0]", items[0].shown, "a rate object")
            }
            let tariff = try readRate(rate, keys: keys)
            return URDBReadResult(file: file, tariff: tariff, notices: notices)
        }

        mutating func readRate(_ r: [String: URDBJSONValue], keys: [String]) throws(URDBReadError) -> Tariff {
            func path(_ k: String) -> String { base + "." + k }
            let label = try requiredString(r, "label")
            let utility = try optionalString(r, "utility") ?? ""
            let name = try optionalString(r, "name") ?? ""

            // energy
            guard let ers = r["energyratestructure"] else {
                throw error(path("energyratestructure"), "no such field", "energy rates [[{\"rate\": $/kWh, \"adj\": $/kWh}] per period]")
            }
            let energyRates = try rateStructure(ers, path: path("energyratestructure"), kind: .energy)
            let ewd = try schedule(r, "energyweekdayschedule", periods: energyRates.count, what: "energy")
            let ewe = try schedule(r, "energyweekendschedule", periods: energyRates.count, what: "energy")
            var labels: [String] = []
            if let l = r["energytoulabels"] {
                guard case .array(let a) = l else { throw error(path("energytoulabels"), l.shown, "an array of period names") }
                for (i, v) in a.enumerated() {
                    guard case .string(let s) = v else {
                        throw error(path("energytoulabels") + "[\(i)]", v.shown, "a period name string")
                    }
                    labels.append(s)
                }
            }

            // TOU demand
            var demandRates: [Int64] = []
            var dwd: [[Int]] = []
            var dwe: [[Int]] = []
            if let drs = r["demandratestructure"], drs != .null {
                demandRates = try rateStructure(drs, path: path("demandratestructure"), kind: .demand)
                dwd = try schedule(r, "demandweekdayschedule", periods: demandRates.count, what: "demand")
                dwe = try schedule(r, "demandweekendschedule", periods: demandRates.count, what: "demand")
            }

            // flat (facility) demand
            var flatRates: [Int64] = []
            var flatMonths: [Int] = []
            if let fds = r["flatdemandstructure"], fds != .null {
                flatRates = try rateStructure(fds, path: path("flatdemandstructure"), kind: .flatDemand)
                guard let fm = r["flatdemandmonths"] else {
                    throw error(path("flatdemandmonths"), "no such field", "12 flat demand period indices, one per month")
                }
                guard case .array(let months) = fm else {
                    throw error(path("flatdemandmonths"), fm.shown, "an array of 12 period indices")
                }
                guard months.count == 12 else {
                    throw error(path("flatdemandmonths"), "\(months.count) entries", "12 period indices, one per month")
                }
                for (i, v) in months.enumerated() {
                    flatMonths.append(
                        try periodIndex(v, path: path("flatdemandmonths") + "[\(i)]", periods: flatRates.count, what: "flat demand"))
                }
            }

            // units
            for k in ["demandunits", "demandrateunit", "flatdemandunit"] {
                if let v = r[k] {
                    guard case .string(let s) = v else { throw error(path(k), v.shown, "a unit string such as \"kW\"") }
                    if s != "kW" {
                        notice(path(k), v, .unsupported, "demand unit \(s) is not supported: the engine bills demand in kW")
                    }
                }
            }

            // fixed charge
            var fixed: Int64 = 0
            if let f = r["fixedchargefirstmeter"], f != .null {
                let amount = try money(f, path: path("fixedchargefirstmeter"))
                var unit = "$/month"
                if let u = r["fixedchargeunits"], u != .null {
                    guard case .string(let s) = u else { throw error(path("fixedchargeunits"), u.shown, "a unit string such as \"$/month\"") }
                    unit = s
                }
                if unit == "$/month" {
                    fixed = amount
                } else {
                    notice(
                        path("fixedchargeunits"), .string(unit), .unsupported,
                        "fixed charge in \(unit) is not supported (only $/month); fixedchargefirstmeter \(f.shown) is not billed")
                }
                if let legacy = r["fixedmonthlycharge"], legacy != .null {
                    let l = try money(legacy, path: path("fixedmonthlycharge"))
                    if l != amount || unit != "$/month" {
                        notice(
                            path("fixedmonthlycharge"), legacy, .unsupported,
                            "conflicts with fixedchargefirstmeter \(f.shown) \(unit); the bill uses fixedchargefirstmeter")
                    }
                }
            } else if let legacy = r["fixedmonthlycharge"], legacy != .null {
                fixed = try money(legacy, path: path("fixedmonthlycharge"))
            }

            // features the engine does not apply
            for k in ["mincharge", "minmonthlycharge", "annualmincharge"] {
                if let v = r[k], v != .null, try money(v, path: path(k)) != 0 {
                    notice(path(k), v, .unsupported, "minimum charges are not supported")
                }
            }
            if let v = r["demandratchetpercentage"], v != .null {
                guard case .array(let a) = v else { throw error(path("demandratchetpercentage"), v.shown, "12 percentages") }
                var nonZero = false
                for (i, x) in a.enumerated() {
                    if try number(x, path: path("demandratchetpercentage") + "[\(i)]", scale: 6) != 0 { nonZero = true }
                }
                if nonZero { notice(path("demandratchetpercentage"), v, .unsupported, "demand ratchets are not supported") }
            }
            if let v = r["lookbackpercent"], v != .null, try number(v, path: path("lookbackpercent"), scale: 6) != 0 {
                notice(path("lookbackpercent"), v, .unsupported, "demand lookback (billing demand ratchet) is not supported")
            }
            if let v = r["coincidentratestructure"], v != .null, !isEmptyArray(v) {
                notice(path("coincidentratestructure"), v, .unsupported, "coincident peak demand charges are not supported")
            }
            for k in ["coincidentrateschedule", "coincidentschedule"] where r["coincidentratestructure"] == nil {
                if let v = r[k], v != .null, !isEmptyArray(v) {
                    notice(path(k), v, .unsupported, "a coincident demand schedule without rates is not supported")
                }
            }
            if let v = r["dgrules"], v != .null {
                notice(
                    path("dgrules"), v, .unsupported,
                    "net metering / export compensation is not supported: the engine bills exports as uncredited")
            }
            if let v = r["usenetmetering"], v == .bool(true) {
                notice(path("usenetmetering"), v, .unsupported, "net metering is not supported: the engine bills exports as uncredited")
            }
            if let v = r["demandwindow"], v != .null {
                let minutes: Int64?
                switch v {
                case .number(let t): minutes = URDBDecimal.fixed(t, scale: 0)
                case .string(let s): minutes = URDBDecimal.fixed(s, scale: 0)
                default: minutes = nil
                }
                guard let m = minutes else { throw error(path("demandwindow"), v.shown, "a number of minutes") }
                if m != Int64(reference.demandWindowMinutes) {
                    notice(
                        path("demandwindow"), v, .unsupported,
                        "URDB demand window \(m) min differs from the site file's demandWindowMinutes \(reference.demandWindowMinutes)")
                }
            }
            if let v = r["demandreactivepowercharge"], v != .null, try money(v, path: path("demandreactivepowercharge")) != 0 {
                notice(
                    path("demandreactivepowercharge"), v, .excluded,
                    "reactive power charge ($/kVAR) excluded from the bill: the engine has no kVAR data")
            }
            for k in ["energyattrs", "demandattrs"] {
                if let v = r[k], v != .null, !isEmptyArray(v) {
                    notice(path(k), v, .excluded, "free-text adders/discounts are not billed")
                }
            }
            for k in keys where !URDBReader.metadataFields.contains(k) && !URDBReader.handledFields.contains(k) {
                if r[k] == .null { continue }
                notice(path(k), r[k]!, .excluded, "field not known to the reader: whatever it describes is not in the bill")
            }

            return Tariff(
                label: label, utility: utility, name: name, energyRates: energyRates, energyPeriodNames: labels,
                energyWeekdaySchedule: ewd, energyWeekendSchedule: ewe, demandRates: demandRates,
                demandWeekdaySchedule: dwd, demandWeekendSchedule: dwe, flatDemandRates: flatRates,
                flatDemandMonths: flatMonths, fixedMonthlyCharge: fixed,
                demandWindowMinutes: reference.demandWindowMinutes, holidaysAsWeekends: reference.holidaysAsWeekends)
        }

        // MARK: - pieces

        func isEmptyArray(_ v: URDBJSONValue) -> Bool {
            if case .array(let a) = v { return a.isEmpty || a.allSatisfy { isEmptyArray($0) } }
            return false
        }

        func requiredString(_ r: [String: URDBJSONValue], _ k: String) throws(URDBReadError) -> String {
            guard let v = r[k] else { throw error(base + "." + k, "no such field", "a string") }
            guard case .string(let s) = v else { throw error(base + "." + k, v.shown, "a string") }
            return s
        }

        func optionalString(_ r: [String: URDBJSONValue], _ k: String) throws(URDBReadError) -> String? {
            guard let v = r[k], v != .null else { return nil }
            guard case .string(let s) = v else { throw error(base + "." + k, v.shown, "a string") }
            return s
        }

        /// A number as `value · 10^scale`, exactly.
        func number(_ v: URDBJSONValue, path: String, scale: Int) throws(URDBReadError) -> Int64 {
            guard case .number(let t) = v else { throw error(path, v.shown, "a number") }
            guard let x = URDBDecimal.fixed(t, scale: scale) else {
                throw error(path, t, scale == 0 ? "a whole number" : "a number with at most \(scale) decimals")
            }
            return x
        }

        /// Dollars (or $/unit) → µ$ exactly.
        func money(_ v: URDBJSONValue, path: String) throws(URDBReadError) -> Int64 {
            try number(v, path: path, scale: 6)
        }

        func periodIndex(_ v: URDBJSONValue, path: String, periods: Int, what: String) throws(URDBReadError) -> Int {
            let article = what.hasPrefix("e") ? "an" : "a"
            let expected = "\(article) \(what) period index 0…\(periods - 1) (the rate structure has \(periods) period\(periods == 1 ? "" : "s"))"
            guard case .number(let t) = v, let x = URDBDecimal.fixed(t, scale: 0) else { throw error(path, v.shown, expected) }
            guard x >= 0 && x < Int64(periods) else { throw error(path, v.shown, expected) }
            return Int(x)
        }

        func schedule(_ r: [String: URDBJSONValue], _ k: String, periods: Int, what: String) throws(URDBReadError) -> [[Int]] {
            let p = base + "." + k
            let shape = "a 12×24 matrix of \(what) period indices (12 months × 24 hours)"
            guard let v = r[k], v != .null else { throw error(p, "no such field", shape) }
            guard case .array(let rows) = v else { throw error(p, v.shown, shape) }
            guard rows.count == 12 else { throw error(p, "\(rows.count) rows", shape) }
            var out: [[Int]] = []
            for (m, row) in rows.enumerated() {
                let rp = p + "[\(m)]"
                guard case .array(let hours) = row else { throw error(rp, row.shown, "an array of 24 hourly \(what) period indices") }
                if hours.count > 24 {
                    throw error(rp + "[24]", hours[24].shown, "no entry: a month row has 24 hours, [0]…[23] (row has \(hours.count))")
                }
                guard hours.count == 24 else {
                    throw error(rp, "\(hours.count) entries", "24 hourly \(what) period indices")
                }
                var o: [Int] = []
                for (h, x) in hours.enumerated() {
                    o.append(try periodIndex(x, path: rp + "[\(h)]", periods: periods, what: what))
                }
                out.append(o)
            }
            return out
        }

        enum StructureKind {
            case energy, demand, flatDemand
            var unitName: String { self == .energy ? "$/kWh" : "$/kW" }
        }

        /// `[[tier]]` per period → µ$ per unit (rate + adj of the first tier) per period; tiers, limits,
        /// units and sell rates the engine does not apply are reported.
        mutating func rateStructure(_ v: URDBJSONValue, path: String, kind: StructureKind) throws(URDBReadError) -> [Int64] {
            let shape = "an array of periods, each an array of tiers {\"rate\": \(kind.unitName), \"adj\": \(kind.unitName)}"
            guard case .array(let periods) = v, !periods.isEmpty else { throw error(path, v.shown, shape) }
            var out: [Int64] = []
            let tierKeys: Set<String> = kind == .energy ? ["rate", "adj", "max", "unit", "sell"] : ["rate", "adj", "max"]
            for (p, period) in periods.enumerated() {
                let pp = path + "[\(p)]"
                guard case .array(let tiers) = period, !tiers.isEmpty else {
                    throw error(pp, period.shown, "a non-empty array of tiers {\"rate\": \(kind.unitName)}")
                }
                var anyMax = false
                for (t, tier) in tiers.enumerated() {
                    let tp = pp + "[\(t)]"
                    guard case .object(let f, let fkeys) = tier else {
                        throw error(tp, tier.shown, "a tier object {\"rate\": \(kind.unitName), \"adj\": \(kind.unitName)}")
                    }
                    var price: Int64 = 0
                    if let r = f["rate"], r != .null { price += try money(r, path: tp + ".rate") }
                    if let a = f["adj"], a != .null { price += try money(a, path: tp + ".adj") }
                    if t == 0 { out.append(price) }
                    if let mx = f["max"], mx != .null {
                        _ = try number(mx, path: tp + ".max", scale: 6)
                        anyMax = true
                        notice(
                            tp + ".max", mx, .unsupported,
                            "tier limit: tiered \(kind == .energy ? "energy" : "demand") charges are not supported (period \(p) has \(tiers.count) tier\(tiers.count == 1 ? "" : "s"))")
                    }
                    if kind == .energy {
                        if let u = f["unit"], u != .null {
                            guard case .string(let s) = u else { throw error(tp + ".unit", u.shown, "a unit string such as \"kWh\"") }
                            if s != "kWh" {
                                notice(tp + ".unit", u, .unsupported, "energy unit \(s) is not supported: only kWh")
                            }
                        }
                        if let s = f["sell"], s != .null, try money(s, path: tp + ".sell") != 0 {
                            notice(tp + ".sell", s, .unsupported, "export sell rates are not supported: exports are billed as uncredited")
                        }
                    }
                    for k in fkeys where !tierKeys.contains(k) && f[k] != .null {
                        notice(tp + "." + k, f[k]!, .unsupported, "tier field not supported by the bill engine")
                    }
                }
                if tiers.count > 1 && !anyMax {
                    notice(pp, period, .unsupported, "\(tiers.count) tiers without limits: tiered charges are not supported")
                }
            }
            return out
        }
    }
}
