import Testing

@testable import GridSettleCore

/// The demand-response net benefits test (seed 002, "Net Benefits Test Prices ($/MWh) and Workdays with LMP
/// Above On Peak Price") on hand-made LMPs whose outcome is known by construction.
@Suite("Baselines: net benefits test")
struct NetBenefitsTestTests {
    static let zone = MarketTimeZone.losAngeles
    /// CAISO calendar: America/Los_Angeles with the NERC holidays.
    static let calendar = MarketCalendar(market: .caiso)

    /// $/MWh text → µ$/MWh.
    static func usd(_ text: String) -> Int64 { try! FixedPointFormat.parse(text, scale: 6).get() }

    static func month(_ y: Int, _ m: Int) -> NetBenefitsThresholds.Month { .init(year: y, month: m) }

    static func thresholds(_ y: Int, _ m: Int, on: String, off: String, onPeak: NetBenefitsThresholds.OnPeakDefinition = .nerc)
        -> NetBenefitsThresholds
    {
        NetBenefitsThresholds(monthly: [month(y, m): .init(onPeakMicroPrice: usd(on), offPeakMicroPrice: usd(off))], onPeak: onPeak)
    }

    /// Hourly LMPs from local midnight of `from` for `days` local days; `price(start, local time)` in µ$/MWh.
    static func hourly(from: LocalDate, days: Int, _ price: (Instant, LocalDateTime) -> Int64) -> [NetBenefitsTest.LMP] {
        let start = zone.startOfDay(from).secondsSinceEpoch
        let end = zone.startOfDay(from.adding(days: days)).secondsSinceEpoch
        return stride(from: start, to: end, by: 3600).map {
            let t = Instant(secondsSinceEpoch: $0)
            return NetBenefitsTest.LMP(start: t, seconds: 3600, microPrice: price(t, zone.localTime(t)))
        }
    }

    static func hour(_ r: NetBenefitsTest.Result, _ date: LocalDate, he: Int) -> NetBenefitsTest.HourResult? {
        r.hours.first { $0.hourEnding.tradingDay == date && $0.hourEnding.label == he }
    }

    @Test func onPeakAndOffPeakThresholdsFollowTheNERCDefinition() throws {
        // on-peak 50, off-peak 40, every LMP 45: only off-peak hours pass
        let t = Self.thresholds(2024, 7, on: "50", off: "40")
        let lmps = Self.hourly(from: LocalDate(year: 2024, month: 7, day: 3), days: 5) { _, _ in Self.usd("45") }
        let r = try NetBenefitsTest.evaluate(lmps: lmps, thresholds: t, calendar: Self.calendar)
        let wed = LocalDate(year: 2024, month: 7, day: 3)
        let holiday = LocalDate(year: 2024, month: 7, day: 4)  // Thursday, Independence Day
        let sat = LocalDate(year: 2024, month: 7, day: 6)
        let sun = LocalDate(year: 2024, month: 7, day: 7)

        // weekday: HE6 off-peak, HE7–HE22 on-peak, HE23 off-peak
        #expect(Self.hour(r, wed, he: 6)?.period == .offPeak)
        #expect(Self.hour(r, wed, he: 7)?.period == .onPeak)
        #expect(Self.hour(r, wed, he: 22)?.period == .onPeak)
        #expect(Self.hour(r, wed, he: 23)?.period == .offPeak)
        #expect(Self.hour(r, wed, he: 12)?.thresholdMicroPrice == 50_000_000)
        #expect(Self.hour(r, wed, he: 12)?.passes == false)
        #expect(Self.hour(r, wed, he: 23)?.passes == true)
        // Saturday is on-peak in HE7–HE22
        #expect(Self.hour(r, sat, he: 12)?.period == .onPeak)
        #expect(Self.hour(r, sat, he: 12)?.passes == false)
        #expect(r.hours(of: sat).filter { $0.period == .onPeak }.count == 16)
        // Sunday and the holiday are off-peak all day
        #expect(Self.hour(r, sun, he: 12)?.period == .offPeak)
        #expect(Self.hour(r, sun, he: 12)?.thresholdMicroPrice == 40_000_000)
        #expect(Self.hour(r, sun, he: 12)?.passes == true)
        #expect(r.hours(of: sun).allSatisfy { $0.period == .offPeak && $0.passes })
        #expect(r.hours(of: holiday).allSatisfy { $0.period == .offPeak && $0.passes })

        // dispatch days: the workdays Wed 3 and Fri 5, passing in their off-peak hours; not the holiday or weekend
        #expect(r.dispatchDays.map(\.date) == [wed, LocalDate(year: 2024, month: 7, day: 5)])
        #expect(r.dispatchDays.first?.hourEndings == [1, 2, 3, 4, 5, 6, 23, 24])
        let onPeakOnly = try NetBenefitsTest.evaluate(lmps: lmps, thresholds: t, calendar: Self.calendar, dispatchDayHours: .onPeakHoursOnly)
        #expect(onPeakOnly.dispatchDays.isEmpty)
        // counting holidays as workdays adds the 4th, still priced off-peak all day
        let withHoliday = try NetBenefitsTest.evaluate(lmps: lmps, thresholds: t, calendar: Self.calendar, holidaysAreWorkdays: true)
        #expect(withHoliday.dispatchDays.map(\.date) == [wed, holiday, LocalDate(year: 2024, month: 7, day: 5)])
        #expect(withHoliday.dispatchDays[1].hourEndings == Array(1...24))
    }

    @Test func anLMPExactlyAtTheThresholdPasses() throws {
        let t = Self.thresholds(2014, 10, on: "36.49", off: "37.22")
        let day = LocalDate(year: 2014, month: 10, day: 1)  // Wednesday
        let lmps = Self.hourly(from: day, days: 1) { _, local in
            switch local.hour {
            case 10: return Self.usd("36.49")  // HE11 on-peak: equal passes
            case 11: return Self.usd("36.489999")  // HE12: one µ$ below fails
            case 2: return Self.usd("37.22")  // HE3 off-peak: equal passes
            case 3: return Self.usd("37.00")  // HE4 off-peak: above the on-peak price, below the off-peak one
            default: return 0
            }
        }
        let r = try NetBenefitsTest.evaluate(lmps: lmps, thresholds: t, calendar: Self.calendar)
        #expect(r.hours.filter(\.passes).map(\.hourEnding.label) == [3, 11])
        #expect(r.intervals.filter(\.passes).map(\.microPrice) == [37_220_000, 36_490_000])
        #expect(r.dispatchDays.map(\.date) == [day])
        #expect(r.dispatchDays.first?.hourEndings == [3, 11])
    }

    @Test func aMonthWithoutAThresholdIsReported() throws {
        let t = Self.thresholds(2024, 1, on: "40", off: "40")
        // local 2024-01-31 through 2024-03-01: February and March have no threshold
        let lmps = Self.hourly(from: LocalDate(year: 2024, month: 1, day: 31), days: 31) { _, _ in Self.usd("90") }
        #expect(throws: NetBenefitsTest.Failure.missingThresholds([Self.month(2024, 2), Self.month(2024, 3)])) {
            try NetBenefitsTest.evaluate(lmps: lmps, thresholds: t, calendar: Self.calendar)
        }
        #expect(NetBenefitsTest.Failure.missingThresholds([Self.month(2024, 2), Self.month(2024, 3)]).description
            == "no net benefits threshold for 2024-02, 2024-03")

        // the month is the local one: 2024-02-01 00:00–08:00 UTC is still 31 January in Los Angeles
        let utcFeb = (0..<8).map {
            NetBenefitsTest.LMP(start: Instant(utc: LocalDate(year: 2024, month: 2, day: 1), hour: $0), seconds: 3600, microPrice: Self.usd("90"))
        }
        let r = try NetBenefitsTest.evaluate(lmps: utcFeb, thresholds: t, calendar: Self.calendar)
        #expect(r.hours.allSatisfy { $0.hourEnding.tradingDay == LocalDate(year: 2024, month: 1, day: 31) && $0.passes })
        #expect(r.hours.map(\.hourEnding.label) == Array(17...24))
    }

    @Test func dstDaysKeepLocalHours() throws {
        // 100 $/MWh at 13:00 and 14:00 UTC every day, 0 otherwise; on-peak 50, off-peak 200
        let t = Self.thresholds(2024, 3, on: "50", off: "200")
        let lmps = Self.hourly(from: LocalDate(year: 2024, month: 3, day: 8), days: 4) { start, _ in
            let utcHour = start.utc.hour
            return utcHour == 13 || utcHour == 14 ? Self.usd("100") : 0
        }
        let r = try NetBenefitsTest.evaluate(lmps: lmps, thresholds: t, calendar: Self.calendar)
        let spring = LocalDate(year: 2024, month: 3, day: 10)
        #expect(r.hours(of: spring).count == 23)
        #expect(r.hours(of: spring).map(\.localHour) == [0, 1] + Array(3...23))
        #expect(r.hours(of: spring).map(\.hourEnding.label) == [1, 2] + Array(4...24))
        // Fri 8 (PST): 13Z = HE6 off-peak (fails), 14Z = HE7 on-peak. Mon 11 (PDT): 13Z = HE7, 14Z = HE8.
        #expect(r.dispatchDays.map(\.date) == [LocalDate(year: 2024, month: 3, day: 8), LocalDate(year: 2024, month: 3, day: 11)])
        #expect(r.dispatchDays.map(\.hourEndings) == [[7], [7, 8]])
        #expect(r.dispatchDays[1].passingHours.first?.start == Instant(utc: LocalDate(year: 2024, month: 3, day: 11), hour: 13))

        // with every day on-peak, the spring-forward Sunday has 16 on-peak hours from 06:00 PDT = 13:00 UTC
        let everyDay = NetBenefitsThresholds.OnPeakDefinition(firstHourEnding: 7, lastHourEnding: 22, weekdays: Set(0...6), holidaysAreOffPeak: true)
        let all = try NetBenefitsTest.evaluate(lmps: lmps, thresholds: Self.thresholds(2024, 3, on: "50", off: "200", onPeak: everyDay),
                                               calendar: Self.calendar)
        let onPeak = all.hours(of: spring).filter { $0.period == .onPeak }
        #expect(onPeak.count == 16)
        #expect(onPeak.first?.start == Instant(utc: spring, hour: 13))
        #expect(onPeak.map(\.localHour) == Array(6...21))

        // fall-back day: 25 hours, the repeated 01:00 hour is HE25 and off-peak
        let fall = LocalDate(year: 2024, month: 11, day: 3)
        let nov = try NetBenefitsTest.evaluate(
            lmps: Self.hourly(from: fall, days: 1) { _, _ in Self.usd("60") },
            thresholds: Self.thresholds(2024, 11, on: "50", off: "70", onPeak: everyDay), calendar: Self.calendar)
        #expect(nov.hours.count == 25)
        #expect(nov.hours.map(\.hourEnding.label) == [1, 2, 25] + Array(3...24))
        #expect(nov.hours.map(\.localHour) == [0, 1, 1] + Array(2...23))
        #expect(nov.hours.filter { $0.period == .onPeak }.map(\.hourEnding.label) == Array(7...22))
        #expect(nov.hours.filter(\.passes).map(\.hourEnding.label) == Array(7...22))
    }

    @Test func fiveMinuteLMPsAggregateToHoursBothWays() throws {
        let t = NetBenefitsThresholds(monthly: [Self.month(2024, 7): .init(allHoursMicroPrice: Self.usd("36.49"))])
        let day = LocalDate(year: 2024, month: 7, day: 10)  // Wednesday
        var lmps: [NetBenefitsTest.LMP] = []
        for (h, prices) in [
            (14, Array(repeating: "30", count: 11) + ["100"]),  // HE15: one spike; mean 35.833333… fails
            (15, Array(repeating: "36", count: 6) + Array(repeating: "36.98", count: 6)),  // HE16: mean exactly 36.49
            (16, Array(repeating: "36.48", count: 12)),  // HE17: every interval below
        ] {
            for (k, p) in prices.enumerated() {
                lmps.append(.init(start: Self.zone.startOfDay(day).adding(seconds: Int64(h * 3600 + k * 300)), seconds: 300, microPrice: Self.usd(p)))
            }
        }
        let avg = try NetBenefitsTest.evaluate(lmps: Array(lmps.reversed()), thresholds: t, calendar: Self.calendar)
        #expect(avg.intervals.count == 36)
        #expect(avg.intervals.filter(\.passes).count == 7)
        #expect(avg.hours.map(\.hourEnding.label) == [15, 16, 17])
        #expect(avg.hours.map(\.coveredSeconds) == [3600, 3600, 3600])
        #expect(avg.hours.map(\.averageMicroPrice) == [35_833_333, 36_490_000, 36_480_000])
        #expect(avg.hours.map(\.anyIntervalPasses) == [true, true, false])
        #expect(avg.hours.map(\.averagePasses) == [false, true, false])
        #expect(avg.hourlyRule == .hourlyAverage)
        #expect(avg.dispatchDays.map(\.hourEndings) == [[16]])

        let any = try NetBenefitsTest.evaluate(lmps: lmps, thresholds: t, calendar: Self.calendar, hourlyRule: .anyInterval)
        #expect(any.hours.map(\.passes) == [true, true, false])
        #expect(any.dispatchDays.map(\.hourEndings) == [[15, 16]])
    }

    @Test func intervalsThatCannotBeHourlyAreRejected() {
        let t = Self.thresholds(2024, 7, on: "40", off: "40")
        let s = Self.zone.startOfDay(LocalDate(year: 2024, month: 7, day: 10))
        // a 5-minute interval starting at :02 would straddle two 5-minute slots; 7 minutes does not divide an hour
        #expect(throws: NetBenefitsTest.Failure.invalidInterval(start: s.adding(seconds: 120), seconds: 300, reason: "crosses a local hour boundary")) {
            try NetBenefitsTest.evaluate(lmps: [.init(start: s.adding(seconds: 120), seconds: 300, microPrice: 0)], thresholds: t, calendar: Self.calendar)
        }
        #expect(throws: NetBenefitsTest.Failure.invalidInterval(start: s, seconds: 420, reason: "the duration must divide an hour")) {
            try NetBenefitsTest.evaluate(lmps: [.init(start: s, seconds: 420, microPrice: 0)], thresholds: t, calendar: Self.calendar)
        }
        #expect(throws: NetBenefitsTest.Failure.invalidInterval(start: s.adding(seconds: 300), seconds: 300, reason: "overlaps the previous interval")) {
            try NetBenefitsTest.evaluate(lmps: [.init(start: s, seconds: 900, microPrice: 0), .init(start: s.adding(seconds: 300), seconds: 300, microPrice: 0)],
                                         thresholds: t, calendar: Self.calendar)
        }
    }

    /// Seed 002's table, Oct-14: on-peak 36.49, off-peak 37.22 $/MWh, 23 dispatch days. A synthetic October 2014
    /// (23 workdays, no NERC holiday) where every workday passes, plus weekend passes and near misses that
    /// must not count.
    @Test func seedOctober2014HasTwentyThreeDispatchDays() throws {
        let t = Self.thresholds(2014, 10, on: "36.49", off: "37.22")
        let atThreshold: Set<Int> = [6, 15, 28]
        let lmps = Self.hourly(from: LocalDate(year: 2014, month: 10, day: 1), days: 31) { _, local in
            let d = local.date
            switch (d.weekday, local.hour) {
            case (1...5, 17) where !atThreshold.contains(d.day): return Self.usd("45")  // HE18
            case (1...5, 16) where atThreshold.contains(d.day): return Self.usd("36.49")  // HE17, exactly at the price
            case (1...5, 12): return Self.usd("36.48")  // HE13 near miss on every workday
            case (4, 2) where d.day == 9: return Self.usd("37")  // Thu 9 HE3: off-peak, below 37.22
            case (6, 11), (0, 11): return Self.usd("50")  // weekend HE12 passes, but not on a workday
            default: return Self.usd("30")
            }
        }
        let r = try NetBenefitsTest.evaluate(lmps: lmps, thresholds: t, calendar: Self.calendar)
        #expect(r.hours.count == 31 * 24)
        #expect(r.dispatchDays.count == 23)
        #expect(r.dispatchDayCount(Self.month(2014, 10)) == 23)
        #expect(r.dispatchDays.allSatisfy { (1...5).contains($0.date.weekday) })
        #expect(r.hours.filter(\.passes).count == 23 + 4 + 4)  // Saturdays 4, 11, 18, 25; Sundays 5, 12, 19, 26
        #expect(r.dispatchDays.first { $0.date.day == 6 }?.hourEndings == [17])
        #expect(r.dispatchDays.first { $0.date.day == 9 }?.hourEndings == [18])
        let onPeakOnly = try NetBenefitsTest.evaluate(lmps: lmps, thresholds: t, calendar: Self.calendar, dispatchDayHours: .onPeakHoursOnly)
        #expect(onPeakOnly.dispatchDayCount(Self.month(2014, 10)) == 23)
    }
}
