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
///   decimals is an error rather than a silent rounding. Energy rate = `rate + adj` µ$/kWh (and `sell`),
///   demand µ$/kW, fixed and minimum charges µ$ per month, day or year.
/// - Read and billed: TOU energy tiers (`max`, units kWh, kWh daily, kWh/kW, kWh/kW daily), TOU, flat and
///   coincident demand with tiers, ratchets and look-back (v7 `demandratchetpercentage`, v8
///   `lookbackpercent` / `lookbackrange` / `lookbackmonths`), fixed and minimum charges, export rules
///   (`dgrules`, `usenetmetering`).
/// - Demand window, holiday handling and the policies URDB cannot carry (tier allocation, $/day days,
///   minimum billing demand, TOU ratchet periods, coincident determinant) come from the site file's
///   ``TariffReference``; URDB has no holidays, and its optional `demandwindow` must agree with the site file.
/// - What the engine does not apply is returned as a ``URDBNotice`` by name: non-kW demand units, a second
///   minimum charge next to `mincharge`, export rules without a sell rate, unknown tier fields (unsupported:
///   no bill); reactive power, `energyattrs` / `demandattrs` and unknown fields (excluded: a warning).
/// - Malformed input (missing `items` or schedules, schedules that are not 12×24, period indices out of
///   range, non-numeric rates, malformed tiers, units or `dgrules`) throws ``URDBReadError`` with the path.
/// - Every number is range-checked where it is read (``URDBLimits``; docs/rules.md "URDB ranges and limits"):
///   a rate of `1e308` or `9e12`, a `demandwindow` of 2^62 minutes or a ratchet percentage that would be cut
///   is a ``URDBReadError``, so nothing after the reader can overflow on a tariff's numbers.
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
            let energyTiers = try rateStructure(ers, path: path("energyratestructure"), kind: .energy)
            let ewd = try schedule(r, "energyweekdayschedule", periods: energyTiers.count, what: "energy")
            let ewe = try schedule(r, "energyweekendschedule", periods: energyTiers.count, what: "energy")
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
            let energy = EnergyCharges(
                periods: energyTiers.map { $0.map { EnergyTier(limit: $0.max, unit: $0.unit, price: $0.price, sell: $0.sell) } },
                periodNames: labels, weekdaySchedule: ewd, weekendSchedule: ewe)

            // TOU demand
            var touDemand: TOUDemandCharges? = nil
            if let drs = r["demandratestructure"], drs != .null, !isEmptyStructure(drs) {
                let tiers = try rateStructure(drs, path: path("demandratestructure"), kind: .demand)
                touDemand = TOUDemandCharges(
                    periods: tiers.map { $0.map { DemandTier(limit: $0.max, price: $0.price) } },
                    weekdaySchedule: try schedule(r, "demandweekdayschedule", periods: tiers.count, what: "demand"),
                    weekendSchedule: try schedule(r, "demandweekendschedule", periods: tiers.count, what: "demand"))
            }

            // flat (facility) demand
            var flatDemand: FlatDemandCharges? = nil
            if let fds = r["flatdemandstructure"], fds != .null, !isEmptyStructure(fds) {
                let tiers = try rateStructure(fds, path: path("flatdemandstructure"), kind: .flatDemand)
                flatDemand = FlatDemandCharges(
                    periods: tiers.map { $0.map { DemandTier(limit: $0.max, price: $0.price) } },
                    months: try twelve(r, "flatdemandmonths", what: "flat demand period index") { (v, p) throws(URDBReadError) in
                        try periodIndex(v, path: p, periods: tiers.count, what: "flat demand")
                    })
            }

            // coincident peak demand
            var coincident: CoincidentDemandCharges? = nil
            if let crs = r["coincidentratestructure"], crs != .null, !isEmptyStructure(crs) {
                let tiers = try rateStructure(crs, path: path("coincidentratestructure"), kind: .coincident)
                let key = r["coincidentrateschedule"].map { $0 == .null ? "coincidentschedule" : "coincidentrateschedule" } ?? "coincidentschedule"
                coincident = CoincidentDemandCharges(
                    periods: tiers.map { $0.map { DemandTier(limit: $0.max, price: $0.price) } },
                    schedule: try schedule(r, key, periods: tiers.count, what: "coincident"),
                    determinant: reference.coincidentDeterminant)
            } else {
                for k in ["coincidentrateschedule", "coincidentschedule"] {
                    if let v = r[k], v != .null, !isEmptyArray(v) {
                        notice(path(k), v, .unsupported, "a coincident demand schedule without coincidentratestructure has no rates to bill")
                    }
                }
            }

            // units
            for k in ["demandunits", "demandrateunit", "flatdemandunit", "coincidentrateunit"] {
                if let v = r[k], v != .null {
                    guard case .string(let s) = v else { throw error(path(k), v.shown, "a unit string such as \"kW\"") }
                    if s != "kW" {
                        notice(path(k), v, .unsupported, "demand unit \(s) is not supported: the engine bills demand in kW")
                    }
                }
            }

            // fixed and minimum charges
            var fixed = PeriodicCharge.none
            if let f = r["fixedchargefirstmeter"], f != .null {
                fixed = PeriodicCharge(amount: try money(f, path: path("fixedchargefirstmeter")), unit: try chargeUnit(r, "fixedchargeunits"))
                if let legacy = r["fixedmonthlycharge"], legacy != .null {
                    let l = try money(legacy, path: path("fixedmonthlycharge"))
                    if l != fixed.amount || fixed.unit != .perMonth {
                        notice(
                            path("fixedmonthlycharge"), legacy, .unsupported,
                            "conflicts with fixedchargefirstmeter \(f.shown) \(fixed.unit.rawValue); the bill uses fixedchargefirstmeter")
                    }
                }
            } else if let legacy = r["fixedmonthlycharge"], legacy != .null {
                fixed = PeriodicCharge(amount: try money(legacy, path: path("fixedmonthlycharge")), unit: .perMonth)
            }
            var minimum = PeriodicCharge.none
            if let v = r["mincharge"], v != .null {
                minimum = PeriodicCharge(amount: try money(v, path: path("mincharge")), unit: try chargeUnit(r, "minchargeunits"))
            } else if let v = r["minmonthlycharge"], v != .null {
                minimum = PeriodicCharge(amount: try money(v, path: path("minmonthlycharge")), unit: .perMonth)
            } else if let v = r["annualmincharge"], v != .null {
                minimum = PeriodicCharge(amount: try money(v, path: path("annualmincharge")), unit: .perYear)
            }
            if r["mincharge"] != nil && r["mincharge"] != .null {
                for k in ["minmonthlycharge", "annualmincharge"] {
                    if let v = r[k], v != .null, try money(v, path: path(k)) != 0 {
                        notice(path(k), v, .unsupported, "a second minimum charge next to mincharge: the bill applies mincharge only")
                    }
                }
            }

            // ratchet / look-back
            let ratchet = try readRatchet(r)

            // export compensation
            var exportRule = ExportRule.none
            if let v = r["dgrules"], v != .null {
                guard case .string(let s) = v, let rule = ExportRule(rawValue: s), rule != .none else {
                    throw error(path("dgrules"), v.shown, "one of \"Net Metering\", \"Net Billing Instantaneous\", \"Net Billing Hourly\", \"Buy All Sell All\"")
                }
                exportRule = rule
            } else if let v = r["usenetmetering"], v == .bool(true) {
                exportRule = .netMetering
            }
            if exportRule == .netBillingInstantaneous || exportRule == .netBillingHourly || exportRule == .buyAllSellAll,
                energy.periods.allSatisfy({ $0.allSatisfy { $0.sell == 0 } })
            {
                notice(path("dgrules"), r["dgrules"] ?? .null, .unsupported, "\(exportRule.rawValue) without any tier sell rate: exports would earn nothing")
            }

            if let v = r["demandwindow"], v != .null {
                let minutes: Int64?
                switch v {
                case .number(let t): minutes = URDBDecimal.fixed(t, scale: 0)
                case .string(let s): minutes = URDBDecimal.fixed(s, scale: 0)
                default: minutes = nil
                }
                guard let m = minutes, URDBLimits.demandWindowMinutes.contains(m) else {
                    throw error(path("demandwindow"), v.shown,
                                "a number of minutes \(URDBLimits.demandWindowMinutes.lowerBound)…\(URDBLimits.demandWindowMinutes.upperBound) (one day at most)")
                }
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
                label: label, utility: utility, name: name, energy: energy, touDemand: touDemand, flatDemand: flatDemand,
                coincidentDemand: coincident, fixedCharge: fixed, minimumCharge: minimum, ratchet: ratchet,
                exportRule: exportRule, demandWindowMinutes: reference.demandWindowMinutes,
                holidaysAsWeekends: reference.holidaysAsWeekends, tierAllocation: reference.tierAllocation,
                dailyChargeDays: reference.dailyChargeDays)
        }

        /// `$/month`, `$/day` or `$/year` (missing = `$/month`).
        func chargeUnit(_ r: [String: URDBJSONValue], _ k: String) throws(URDBReadError) -> PeriodicCharge.Unit {
            guard let u = r[k], u != .null else { return .perMonth }
            guard case .string(let s) = u, let unit = PeriodicCharge.Unit(rawValue: s) else {
                throw error(base + "." + k, u.shown, "one of \"$/month\", \"$/day\", \"$/year\"")
            }
            return unit
        }

        /// A fraction or percentage as parts per million: values ≤ 1 are fractions (0.8), larger ones percent (80).
        func partsPerMillion(_ v: URDBJSONValue, path: String) throws(URDBReadError) -> Int64 {
            let x = try number(v, path: path, scale: 6)
            guard x >= 0 && x <= 100_000_000 else { throw error(path, v.shown, "a fraction 0…1 or a percentage 0…100") }
            if x <= 1_000_000 { return x }
            // a percentage: whole parts per million only (at most 4 decimals), never cut
            guard x % 100 == 0 else {
                throw error(path, v.shown, "a percentage with at most 4 decimals (a whole number of parts per million; GridSettle never rounds input)")
            }
            return x / 100
        }

        /// v7 `demandratchetpercentage` (12 values, look-back 11 months) or v8 `lookbackpercent` with
        /// `lookbackrange` (months) or `lookbackmonths` (12 booleans); plus the site file's minimum billing demand.
        mutating func readRatchet(_ r: [String: URDBJSONValue]) throws(URDBReadError) -> DemandRatchet? {
            var percent = [Int64](repeating: 0, count: 12)
            var range = 11
            var months: [Bool]? = nil
            if let v = r["lookbackpercent"], v != .null {
                let pct = try partsPerMillion(v, path: base + ".lookbackpercent")
                if pct > 0 {
                    percent = [Int64](repeating: pct, count: 12)
                    if let lr = r["lookbackrange"], lr != .null {
                        let n = try number(lr, path: base + ".lookbackrange", scale: 0)
                        guard n >= 0 && n <= 24 else { throw error(base + ".lookbackrange", lr.shown, "a number of months 0…24") }
                        if n > 0 { range = Int(n) }
                    }
                    if let lm = r["lookbackmonths"], lm != .null, !isEmptyArray(lm) {
                        months = try twelve(r, "lookbackmonths", what: "true/false") { (v, p) throws(URDBReadError) in
                            switch v {
                            case .bool(let b): return b
                            case .number(let t) where t == "0" || t == "1": return t == "1"
                            default: throw error(p, v.shown, "true or false")
                            }
                        }
                        if r["lookbackrange"].map({ $0 != .null && $0 != .number("0") }) == true {
                            notice(base + ".lookbackmonths", lm, .unsupported, "lookbackmonths and lookbackrange are mutually exclusive; the bill uses lookbackmonths over the last 12 cycles")
                        }
                        range = 12
                    }
                }
            } else if let v = r["demandratchetpercentage"], v != .null, !isEmptyArray(v) {
                percent = try twelve(r, "demandratchetpercentage", what: "ratchet percentage") { (x, p) throws(URDBReadError) in
                    try partsPerMillion(x, path: p)
                }
            }
            let minimumKW = reference.minimumBillingDemandKW ?? 0
            guard minimumKW >= 0, minimumKW <= URDBLimits.maximumMinimumBillingDemandKW else {
                throw URDBReadError(file: file, field: "tariff.minimumBillingDemandKW (site file)", value: String(minimumKW),
                                    expected: "a minimum billing demand of 0…\(URDBLimits.maximumMinimumBillingDemandKW) kW")
            }
            let minimum = Int64(minimumKW) * 1_000_000
            guard percent.contains(where: { $0 > 0 }) || minimum > 0 else { return nil }
            return DemandRatchet(
                percentByMonth: percent, lookbackCycles: range, lookbackMonths: months, minimumKW: minimum,
                touPeriods: Set(reference.ratchetTOUPeriods ?? []))
        }

        /// A 12-entry array (one per month).
        func twelve<T>(
            _ r: [String: URDBJSONValue], _ k: String, what: String, _ element: (URDBJSONValue, String) throws(URDBReadError) -> T
        ) throws(URDBReadError) -> [T] {
            let p = base + "." + k
            guard let v = r[k], v != .null else { throw error(p, "no such field", "12 values (\(what)), one per month") }
            guard case .array(let a) = v else { throw error(p, v.shown, "an array of 12 values (\(what))") }
            guard a.count == 12 else { throw error(p, "\(a.count) entries", "12 values (\(what)), one per month") }
            var out: [T] = []
            for (i, x) in a.enumerated() { out.append(try element(x, p + "[\(i)]")) }
            return out
        }

        // MARK: - pieces

        /// `[]`: a structure the rate does not use.
        func isEmptyStructure(_ v: URDBJSONValue) -> Bool {
            if case .array(let a) = v { return a.isEmpty }
            return false
        }

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

        /// Dollars (or $/unit) → µ$ exactly, within ±``URDBLimits/maximumChargeMicros`` (fixed and minimum charges).
        func money(_ v: URDBJSONValue, path: String) throws(URDBReadError) -> Int64 {
            try bounded(v, path: path, limit: URDBLimits.maximumChargeMicros, what: "an amount in $")
        }

        /// A rate in $/kWh or $/kW → µ$ exactly, within ±``URDBLimits/maximumRateMicros``, so `rate + adj`
        /// can never overflow.
        func rate(_ v: URDBJSONValue, path: String, unit: String) throws(URDBReadError) -> Int64 {
            try bounded(v, path: path, limit: URDBLimits.maximumRateMicros, what: "a rate in \(unit)")
        }

        /// A number with 6 decimals within ±`limit` (µ units); one error for anything else, naming the range.
        func bounded(_ v: URDBJSONValue, path: String, limit: Int64, what: String) throws(URDBReadError) -> Int64 {
            guard case .number(let t) = v else { throw error(path, v.shown, "a number") }
            guard let x = URDBDecimal.fixed(t, scale: 6), x >= -limit, x <= limit else {
                throw error(path, t, "a number with at most 6 decimals from −\(URDBLimits.shown(limit)) to \(URDBLimits.shown(limit)) (\(what))")
            }
            return x
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
            case energy, demand, flatDemand, coincident
            var unitName: String { self == .energy ? "$/kWh" : "$/kW" }
            var name: String {
                switch self {
                case .energy: return "energy"
                case .demand: return "TOU demand"
                case .flatDemand: return "flat demand"
                case .coincident: return "coincident demand"
                }
            }
        }

        struct RawTier {
            var price: Int64
            /// Cumulative upper limit ×10⁶ (µkWh, µkW…), nil on the last tier.
            var max: Int64?
            var unit: EnergyTierUnit
            var sell: Int64
        }

        /// `[[tier]]` per period: each tier's `rate + adj`, `max`, `unit` and `sell`. Limits must increase
        /// within a period; every tier but the last needs one.
        mutating func rateStructure(_ v: URDBJSONValue, path: String, kind: StructureKind) throws(URDBReadError) -> [[RawTier]] {
            let shape = "an array of periods, each an array of tiers {\"rate\": \(kind.unitName), \"adj\": \(kind.unitName)}"
            guard case .array(let periods) = v, !periods.isEmpty else { throw error(path, v.shown, shape) }
            var out: [[RawTier]] = []
            let tierKeys: Set<String> = kind == .energy ? ["rate", "adj", "max", "unit", "sell"] : ["rate", "adj", "max"]
            for (p, period) in periods.enumerated() {
                let pp = path + "[\(p)]"
                guard case .array(let tiers) = period, !tiers.isEmpty else {
                    throw error(pp, period.shown, "a non-empty array of tiers {\"rate\": \(kind.unitName)}")
                }
                var row: [RawTier] = []
                for (t, tier) in tiers.enumerated() {
                    let tp = pp + "[\(t)]"
                    guard case .object(let f, let fkeys) = tier else {
                        throw error(tp, tier.shown, "a tier object {\"rate\": \(kind.unitName), \"adj\": \(kind.unitName)}")
                    }
                    var price: Int64 = 0
                    // each within ±URDBLimits.maximumRateMicros, so the sum cannot overflow
                    if let r = f["rate"], r != .null { price += try rate(r, path: tp + ".rate", unit: kind.unitName) }
                    if let a = f["adj"], a != .null { price += try rate(a, path: tp + ".adj", unit: kind.unitName) }
                    var maxValue: Int64? = nil
                    if let mx = f["max"], mx != .null {
                        // tools write 1e38 (too big for fixed point) as "no limit" on the last tier
                        var huge = false
                        if t == tiers.count - 1, case .number(let txt) = mx, !txt.hasPrefix("-"), URDBDecimal.fixed(txt, scale: 6) == nil {
                            huge = true
                        }
                        let m = huge ? Int64.max : try number(mx, path: tp + ".max", scale: 6)
                        // tools write 1e38, 1e10 or 1e8 for "no limit" on the last tier
                        if t < tiers.count - 1 || m < URDBLimits.unlimitedTierMicros {
                            guard m < URDBLimits.unlimitedTierMicros else {
                                throw error(tp + ".max", mx.shown,
                                            "a tier limit below 1000000000 (that much or more means \"no limit\", which only the last tier may have)")
                            }
                            guard m > 0, m > (row.last?.max ?? 0) else {
                                throw error(tp + ".max", mx.shown, "a tier limit above the previous tier's (limits are cumulative)")
                            }
                            maxValue = t == tiers.count - 1 ? nil : m
                        }
                    } else if t < tiers.count - 1 {
                        throw error(tp, tier.shown, "a \"max\" limit: only the last tier may be unlimited (period \(p) has \(tiers.count) tiers)")
                    }
                    // a tier without a unit takes the period's (URDB often writes it on the first tier only)
                    var unit = row.last?.unit ?? .kWh
                    var sell: Int64 = 0
                    if kind == .energy {
                        if let u = f["unit"], u != .null {
                            guard case .string(let s) = u, let parsed = EnergyTierUnit(rawValue: s) else {
                                throw error(tp + ".unit", u.shown, "one of \"kWh\", \"kWh daily\", \"kWh/kW\", \"kWh/kW daily\"")
                            }
                            unit = parsed
                        }
                        if let s = f["sell"], s != .null { sell = try rate(s, path: tp + ".sell", unit: kind.unitName) }
                    }
                    for k in fkeys where !tierKeys.contains(k) && f[k] != .null {
                        notice(tp + "." + k, f[k]!, .unsupported, "tier field not supported by the bill engine")
                    }
                    row.append(RawTier(price: price, max: maxValue, unit: unit, sell: sell))
                }
                if kind == .energy, Set(row.map(\.unit)).count > 1 {
                    throw error(pp, period.shown, "one tier unit per period (the limits are cumulative)")
                }
                out.append(row)
            }
            return out
        }
    }
}
