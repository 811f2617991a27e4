import Foundation
import GridSettleCore
import Testing

/// Cross-checks the pure-arithmetic US DST rule in ``MarketTimeZone`` against the system tz database.
@Suite("MarketTimeZone")
struct MarketTimeZoneTests {
    static let zones: [MarketTimeZone] = [.losAngeles, .newYork]

    /// 2000-01-01T00:00:00Z and 2035-12-31T23:00:00Z.
    static let sweepStart = Instant(utc: LocalDate(year: 2000, month: 1, day: 1))
    static let sweepEnd = Instant(utc: LocalDate(year: 2035, month: 12, day: 31), hour: 23)

    static func foundationZone(_ zone: MarketTimeZone) throws -> TimeZone {
        try #require(TimeZone(identifier: zone.identifier), "system tz database lacks \(zone.identifier)")
    }

    static func date(_ i: Instant) -> Date { Date(timeIntervalSince1970: TimeInterval(i.secondsSinceEpoch)) }

    static func utc(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0, _ min: Int = 0, _ s: Int = 0) -> Instant {
        Instant(utc: LocalDate(year: y, month: m, day: d), hour: h, minute: min, second: s)
    }

    // MARK: - Hour-by-hour sweep against the tz database

    @Test("offset and DST flag match the tz database every hour 2000–2035", arguments: zones)
    func hourlySweepMatchesTzDatabase(zone: MarketTimeZone) throws {
        let tz = try Self.foundationZone(zone)
        var checked = 0
        var offsetMismatches: [String] = []
        var dstMismatches: [String] = []
        var t = Self.sweepStart.secondsSinceEpoch
        while t <= Self.sweepEnd.secondsSinceEpoch {
            let i = Instant(secondsSinceEpoch: t)
            let d = Date(timeIntervalSince1970: TimeInterval(t))
            let expected = Int64(tz.secondsFromGMT(for: d))
            let got = zone.offsetSeconds(at: i)
            if got != expected, offsetMismatches.count < 10 {
                offsetMismatches.append("\(i): got \(got), tz \(expected)")
            }
            let expectedDST = tz.isDaylightSavingTime(for: d)
            if zone.isDaylightTime(i) != expectedDST, dstMismatches.count < 10 {
                dstMismatches.append("\(i): got \(zone.isDaylightTime(i)), tz \(expectedDST)")
            }
            checked += 1
            t += 3600
        }
        #expect(checked == 315_576)  // 36 years, 9 of them leap: (36·365 + 9)·24
        #expect(offsetMismatches.isEmpty, "\(offsetMismatches)")
        #expect(dstMismatches.isEmpty, "\(dstMismatches)")
    }

    @Test("localTime matches the tz database's wall clock (every 7th hour 2000–2035)", arguments: zones)
    func localTimeMatchesCalendar(zone: MarketTimeZone) throws {
        let tz = try Self.foundationZone(zone)
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = tz
        var mismatches: [String] = []
        var checked = 0
        // A 7-hour stride visits every hour of the day and every weekday over the range.
        var t = Self.sweepStart.secondsSinceEpoch
        while t <= Self.sweepEnd.secondsSinceEpoch {
            let i = Instant(secondsSinceEpoch: t)
            let c = cal.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Self.date(i))
            let local = zone.localTime(i)
            let ok = local.date.year == c.year && local.date.month == c.month && local.date.day == c.day
                && local.hour == c.hour && local.minute == c.minute && local.second == c.second
            if !ok, mismatches.count < 10 { mismatches.append("\(i): got \(local), tz \(c)") }
            checked += 1
            t += 7 * 3600
        }
        #expect(checked > 45_000)
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    // MARK: - Transition instants

    @Test("dstTransitions equal the tz database's transitions for 2000–2035", arguments: zones)
    func transitionsMatchTzDatabase(zone: MarketTimeZone) throws {
        let tz = try Self.foundationZone(zone)
        for year in 2000...2035 {
            let t = try #require(zone.dstTransitions(year: year))
            // Search from the start of the year (UTC) for the next two transitions.
            let jan1 = Self.date(Instant(utc: LocalDate(year: year, month: 1, day: 1)))
            let first = try #require(tz.nextDaylightSavingTimeTransition(after: jan1))
            let second = try #require(tz.nextDaylightSavingTimeTransition(after: first))
            #expect(t.start.secondsSinceEpoch == Int64(first.timeIntervalSince1970), "start \(year)")
            #expect(t.end.secondsSinceEpoch == Int64(second.timeIntervalSince1970), "end \(year)")
        }
    }

    @Test("the hour before and the hour at each transition, 2000–2035", arguments: zones)
    func hoursAroundTransitions(zone: MarketTimeZone) throws {
        let tz = try Self.foundationZone(zone)
        let std = zone.standardOffsetSeconds
        for year in 2000...2035 {
            let t = try #require(zone.dstTransitions(year: year))
            for probe in [t.start, t.end] {
                for i in [probe.adding(seconds: -3600), probe.adding(seconds: -1), probe, probe.adding(seconds: 1)] {
                    #expect(zone.offsetSeconds(at: i) == Int64(tz.secondsFromGMT(for: Self.date(i))), "\(i)")
                    #expect(zone.isDaylightTime(i) == tz.isDaylightSavingTime(for: Self.date(i)), "\(i)")
                }
            }
            // Spring forward: standard just before, daylight at the instant.
            #expect(zone.offsetSeconds(at: t.start.adding(seconds: -1)) == std)
            #expect(zone.offsetSeconds(at: t.start) == std + 3600)
            // Fall back: daylight just before, standard at the instant.
            #expect(zone.offsetSeconds(at: t.end.adding(seconds: -1)) == std + 3600)
            #expect(zone.offsetSeconds(at: t.end) == std)
            // Local clock: 01:59:59 → 03:00:00 in spring; 01:59:59 (daylight) → 01:00:00 (standard) in fall.
            let beforeStart = zone.localTime(t.start.adding(seconds: -1))
            let atStart = zone.localTime(t.start)
            #expect(beforeStart.hour == 1 && beforeStart.minute == 59 && beforeStart.second == 59)
            #expect(atStart.hour == 3 && atStart.minute == 0 && atStart.date == beforeStart.date)
            #expect(atStart.date.weekday == 0, "DST starts on a Sunday")
            let beforeEnd = zone.localTime(t.end.adding(seconds: -1))
            let atEnd = zone.localTime(t.end)
            #expect(beforeEnd.hour == 1 && beforeEnd.minute == 59 && beforeEnd.second == 59)
            #expect(atEnd.hour == 1 && atEnd.minute == 0 && atEnd.date == beforeEnd.date)
            #expect(atEnd.date.weekday == 0, "DST ends on a Sunday")
        }
    }

    struct KnownTransition: Sendable, CustomTestStringConvertible {
        var zone: MarketTimeZone
        var year: Int
        var start: String
        var end: String
        var testDescription: String { "\(zone) \(year)" }
    }

    @Test(
        "known transition instants",
        arguments: [
            KnownTransition(zone: .losAngeles, year: 2016, start: "2016-03-13T10:00:00Z", end: "2016-11-06T09:00:00Z"),
            KnownTransition(zone: .newYork, year: 2016, start: "2016-03-13T07:00:00Z", end: "2016-11-06T06:00:00Z"),
            KnownTransition(zone: .losAngeles, year: 2024, start: "2024-03-10T10:00:00Z", end: "2024-11-03T09:00:00Z"),
            KnownTransition(zone: .newYork, year: 2024, start: "2024-03-10T07:00:00Z", end: "2024-11-03T06:00:00Z"),
            // The 1987–2006 rule: first Sunday of April to last Sunday of October.
            KnownTransition(zone: .losAngeles, year: 2006, start: "2006-04-02T10:00:00Z", end: "2006-10-29T09:00:00Z"),
            KnownTransition(zone: .newYork, year: 2000, start: "2000-04-02T07:00:00Z", end: "2000-10-29T06:00:00Z"),
            KnownTransition(zone: .newYork, year: 2007, start: "2007-03-11T07:00:00Z", end: "2007-11-04T06:00:00Z"),
        ])
    func knownTransitions(_ k: KnownTransition) throws {
        let t = try #require(k.zone.dstTransitions(year: k.year))
        #expect(t.start.description == k.start)
        #expect(t.end.description == k.end)
    }

    // MARK: - Wall clock on the transition days

    @Test("the repeated 01:00 hour on the Los Angeles fall-back day")
    func repeatedHourLosAngeles() {
        let z = MarketTimeZone.losAngeles
        let firstOne = z.localTime(Self.utc(2016, 11, 6, 8, 30))  // 01:30 PDT
        let secondOne = z.localTime(Self.utc(2016, 11, 6, 9, 30))  // 01:30 PST
        #expect(firstOne.description == "2016-11-06T01:30:00")
        #expect(secondOne.description == "2016-11-06T01:30:00")
        #expect(z.offsetSeconds(at: Self.utc(2016, 11, 6, 8, 30)) == -7 * 3600)
        #expect(z.offsetSeconds(at: Self.utc(2016, 11, 6, 9, 30)) == -8 * 3600)
        #expect(z.localTime(Self.utc(2016, 11, 6, 10)).description == "2016-11-06T02:00:00")
    }

    @Test("the skipped 02:00 hour on the New York spring-forward day")
    func skippedHourNewYork() {
        let z = MarketTimeZone.newYork
        #expect(z.localTime(Self.utc(2016, 3, 13, 6, 59, 59)).description == "2016-03-13T01:59:59")
        #expect(z.localTime(Self.utc(2016, 3, 13, 7)).description == "2016-03-13T03:00:00")
        #expect(z.isDaylightTime(Self.utc(2016, 3, 13, 7)))
        #expect(!z.isDaylightTime(Self.utc(2016, 3, 13, 6, 59, 59)))
    }

    @Test("New Year's Eve crosses the date line in local time")
    func newYearLocalDate() {
        // 2017-01-01T05:00:00Z is 2016-12-31T21:00 in Los Angeles and 2017-01-01T00:00 in New York.
        let i = Self.utc(2017, 1, 1, 5)
        #expect(MarketTimeZone.losAngeles.localTime(i).description == "2016-12-31T21:00:00")
        #expect(MarketTimeZone.newYork.localTime(i).description == "2017-01-01T00:00:00")
        #expect(MarketTimeZone.newYork.localTime(i.adding(seconds: -1)).description == "2016-12-31T23:59:59")
    }

    // MARK: - Day bounds

    @Test("startOfDay is local midnight and dayBounds span 23/24/25 hours", arguments: zones)
    func dayBoundsAgreeWithTzDatabase(zone: MarketTimeZone) throws {
        let tz = try Self.foundationZone(zone)
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = tz
        var lengths: [Int64: Int] = [:]
        var date = LocalDate(year: 2000, month: 1, day: 1)
        let last = LocalDate(year: 2035, month: 12, day: 31)
        var mismatches: [String] = []
        while date <= last {
            let start = zone.startOfDay(date)
            let comps = DateComponents(year: date.year, month: date.month, day: date.day)
            let expected = try #require(cal.date(from: comps))
            if start.secondsSinceEpoch != Int64(expected.timeIntervalSince1970), mismatches.count < 10 {
                mismatches.append("\(date): got \(start), tz \(expected)")
            }
            let b = zone.dayBounds(date)
            #expect(b.start == start)
            lengths[(b.end.secondsSinceEpoch - b.start.secondsSinceEpoch) / 3600, default: 0] += 1
            date = date.adding(days: 1)
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
        // One short and one long day each year, every other day 24 hours.
        #expect(lengths[23] == 36)
        #expect(lengths[25] == 36)
        #expect(lengths[24] == 13_149 - 72)
        #expect(lengths.count == 3)
    }

    @Test("Los Angeles 2016 day bounds")
    func losAngelesDayBounds() {
        let z = MarketTimeZone.losAngeles
        let spring = z.dayBounds(LocalDate(year: 2016, month: 3, day: 13))
        #expect(spring.start.description == "2016-03-13T08:00:00Z")
        #expect(spring.end.description == "2016-03-14T07:00:00Z")
        let fall = z.dayBounds(LocalDate(year: 2016, month: 11, day: 6))
        #expect(fall.start.description == "2016-11-06T07:00:00Z")
        #expect(fall.end.description == "2016-11-07T08:00:00Z")
    }

    // MARK: - UTC and zones without DST

    @Test("UTC has no offset and no transitions")
    func utcZone() {
        let z = MarketTimeZone.utc
        #expect(z.dstTransitions(year: 2016) == nil)
        for i in [Self.utc(2016, 3, 13, 10), Self.utc(2016, 7, 1, 12), Self.utc(2016, 11, 6, 9)] {
            #expect(z.offsetSeconds(at: i) == 0)
            #expect(!z.isDaylightTime(i))
            #expect(z.localTime(i) == i.utc)
        }
        #expect(z.startOfDay(LocalDate(year: 2016, month: 7, day: 1)).description == "2016-07-01T00:00:00Z")
    }

    @Test("a zone that does not observe DST stays on standard time (Phoenix)")
    func noDSTZone() throws {
        let phoenix = MarketTimeZone(identifier: "America/Phoenix", standardOffsetSeconds: -7 * 3600, observesDST: false)
        let tz = try #require(TimeZone(identifier: "America/Phoenix"))
        #expect(phoenix.dstTransitions(year: 2016) == nil)
        var t = Self.utc(2016, 1, 1).secondsSinceEpoch
        while t < Self.utc(2017, 1, 1).secondsSinceEpoch {
            let i = Instant(secondsSinceEpoch: t)
            #expect(phoenix.offsetSeconds(at: i) == Int64(tz.secondsFromGMT(for: Self.date(i))))
            t += 6 * 3600
        }
    }

    @Test("DST is not applied before 1987")
    func before1987() {
        #expect(MarketTimeZone.losAngeles.dstTransitions(year: 1986) == nil)
        #expect(MarketTimeZone.losAngeles.dstTransitions(year: 1987) != nil)
    }

    // MARK: - Instant basics

    @Test("Instant description and UTC breakdown, including before 1970")
    func instantDescription() {
        #expect(Instant(secondsSinceEpoch: 0).description == "1970-01-01T00:00:00Z")
        #expect(Instant(secondsSinceEpoch: -1).description == "1969-12-31T23:59:59Z")
        #expect(Instant(secondsSinceEpoch: -86_400).description == "1969-12-31T00:00:00Z")
        #expect(Instant(secondsSinceEpoch: 1_457_863_200).description == "2016-03-13T10:00:00Z")
        #expect(Self.utc(2016, 3, 13, 10).secondsSinceEpoch == 1_457_863_200)
        #expect(Self.utc(2016, 2, 29, 23, 59, 59).adding(seconds: 1).description == "2016-03-01T00:00:00Z")
        #expect(Instant(secondsSinceEpoch: 5) < Instant(secondsSinceEpoch: 6))
    }

    @Test("LocalDateTime floor-divides negative seconds")
    func localDateTimeNegative() {
        let t = LocalDateTime(secondsSinceLocalEpoch: -3601)
        #expect(t.date == LocalDate(year: 1969, month: 12, day: 31))
        #expect(t.secondOfDay == 86_400 - 3601)
        #expect(t.hour == 22 && t.minute == 59 && t.second == 59)
        #expect(t.secondsSinceLocalEpoch == -3601)
    }
}

/// An instant's ISO 8601 text is written into one buffer (statement lineage writes thousands per statement): it must be
/// exactly what the padded pieces gave, for every year.
@Suite struct InstantTextTests {
    static func reference(_ t: LocalDateTime) -> String {
        func pad(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }
        return "\(t.date)T\(pad(t.hour)):\(pad(t.minute)):\(pad(t.second))"
    }

    @Test func isoTextIsThePaddedPieces() {
        var seed: UInt64 = 0x1234_5678_9ABC_DEF1
        var samples: [Int64] = [0, -1, 86_399, 86_400, 951_782_400, 1_456_790_400, -62_135_596_800, 253_402_300_799, 253_402_300_800, -62_135_596_801]
        for _ in 0..<20_000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            samples.append(Int64(bitPattern: seed >> 20) % 400_000_000_000)
        }
        for s in samples {
            let t = Instant(secondsSinceEpoch: s)
            #expect(t.description == Self.reference(t.utc) + "Z", "\(s)")
            #expect(t.utc.description == Self.reference(t.utc), "\(s)")
        }
        #expect(Instant(secondsSinceEpoch: 1_456_790_400).description == "2016-03-01T00:00:00Z")
    }
}
