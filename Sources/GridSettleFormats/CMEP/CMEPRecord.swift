import GridSettleCore

/// One CMEP `MEPMD01` record (California Metering Exchange Protocol V4.1; research data_formats.md §5.2):
/// one meter channel with `count` (time, quality, value) triplets. Decoded without interpreting the
/// commodity, so water and gas records can be read and reported too.
public struct CMEPRecord: Sendable, Hashable {
    public struct Triplet: Sendable, Hashable {
        /// Interval-end (or register read) time as the local label `YYYYMMDDHHMM`; `nil` when left blank
        /// (implied: the previous one plus the record's interval).
        public var label: LocalDateTime?
        /// Data-quality flag, e.g. `R0` recorded, `E…` estimated, `N…` no read.
        public var flag: String
        /// The raw value text (decimal), as sent.
        public var value: String
        /// 1-based field position of the triplet's time field in the line, for error locations.
        public var column: Int
    }

    public var line: Int
    public var recordVersion: String
    public var senderID: String
    public var receiverCustomerID: String
    public var meterID: String
    public var purpose: String
    /// `E` electric, `G` gas, `W` water.
    public var commodity: String
    /// e.g. `KWH` (interval energy) or `KWHREG` (register reads); alias-resolved.
    public var units: String
    /// The raw units text as sent (before aliases).
    public var sentUnits: String
    /// The calculation constant (multiplier) as sent.
    public var constant: String
    /// Interval length in minutes from the `MMDDHHMM` field.
    public var intervalMinutes: Int
    public var triplets: [Triplet]

    /// Whether values are cumulative register reads (units ending in `REG`) rather than interval amounts.
    public var isRegister: Bool { units.hasSuffix("REG") }
}

/// Splits a CMEP file into `MEPMD01` records. Other record types (`MEPAD`, `MEPBD`, …) are counted and
/// reported, never silently skipped.
public enum CMEPParser {
    public static func records(_ bytes: [UInt8], file: String, unitAliases: [String: String] = [:]) throws(DatasetInvalid)
        -> (records: [CMEPRecord], otherTypes: [String: Int], cutShort: DatasetIssue?)
    {
        let csv = try QuotedCSV(file: file, bytes: bytes)
        var out: [CMEPRecord] = []
        var other: [String: Int] = [:]
        var issues: [DatasetIssue] = []
        for r in csv.records {
            let f = r.fields.map(\.trimmedField)
            func fail(_ k: Int, _ field: String, _ expected: String) {
                issues.append(DatasetIssue(location: "\(file):\(r.line):\(k + 1)", field: field, value: k < f.count ? f[k] : "", expected: expected))
            }
            guard let type = f.first, !type.isEmpty else { continue }
            guard type == "MEPMD01" else {
                if type.hasPrefix("MEP") || type.hasPrefix("MLA") {
                    other[type, default: 0] += 1
                } else {
                    fail(0, "record type", "a CMEP record type such as MEPMD01")
                }
                continue
            }
            guard f.count >= 14 else {
                fail(f.count, "record", "at least 14 fields before the triplets (record type … count)")
                continue
            }
            guard let count = Int(f[13]), count >= 0, count <= 10_000 else {
                fail(13, "count", "the number of triplets, 0 … 10000")
                continue
            }
            guard f.count == 14 + 3 * count else {
                fail(13, "count", "\(count) triplets = \(14 + 3 * count) fields; the line has \(f.count) (truncated or extra fields?)")
                continue
            }
            guard let minutes = intervalMinutes(f[12]) else {
                fail(12, "interval", "an interval MMDDHHMM with only days, hours and minutes, e.g. 00000015 or 00000100")
                continue
            }
            var triplets: [CMEPRecord.Triplet] = []
            var bad = false
            for t in 0..<count {
                let k = 14 + 3 * t
                var label: LocalDateTime? = nil
                if !f[k].isEmpty {
                    guard let l = stamp(f[k]) else {
                        fail(k, "interval end", "a time YYYYMMDDHHMM")
                        bad = true
                        continue
                    }
                    label = l
                } else if t == 0 {
                    fail(k, "interval end", "a time on the first triplet (later ones may be blank)")
                    bad = true
                    continue
                }
                triplets.append(CMEPRecord.Triplet(label: label, flag: f[k + 1], value: f[k + 2], column: k + 1))
            }
            if bad { continue }
            let sent = f[10].uppercased()
            out.append(CMEPRecord(
                line: r.line, recordVersion: f[1], senderID: f[2], receiverCustomerID: f[5], meterID: f[7], purpose: f[8],
                commodity: f[9].uppercased(), units: unitAliases[sent] ?? sent, sentUnits: sent, constant: f[11],
                intervalMinutes: minutes, triplets: triplets))
        }
        if out.isEmpty && other.isEmpty && issues.isEmpty {
            issues.append(DatasetIssue(location: "\(file):1", field: "record type", value: "", expected: "at least one CMEP record (MEPMD01 …); the file is empty"))
        }
        if !issues.isEmpty { throw DatasetInvalid(issues: issues) }
        return (out, other, csv.cutShortWarning)
    }

    /// `MMDDHHMM` → minutes; months must be zero (a month has no fixed length).
    static func intervalMinutes(_ s: String) -> Int? {
        guard s.count == 8, s.allSatisfy(\.isASCIIDigit) else { return nil }
        let d = Array(s.utf8).map { Int($0) - 48 }
        let months = d[0] * 10 + d[1], days = d[2] * 10 + d[3], hours = d[4] * 10 + d[5], mins = d[6] * 10 + d[7]
        guard months == 0, hours < 24, mins < 60 else { return nil }
        let total = days * 1440 + hours * 60 + mins
        return total > 0 ? total : nil
    }

    /// `YYYYMMDDHHMM` → a local wall-clock label. `24:00` is accepted as the next day's midnight (some
    /// senders end the day that way).
    static func stamp(_ s: String) -> LocalDateTime? {
        guard s.count == 12, s.allSatisfy(\.isASCIIDigit) else { return nil }
        let d = Array(s.utf8).map { Int($0) - 48 }
        func n(_ a: Int, _ len: Int) -> Int { (a..<(a + len)).reduce(0) { $0 * 10 + d[$1] } }
        let y = n(0, 4), mo = n(4, 2), day = n(6, 2), h = n(8, 2), mi = n(10, 2)
        guard (1...12).contains(mo), day >= 1, day <= LocalDate.daysInMonth(year: y, month: mo), mi < 60, h <= 24 else { return nil }
        if h == 24 {
            guard mi == 0 else { return nil }
            return LocalDateTime(date: LocalDate(year: y, month: mo, day: day).adding(days: 1), secondOfDay: 0)
        }
        return LocalDateTime(date: LocalDate(year: y, month: mo, day: day), secondOfDay: h * 3600 + mi * 60)
    }
}
