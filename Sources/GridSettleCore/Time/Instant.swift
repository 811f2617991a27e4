/// A point in time: whole seconds since 1970-01-01T00:00:00Z (UTC).
///
/// Everything is stored and computed in UTC; local time (trading days, hour-ending labels, TOU periods)
/// is derived through a ``MarketTimeZone``. Local labels are not unique on the fall-back day, UTC instants
/// are.
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var secondsSinceEpoch: Int64

    @inlinable public init(secondsSinceEpoch: Int64) { self.secondsSinceEpoch = secondsSinceEpoch }

    public static func < (a: Instant, b: Instant) -> Bool { a.secondsSinceEpoch < b.secondsSinceEpoch }

    @inlinable public func adding(seconds: Int64) -> Instant { Instant(secondsSinceEpoch: secondsSinceEpoch + seconds) }

    /// The UTC calendar date and time of this instant.
    public var utc: LocalDateTime { LocalDateTime(secondsSinceLocalEpoch: secondsSinceEpoch) }

    /// ISO 8601 in UTC, e.g. `2016-03-01T08:00:00Z`.
    public var description: String { utc.iso8601(suffix: UInt8(ascii: "Z")) }

    /// Builds an instant from a UTC calendar date and time.
    public init(utc date: LocalDate, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.secondsSinceEpoch = date.daysSinceEpoch * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }
}

/// A calendar date without a time zone (proleptic Gregorian).
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    public var daysSinceEpoch: Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date `daysSinceEpoch` days after 1970-01-01 (`civil_from_days`).
    public init(daysSinceEpoch z0: Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: Int(m <= 2 ? y + 1 : y), month: Int(m), day: Int(d))
    }

    /// 0 = Sunday … 6 = Saturday.
    public var weekday: Int { LocalDate.weekday(daysSinceEpoch: daysSinceEpoch) }

    /// The weekday (0 = Sunday … 6 = Saturday) of the day `n` days after 1970-01-01, a Thursday.
    public static func weekday(daysSinceEpoch n: Int64) -> Int { Int(((n % 7) + 7 + 4) % 7) }

    public var isWeekend: Bool { weekday == 0 || weekday == 6 }

    public func adding(days: Int) -> LocalDate {
        // the next day within the month is the common case (day loops); no round trip through day numbers
        if days == 1 && day < 28 { return LocalDate(year: year, month: month, day: day + 1) }
        return LocalDate(daysSinceEpoch: daysSinceEpoch + Int64(days))
    }

    public static func < (a: LocalDate, b: LocalDate) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    public static func isLeapYear(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The n-th (1-based) given weekday of a month; `n = -1` is the last one.
    public static func nthWeekday(_ n: Int, weekday: Int, year: Int, month: Int) -> LocalDate {
        if n > 0 {
            let first = LocalDate(year: year, month: month, day: 1)
            let offset = (weekday - first.weekday + 7) % 7
            return first.adding(days: offset + 7 * (n - 1))
        }
        let last = LocalDate(year: year, month: month, day: daysInMonth(year: year, month: month))
        let back = (last.weekday - weekday + 7) % 7
        return last.adding(days: -back)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        func pad(_ v: Int, _ w: Int) -> String {
            var s = String(v)
            while s.count < w { s = "0" + s }
            return s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Parses `YYYY-MM-DD`; nil if malformed or not a real date.
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        // Digits only: `Int("+1")` would otherwise let "2016-+1-01" through as January.
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }),
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1...12).contains(m), d >= 1, d <= LocalDate.daysInMonth(year: y, month: m)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let d = LocalDate(parsing: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "a date YYYY-MM-DD"))
        }
        self = d
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// A wall-clock date and time (no zone): a date plus seconds into the day.
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var date: LocalDate
    /// 0 ..< 86 400.
    public var secondOfDay: Int

    public init(date: LocalDate, secondOfDay: Int) {
        self.date = date
        self.secondOfDay = secondOfDay
    }

    /// Interprets `seconds` as seconds since 1970-01-01T00:00 on the same wall clock.
    public init(secondsSinceLocalEpoch seconds: Int64) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        self.date = LocalDate(daysSinceEpoch: days)
        self.secondOfDay = Int(seconds - days * 86_400)
    }

    public var secondsSinceLocalEpoch: Int64 { date.daysSinceEpoch * 86_400 + Int64(secondOfDay) }
    public var hour: Int { secondOfDay / 3600 }
    public var minute: Int { (secondOfDay % 3600) / 60 }
    public var second: Int { secondOfDay % 60 }

    public static func < (a: LocalDateTime, b: LocalDateTime) -> Bool {
        a.secondsSinceLocalEpoch < b.secondsSinceLocalEpoch
    }

    /// `YYYY-MM-DDTHH:MM:SS`.
    public var description: String { iso8601(suffix: nil) }

    /// `YYYY-MM-DDTHH:MM:SS` and the suffix, written into one string: every statement line's lineage writes two
    /// instants per run of intervals, so this is on the path of every statement rendered (a string built from
    /// padded pieces made rendering a month's statement JSON a third slower). Years outside 0…9999 take the
    /// general path, with the same result.
    func iso8601(suffix: UInt8?) -> String {
        let d = date
        guard (0...9_999).contains(d.year) else {
            return "\(d)T\(Self.pad(hour)):\(Self.pad(minute)):\(Self.pad(second))" + (suffix.map { String(UnicodeScalar($0)) } ?? "")
        }
        let (h, m, s) = (hour, minute, second)
        return String(unsafeUninitializedCapacity: 20) { b in
            func two(_ v: Int, _ at: Int) {
                b[at] = UInt8(truncatingIfNeeded: 48 + v / 10)
                b[at + 1] = UInt8(truncatingIfNeeded: 48 + v % 10)
            }
            two(d.year / 100, 0)
            two(d.year % 100, 2)
            b[4] = UInt8(ascii: "-")
            two(d.month, 5)
            b[7] = UInt8(ascii: "-")
            two(d.day, 8)
            b[10] = UInt8(ascii: "T")
            two(h, 11)
            b[13] = UInt8(ascii: ":")
            two(m, 14)
            b[16] = UInt8(ascii: ":")
            two(s, 17)
            guard let suffix else { return 19 }
            b[19] = suffix
            return 20
        }
    }

    static func pad(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }
}
