import GridSettleCore

/// Text formats for the report, built on the core's fixed-point helpers (no Foundation, no locale):
/// the same statement always renders to the same characters.
enum ReportFormat {
    /// Dollars to the cent, as on the statement ("-1234.50").
    static func money(_ m: Money) -> String { m.description }

    /// Dollars with a sign and symbol for chart labels: "$1234.50", "−$12.00".
    static func dollars(_ m: Money) -> String {
        let r = m.roundedToCents
        return r.micros < 0 ? "−$" + (-r).description : "$" + r.description
    }

    /// Signed dollars for differences: "+$12.00", "−$3.10", "$0.00".
    static func signedDollars(_ m: Money) -> String {
        let r = m.roundedToCents
        if r.micros > 0 { return "+$" + r.description }
        return dollars(r)
    }

    /// µkWh as kWh with three decimals.
    static func kWh(_ microKWh: Int64) -> String { Units.formatKWh(microKWh, digits: 3) }

    /// A µ-unit quantity with its unit ("12.345 kWh", "1 month", "0.250 MWh").
    static func quantity(_ micro: Int64, unit: String) -> String {
        if unit.isEmpty { return micro == 0 ? "" : FixedPointFormat.decimal(micro, scale: 6, fractionDigits: 3) }
        let digits = unit == "month" ? 0 : 3
        return FixedPointFormat.decimal(micro, scale: 6, fractionDigits: digits) + " " + unit
    }

    /// A µ$ unit price with trailing zeros trimmed to at least two decimals ("0.12345 $/kWh").
    static func unitPrice(_ micro: Int64, unit: String) -> String {
        trimmed(FixedPointFormat.decimal(micro, scale: 6, fractionDigits: 6), minFraction: 2) + (unit.isEmpty ? "" : " " + unit)
    }

    /// Removes trailing zeros after the decimal point, keeping at least `minFraction` decimals.
    static func trimmed(_ s: String, minFraction: Int) -> String {
        guard let dot = s.firstIndex(of: ".") else { return s }
        var chars = Array(s)
        let dotPos = s.distance(from: s.startIndex, to: dot)
        while chars.count - dotPos - 1 > minFraction, chars.last == "0" { chars.removeLast() }
        if chars.last == "." { chars.removeLast() }
        return String(chars)
    }

    /// A count with thousands separators ("8,928").
    static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// `part / whole` as a percentage with one decimal ("99.7 %"); never shows 100.0 % or 0.0 % unless
    /// it is exactly that, so one bad interval in a month stays visible.
    static func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "—" }
        var tenths = Rounding.divideHalfAwayFromZero(Int128(part) * 1000, by: Int128(whole))
        if part < whole && tenths == 1000 { tenths = 999 }
        if part > 0 && tenths == 0 { tenths = 1 }
        return FixedPointFormat.decimal(Int64(tenths), scale: 1, fractionDigits: 1) + " %"
    }

    static func pad2(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }

    static let monthAbbrev = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let weekdayAbbrev = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    /// Abbreviation of the zone at an instant ("PST", "PDT", "EST", "UTC", "UTC−07").
    static func zoneAbbreviation(_ zone: MarketTimeZone, at instant: Instant) -> String {
        let dst = zone.isDaylightTime(instant)
        let letter: String?
        switch zone.standardOffsetSeconds {
        case -8 * 3600: letter = "P"
        case -7 * 3600: letter = "M"
        case -6 * 3600: letter = "C"
        case -5 * 3600: letter = "E"
        default: letter = nil
        }
        if let letter, zone.observesDST { return letter + (dst ? "DT" : "ST") }
        let off = zone.offsetSeconds(at: instant)
        if off == 0 { return "UTC" }
        let h = Int(off.magnitude / 3600)
        let m = Int(off.magnitude % 3600 / 60)
        return "UTC" + (off < 0 ? "−" : "+") + pad2(h) + (m == 0 ? "" : ":" + pad2(m))
    }

    /// Local wall-clock time with the zone abbreviation: "2016-11-06 01:05 PST".
    static func stamp(_ instant: Instant, _ zone: MarketTimeZone) -> String {
        let l = zone.localTime(instant)
        return "\(l.date) \(pad2(l.hour)):\(pad2(l.minute)) \(zoneAbbreviation(zone, at: instant))"
    }

    /// A run of intervals in local time: "2016-11-01 10:00–12:00 PDT" or "2016-11-01 22:00 PDT – 2016-11-02 01:00 PDT".
    static func runRange(_ run: IntervalRun, _ zone: MarketTimeZone) -> String {
        let a = zone.localTime(run.start)
        let b = zone.localTime(run.end)
        let za = zoneAbbreviation(zone, at: run.start)
        let zb = zoneAbbreviation(zone, at: run.end)
        let endMidnight = b.secondOfDay == 0 && b.date == a.date.adding(days: 1)
        if (b.date == a.date || endMidnight) && za == zb {
            let endText = endMidnight ? "24:00" : "\(pad2(b.hour)):\(pad2(b.minute))"
            return "\(a.date) \(pad2(a.hour)):\(pad2(a.minute))–\(endText) \(za)"
        }
        return stamp(run.start, zone) + " – " + stamp(run.end, zone)
    }

    /// The lineage of a line in one short text: first and last run, and how many runs there are.
    static func lineage(_ runs: [IntervalRun], _ zone: MarketTimeZone) -> (first: String, last: String) {
        guard let f = runs.first, let l = runs.last else { return ("", "") }
        return (runRange(f, zone), runs.count > 1 ? runRange(l, zone) : "")
    }

    /// A local date range for headers: "2016-11-01 – 2016-11-30 (30 days)" from an exclusive end.
    static func period(_ p: SettlementPeriod) -> String {
        let lastDay = p.end.adding(days: -1)
        let days = Int(p.end.daysSinceEpoch - p.start.daysSinceEpoch)
        return "\(p.start) – \(lastDay) (\(days) day\(days == 1 ? "" : "s"), end exclusive \(p.end))"
    }
}
