import GridSettleCore
import Testing

private func d(_ y: Int, _ m: Int, _ day: Int) -> LocalDate { LocalDate(year: y, month: m, day: day) }

private func utc(_ y: Int, _ m: Int, _ day: Int, _ h: Int = 0, _ min: Int = 0) -> Instant {
    Instant(utc: d(y, m, day), hour: h, minute: min)
}

@Suite("MarketCalendar")
struct MarketCalendarTests {
    static let caiso = MarketCalendar(market: .caiso)
    static let pjm = MarketCalendar(market: .pjm)

    @Test("markets map to their time zones")
    func marketZones() {
        #expect(Market.caiso.timeZone == .losAngeles)
        #expect(Market.pjm.timeZone == .newYork)
        #expect(Self.caiso.timeZone.identifier == "America/Los_Angeles")
        #expect(Self.pjm.timeZone.identifier == "America/New_York")
        #expect(Self.caiso.market == .caiso)
        #expect(MarketCalendar(timeZone: .utc).market == nil)
    }

    // MARK: - Trading-day lengths

    struct DayLength: Sendable, CustomTestStringConvertible {
        var market: Market
        var date: LocalDate
        var hours: Int
        var testDescription: String { "\(market.rawValue) \(date) = \(hours)h" }
    }

    @Test(
        "trading-day lengths around DST",
        arguments: [Market.caiso, .pjm].flatMap { m in
            [
                DayLength(market: m, date: d(2016, 3, 12), hours: 24),
                DayLength(market: m, date: d(2016, 3, 13), hours: 23),
                DayLength(market: m, date: d(2016, 3, 14), hours: 24),
                DayLength(market: m, date: d(2016, 11, 5), hours: 24),
                DayLength(market: m, date: d(2016, 11, 6), hours: 25),
                DayLength(market: m, date: d(2016, 11, 7), hours: 24),
                DayLength(market: m, date: d(2024, 3, 10), hours: 23),
                DayLength(market: m, date: d(2024, 11, 3), hours: 25),
                DayLength(market: m, date: d(2024, 7, 4), hours: 24),
                DayLength(market: m, date: d(2024, 2, 29), hours: 24),
                DayLength(market: m, date: d(2006, 4, 2), hours: 23),
                DayLength(market: m, date: d(2006, 10, 29), hours: 25),
            ]
        })
    func dayLengths(_ c: DayLength) {
        let cal = MarketCalendar(market: c.market)
        #expect(cal.hoursInDay(c.date) == c.hours)
        #expect(cal.hours(of: c.date).count == c.hours)
    }

    // MARK: - Hour-ending labels

    @Test("spring-forward day: HE1, HE2, HE4 … HE24", arguments: [Market.caiso, .pjm])
    func springForwardLabels(market: Market) {
        let cal = MarketCalendar(market: market)
        for day in [d(2016, 3, 13), d(2024, 3, 10)] {
            let hours = cal.hours(of: day)
            let labels = hours.map(\.label.label)
            #expect(labels == [1, 2] + Array(4...24))
            #expect(!labels.contains(3))
            #expect(hours.allSatisfy { $0.label.tradingDay == day })
            // One hour apart in UTC, starting at local midnight.
            #expect(hours.first?.start == cal.timeZone.startOfDay(day))
            for (a, b) in zip(hours, hours.dropFirst()) {
                #expect(b.start.secondsSinceEpoch - a.start.secondsSinceEpoch == 3600)
            }
        }
    }

    @Test("fall-back day: HE1, HE2, HE25, HE3 … HE24 in time order", arguments: [Market.caiso, .pjm])
    func fallBackLabels(market: Market) {
        let cal = MarketCalendar(market: market)
        for day in [d(2016, 11, 6), d(2024, 11, 3)] {
            let hours = cal.hours(of: day)
            #expect(hours.map(\.label.label) == [1, 2, 25] + Array(3...24))
            #expect(hours.allSatisfy { $0.label.tradingDay == day })
            for (a, b) in zip(hours, hours.dropFirst()) {
                #expect(b.start.secondsSinceEpoch - a.start.secondsSinceEpoch == 3600)
            }
        }
    }

    @Test("an ordinary day has HE1 … HE24", arguments: [Market.caiso, .pjm])
    func ordinaryDayLabels(market: Market) {
        let cal = MarketCalendar(market: market)
        let hours = cal.hours(of: d(2016, 7, 14))
        #expect(hours.map(\.label.label) == Array(1...24))
        let offset = market == .caiso ? 7 : 4  // daylight time in July
        #expect(hours[0].start == utc(2016, 7, 14, offset))
        #expect(hours[23].start == utc(2016, 7, 15, offset - 1))
    }

    @Test("Los Angeles 2016-11-06: UTC starts of each hour")
    func losAngelesFallBackStarts() {
        let hours = Self.caiso.hours(of: d(2016, 11, 6))
        #expect(hours.count == 25)
        #expect(hours[0].start.description == "2016-11-06T07:00:00Z")  // HE1, 00:00 PDT
        #expect(hours[1].start.description == "2016-11-06T08:00:00Z")  // HE2, 01:00 PDT
        #expect(hours[2].start.description == "2016-11-06T09:00:00Z")  // HE25, 01:00 PST
        #expect(hours[2].label.label == 25)
        #expect(hours[3].start.description == "2016-11-06T10:00:00Z")  // HE3, 02:00 PST
        #expect(hours[3].label.label == 3)
        #expect(hours[24].start.description == "2016-11-07T07:00:00Z")  // HE24, 23:00 PST
        #expect(hours[24].label.label == 24)
        #expect(hours[2].label.description == "2016-11-06 HE25")
    }

    @Test("New York 2016-03-13: UTC starts of each hour")
    func newYorkSpringForwardStarts() {
        let hours = Self.pjm.hours(of: d(2016, 3, 13))
        #expect(hours.count == 23)
        #expect(hours[0].start.description == "2016-03-13T05:00:00Z")  // HE1, 00:00 EST
        #expect(hours[1].start.description == "2016-03-13T06:00:00Z")  // HE2, 01:00 EST
        #expect(hours[2].start.description == "2016-03-13T07:00:00Z")  // HE4, 03:00 EDT
        #expect(hours[2].label.label == 4)
        #expect(hours[22].start.description == "2016-03-14T03:00:00Z")  // HE24, 23:00 EDT
        #expect(hours[22].label.label == 24)
    }

    @Test("hourEnding of instants inside an hour")
    func hourEndingInsideHour() {
        let cal = Self.caiso
        // 09:59:59Z on the LA fall-back day is still the repeated hour.
        #expect(cal.hourEnding(of: utc(2016, 11, 6, 9, 59).adding(seconds: 59)).label == 25)
        #expect(cal.hourEnding(of: utc(2016, 11, 6, 8, 15)).label == 2)
        #expect(cal.hourEnding(of: utc(2016, 11, 6, 10, 0)).label == 3)
        // 06:59Z on 2016-11-06 is 23:59 PDT on 2016-11-05: HE24 of the previous trading day.
        let he = cal.hourEnding(of: utc(2016, 11, 6, 6, 59))
        #expect(he.tradingDay == d(2016, 11, 5))
        #expect(he.label == 24)
        #expect(cal.tradingDay(of: utc(2016, 11, 6, 6, 59)) == d(2016, 11, 5))
        #expect(cal.tradingDay(of: utc(2016, 11, 6, 7, 0)) == d(2016, 11, 6))
        // The last hour of the fall-back day (23:00 PST) ends at 2016-11-07T08:00Z.
        let last = cal.hourEnding(of: utc(2016, 11, 7, 7, 30))
        #expect(last.tradingDay == d(2016, 11, 6) && last.label == 24)
    }

    @Test("every hour of 2016 and 2024 gets a unique (day, label) and labels match hours(of:)", arguments: [Market.caiso, .pjm])
    func labelsUniqueOverYears(market: Market) {
        let cal = MarketCalendar(market: market)
        for year in [2016, 2024] {
            var seen = Set<HourEnding>()
            var day = d(year, 1, 1)
            var total = 0
            var previousEnd: Instant?
            while day.year == year {
                let hours = cal.hours(of: day)
                if let previousEnd { #expect(hours.first?.start == previousEnd, "days tile without gaps at \(day)") }
                for h in hours {
                    #expect(seen.insert(h.label).inserted, "duplicate \(h.label)")
                    #expect(cal.hourEnding(of: h.start) == h.label)
                    #expect(cal.hourEnding(of: h.start.adding(seconds: 3599)) == h.label)
                }
                total += hours.count
                previousEnd = hours.last?.start.adding(seconds: 3600)
                day = day.adding(days: 1)
            }
            #expect(total == (LocalDate.isLeapYear(year) ? 366 : 365) * 24)
        }
    }

    // MARK: - Holidays and day types

    @Test("NERC holidays 2016")
    func nercHolidays2016() {
        let h = MarketCalendar.nercHolidays(years: 2016...2016)
        #expect(
            h == [
                d(2016, 1, 1),  // Friday
                d(2016, 5, 30),  // Memorial Day, last Monday of May
                d(2016, 7, 4),  // Monday
                d(2016, 9, 5),  // Labor Day
                d(2016, 11, 24),  // Thanksgiving
                d(2016, 12, 26),  // Christmas falls on Sunday → observed Monday
            ])
        #expect(!h.contains(d(2016, 12, 25)))
    }

    @Test("NERC holidays: Sunday moves to Monday, Saturday is not moved")
    func nercObservance() {
        // 2017-01-01 is a Sunday → 2017-01-02. 2022-12-25 is a Sunday → 2022-12-26.
        let h = MarketCalendar.nercHolidays(years: 2017...2022)
        #expect(h.contains(d(2017, 1, 2)))
        #expect(!h.contains(d(2017, 1, 1)))
        #expect(h.contains(d(2022, 12, 26)))
        // 2021-12-25 is a Saturday: NERC does not move it to Friday.
        #expect(h.contains(d(2021, 12, 25)))
        #expect(!h.contains(d(2021, 12, 24)))
        // 2020-07-04 is a Saturday.
        #expect(h.contains(d(2020, 7, 4)))
        #expect(!h.contains(d(2020, 7, 3)))
        // Thanksgiving 2018 is the 22nd, Memorial Day 2021 the 31st, Labor Day 2020 the 7th.
        #expect(h.contains(d(2018, 11, 22)))
        #expect(h.contains(d(2021, 5, 31)))
        #expect(h.contains(d(2020, 9, 7)))
        #expect(h.count == 6 * 6)
    }

    @Test("dayType: weekday, weekend, holiday")
    func dayTypes() {
        let cal = Self.caiso
        #expect(cal.dayType(d(2016, 7, 4)) == .holiday)
        #expect(cal.dayType(d(2016, 7, 5)) == .weekday)
        #expect(cal.dayType(d(2016, 7, 2)) == .weekend)  // Saturday
        #expect(cal.dayType(d(2016, 7, 3)) == .weekend)  // Sunday
        #expect(cal.dayType(d(2016, 12, 26)) == .holiday)  // observed Christmas
        #expect(cal.dayType(d(2016, 12, 25)) == .weekend)  // the Sunday itself
        #expect(cal.dayType(d(2016, 11, 24)) == .holiday)
        #expect(cal.dayType(d(2016, 11, 25)) == .weekday)
        // Holidays given as data replace the NERC list.
        let custom = MarketCalendar(market: .pjm, holidays: [d(2016, 7, 5)])
        #expect(custom.dayType(d(2016, 7, 4)) == .weekday)
        #expect(custom.dayType(d(2016, 7, 5)) == .holiday)
        // The default years range limits the generated list.
        let narrow = MarketCalendar(market: .caiso, years: 2016...2016)
        #expect(narrow.dayType(d(2017, 7, 4)) == .weekday)
        #expect(Self.caiso.dayType(d(2040, 12, 25)) == .holiday)
        #expect(MarketCalendar(timeZone: .utc).dayType(d(2016, 7, 4)) == .weekday)
    }
}

@Suite("LocalDate")
struct LocalDateTests {
    @Test("daysSinceEpoch round-trips every day 1900–2100")
    func roundTrip() {
        var date = d(1900, 1, 1)
        var days = date.daysSinceEpoch
        #expect(days == -25_567)
        var count = 0
        while date.year <= 2100 {
            #expect(LocalDate(daysSinceEpoch: days) == date)
            #expect(date.daysSinceEpoch == days)
            // Step the calendar by hand so the round trip is checked against an independent successor.
            var next = date
            next.day += 1
            if next.day > LocalDate.daysInMonth(year: next.year, month: next.month) {
                next.day = 1
                next.month += 1
                if next.month > 12 {
                    next.month = 1
                    next.year += 1
                }
            }
            date = next
            days += 1
            count += 1
        }
        #expect(count == 73_414)  // 201 years, 49 leap years (1900 and 2100 are not)
        #expect(d(2101, 1, 1).daysSinceEpoch == days)
    }

    @Test("known day numbers")
    func knownDays() {
        #expect(d(1970, 1, 1).daysSinceEpoch == 0)
        #expect(d(1969, 12, 31).daysSinceEpoch == -1)
        #expect(d(2000, 3, 1).daysSinceEpoch == 11_017)
        #expect(d(2016, 3, 13).daysSinceEpoch == 16_873)
        #expect(LocalDate(daysSinceEpoch: 16_873) == d(2016, 3, 13))
        #expect(LocalDate(daysSinceEpoch: -719_468) == d(0, 3, 1))
        #expect(d(1600, 2, 29).daysSinceEpoch + 1 == d(1600, 3, 1).daysSinceEpoch)
    }

    @Test("weekday: 0 = Sunday … 6 = Saturday")
    func weekdays() {
        #expect(d(1970, 1, 1).weekday == 4)  // Thursday
        #expect(d(1969, 12, 31).weekday == 3)  // Wednesday
        #expect(d(1969, 12, 28).weekday == 0)  // Sunday
        #expect(d(1900, 1, 1).weekday == 1)  // Monday
        #expect(d(2000, 1, 1).weekday == 6)  // Saturday
        #expect(d(2016, 3, 13).weekday == 0)
        #expect(d(2016, 12, 25).weekday == 0)
        #expect(d(2024, 7, 4).weekday == 4)
        #expect(d(2016, 7, 2).isWeekend && d(2016, 7, 3).isWeekend && !d(2016, 7, 4).isWeekend)
        // Consecutive days cycle through all seven weekdays, including across the epoch.
        for offset in -20...20 {
            let a = LocalDate(daysSinceEpoch: Int64(offset))
            #expect(a.adding(days: 1).weekday == (a.weekday + 1) % 7)
            #expect((0...6).contains(a.weekday))
        }
    }

    @Test("nthWeekday")
    func nthWeekday() {
        #expect(LocalDate.nthWeekday(2, weekday: 0, year: 2016, month: 3) == d(2016, 3, 13))
        #expect(LocalDate.nthWeekday(1, weekday: 0, year: 2016, month: 11) == d(2016, 11, 6))
        #expect(LocalDate.nthWeekday(-1, weekday: 1, year: 2016, month: 5) == d(2016, 5, 30))
        #expect(LocalDate.nthWeekday(-1, weekday: 0, year: 2006, month: 10) == d(2006, 10, 29))
        #expect(LocalDate.nthWeekday(4, weekday: 4, year: 2016, month: 11) == d(2016, 11, 24))
        // The first of the month is itself the weekday asked for.
        #expect(LocalDate.nthWeekday(1, weekday: 3, year: 2016, month: 6) == d(2016, 6, 1))
        // The last day of the month is itself the weekday asked for (2016-10-31 was a Monday).
        #expect(LocalDate.nthWeekday(-1, weekday: 1, year: 2016, month: 10) == d(2016, 10, 31))
        // Last Monday of a leap February.
        #expect(LocalDate.nthWeekday(-1, weekday: 1, year: 2016, month: 2) == d(2016, 2, 29))
        // Exhaustive: for every month of 2000–2030 and every weekday, the result is in the month,
        // on the weekday, and the n-th one.
        for y in 2000...2030 {
            for m in 1...12 {
                for wd in 0...6 {
                    let first = LocalDate.nthWeekday(1, weekday: wd, year: y, month: m)
                    #expect(first.month == m && first.weekday == wd && first.day <= 7)
                    let last = LocalDate.nthWeekday(-1, weekday: wd, year: y, month: m)
                    #expect(last.month == m && last.weekday == wd)
                    #expect(last.day > LocalDate.daysInMonth(year: y, month: m) - 7)
                    let fourth = LocalDate.nthWeekday(4, weekday: wd, year: y, month: m)
                    #expect(fourth.day == first.day + 21)
                }
            }
        }
    }

    @Test("leap years and month lengths")
    func leapYears() {
        #expect(LocalDate.isLeapYear(2016))
        #expect(LocalDate.isLeapYear(2000))
        #expect(!LocalDate.isLeapYear(1900))
        #expect(!LocalDate.isLeapYear(2100))
        #expect(!LocalDate.isLeapYear(2015))
        #expect(LocalDate.daysInMonth(year: 2016, month: 2) == 29)
        #expect(LocalDate.daysInMonth(year: 2015, month: 2) == 28)
        #expect(LocalDate.daysInMonth(year: 2015, month: 4) == 30)
        #expect(LocalDate.daysInMonth(year: 2015, month: 12) == 31)
        #expect((1...12).reduce(0) { $0 + LocalDate.daysInMonth(year: 2016, month: $1) } == 366)
    }

    @Test(
        "parses valid dates",
        arguments: [
            ("2016-02-29", d(2016, 2, 29)),
            ("2016-11-06", d(2016, 11, 6)),
            ("1999-12-31", d(1999, 12, 31)),
            ("0001-01-01", d(1, 1, 1)),
        ])
    func parsesValid(_ text: String, _ expected: LocalDate) {
        #expect(LocalDate(parsing: text) == expected)
        #expect(LocalDate(parsing: text)?.description == text)
    }

    @Test(
        "rejects malformed or impossible dates",
        arguments: [
            "2016-02-30", "2015-02-29", "2016-2-01", "2016-02-1", "16-02-01", "2016-13-01", "2016-00-10",
            "2016-04-31", "2016-01-00", "", "2016", "2016-01", "2016-01-01-01", "2016/01/01", "2016-01-01T00:00",
            " 2016-01-01", "2016-01-01 ", "2016--1-01", "2016-+1-01", "2016-01-+1", "+201-01-01", "abcd-01-01",
            "2016-0a-01", "2016-01-0 ",
        ])
    func rejectsInvalid(_ text: String) {
        #expect(LocalDate(parsing: text) == nil)
    }

    @Test("description pads year, month and day")
    func description() {
        #expect(d(2016, 3, 1).description == "2016-03-01")
        #expect(d(987, 1, 9).description == "0987-01-09")
    }

    @Test("ordering and adding days")
    func ordering() {
        #expect(d(2016, 2, 28) < d(2016, 2, 29))
        #expect(d(2015, 12, 31) < d(2016, 1, 1))
        #expect(!(d(2016, 1, 1) < d(2016, 1, 1)))
        #expect(d(2016, 2, 28).adding(days: 2) == d(2016, 3, 1))
        #expect(d(2016, 3, 1).adding(days: -1) == d(2016, 2, 29))
        #expect(d(2016, 1, 1).adding(days: 366) == d(2017, 1, 1))
    }
}
