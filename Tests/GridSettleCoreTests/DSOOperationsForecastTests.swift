import Testing

@testable import GridSettleCore

/// Shared builders for the DSO operations tests: hourly local-time series in America/Los_Angeles.
enum DSOOpsFixtures {
    static let zone = MarketTimeZone.losAngeles
    static let noHolidays = MarketCalendar(timeZone: zone, holidays: [])

    static func day(_ m: Int, _ d: Int) -> LocalDate { LocalDate(year: 2024, month: m, day: d) }

    /// Hourly µkWh from local midnight of `from` to the end of `through`; `kW(date, local hour, occurrence)`
    /// (occurrence 2 is the repeated 01:00 hour of the fall-back day), nil = missing.
    static func hourly(from: LocalDate, through: LocalDate, _ kW: (LocalDate, Int, Int) -> Int64?) -> EnergySeries {
        let grid = IntervalGrid(start: zone.startOfDay(from), end: zone.startOfDay(through.adding(days: 1)), seconds: 3600)
        var e = ContiguousArray<Int64>()
        var q = ContiguousArray<DataQuality>()
        var previous: LocalDateTime? = nil
        for i in 0..<grid.count {
            let local = zone.localTime(grid.startOf(i))
            let occurrence = previous.map { $0.date == local.date && $0.hour == local.hour ? 2 : 1 } ?? 1
            previous = local
            if let v = kW(local.date, local.hour, occurrence) {
                e.append(v * 1_000_000)
                q.append(.actual)
            } else {
                e.append(0)
                q.append(.missing)
            }
        }
        return EnergySeries(grid: grid, microKWh: e, quality: q)
    }

    static func forecaster(_ method: InterfaceForecastMethod, _ calendar: MarketCalendar = noHolidays) -> InterfaceForecaster {
        try! InterfaceForecaster(method: method, calendar: calendar)
    }
}

@Suite("DSO operations: interface forecast")
struct DSOOperationsForecastTests {
    typealias F = DSOOpsFixtures

    @Test func likeWeekdaysAreAveragedByLocalSlot() throws {
        // history Mon 07-01 … Sun 07-14, load 10 × day-of-month + hour (kW)
        let s = F.hourly(from: F.day(7, 1), through: F.day(7, 14)) { d, h, _ in 10 * Int64(d.day) + Int64(h) }
        let method = InterfaceForecastMethod(likeDays: 3, lookbackDays: 45, skipDaysBeforeTarget: 1, minimumDays: 2)
        // target Tue 07-16; skip Mon 07-15; walk back from Sun 07-14: 14 Sun, 13 Sat (weekend), 12 Fri, 11 Thu, 10 Wed
        let f = try F.forecaster(method).forecast(InterfaceForecastInput(interface: "SUB-1", netLoad: s), day: F.day(7, 16))
        #expect(f.mode == .netLoad)
        #expect(f.likeDays == [F.day(7, 12), F.day(7, 11), F.day(7, 10)])
        #expect(f.likeDayTiers == [.sameDayType, .sameDayType, .sameDayType])
        // slot h: (120 + 110 + 100) / 3 + h = 110 + h kW
        #expect(f.grid.count == 24 && f.slots == Array(0..<24))
        #expect(f.netMicroKW[0] == 110_000_000 && f.netMicroKW[17] == 127_000_000)
        #expect(f.contributingDays.allSatisfy { $0 == 3 } && f.reasons.allSatisfy { $0 == nil } && f.notes.isEmpty)
        #expect(f.decisions.first { $0.date == F.day(7, 14) }?.use == .otherDayType)
        #expect(f.decisions.first { $0.date == F.day(7, 9) }?.use == .beyondLikeDays)
        #expect(f.decisions.first?.date == F.day(7, 14))  // the skipped day before is not looked at

        // exclude Thu 07-11 (a dispatch day): 12, 10, 09 → (120 + 100 + 90) / 3 = 103.333… kW → 103 333 333 µkW
        let g = try F.forecaster(method).forecast(
            InterfaceForecastInput(interface: "SUB-1", netLoad: s, excludedDays: [F.day(7, 11)]), day: F.day(7, 16))
        #expect(g.likeDays == [F.day(7, 12), F.day(7, 10), F.day(7, 9)])
        #expect(g.netMicroKW[0] == 103_333_333)
        #expect(g.decisions.first { $0.date == F.day(7, 11) }?.use == .excluded)
        // energy: 103 333 333 µkW × 3600 s / 3600 = 103 333 333 µkWh, quality estimated
        let e = g.energySeries()
        #expect(e.microKWh[0] == 103_333_333 && e.quality.allSatisfy { $0 == .estimated })
    }

    @Test func aDayWithAGapIsNotALikeDay() throws {
        // 07-12 misses 03:00 → incomplete; the next weekday 07-09 takes its place
        let s = F.hourly(from: F.day(7, 1), through: F.day(7, 14)) { d, h, _ in d.day == 12 && h == 3 ? nil : 10 * Int64(d.day) }
        let method = InterfaceForecastMethod(likeDays: 3, skipDaysBeforeTarget: 1, minimumDays: 2)
        let f = try F.forecaster(method).forecast(InterfaceForecastInput(interface: "SUB-1", netLoad: s), day: F.day(7, 16))
        #expect(f.likeDays == [F.day(7, 11), F.day(7, 10), F.day(7, 9)])
        #expect(f.decisions.first { $0.date == F.day(7, 12) }?.use == .incomplete)
        #expect(f.netMicroKW[5] == 100_000_000)  // (110 + 100 + 90) / 3
    }

    @Test func missingHistoryIsUnforecastableNeverZero() throws {
        // every reading missing: no like day qualifies; widening finds nothing either
        let s = F.hourly(from: F.day(7, 1), through: F.day(7, 14)) { _, _, _ in nil }
        let f = try F.forecaster(.standard).forecast(InterfaceForecastInput(interface: "SUB-1", netLoad: s), day: F.day(7, 16))
        #expect(f.netMicroKW.allSatisfy { $0 == nil } && f.reasons.allSatisfy { $0 == .tooFewLikeDays })
        #expect(f.unforecastableCount == 24 && f.likeDays.isEmpty)
        #expect(f.notes.contains { $0.contains("fewer than the minimum 3") })
        let e = f.energySeries()
        #expect(e.quality.allSatisfy { $0 == .missing } && e.missingCount == 24)

        // a target past the history: likewise no forecast, not zeros
        let t = F.hourly(from: F.day(7, 1), through: F.day(7, 14)) { _, _, _ in 7 }
        let late = try F.forecaster(.standard).forecast(InterfaceForecastInput(interface: "SUB-1", netLoad: t), day: F.day(10, 1))
        #expect(late.netMicroKW.allSatisfy { $0 == nil })
    }

    @Test func holidaysBorrowWeekendsThenAnyDayWhenWidening() throws {
        // Thu 07-04 is a holiday with no other holiday in the look-back; weekends 50 kW, weekdays 100 kW
        let calendar = MarketCalendar(timeZone: F.zone, holidays: [F.day(7, 4)])
        let s = F.hourly(from: F.day(6, 1), through: F.day(7, 3)) { d, _, _ in d.isWeekend ? 50 : 100 }
        let input = InterfaceForecastInput(interface: "SUB-1", netLoad: s)
        let method = InterfaceForecastMethod(likeDays: 3, skipDaysBeforeTarget: 1, minimumDays: 2)
        let f = try F.forecaster(method, calendar).forecast(input, day: F.day(7, 4))
        // skip 07-03; weekend days walking back from 07-02: Sun 06-30, Sat 06-29, Sun 06-23
        #expect(f.likeDays == [F.day(6, 30), F.day(6, 29), F.day(6, 23)])
        #expect(f.likeDayTiers == [.weekendForHoliday, .weekendForHoliday, .weekendForHoliday])
        #expect(f.netMicroKW.allSatisfy { $0 == 50_000_000 })
        #expect(f.notes.contains { $0.contains("0 holiday like day(s)") && $0.contains("3 day(s) of other types borrowed") })

        // the same with the `unforecastable` fallback: no forecast at all
        var strict = method
        strict.fallback = .unforecastable
        let g = try F.forecaster(strict, calendar).forecast(input, day: F.day(7, 4))
        #expect(g.netMicroKW.allSatisfy { $0 == nil } && g.reasons.allSatisfy { $0 == .tooFewLikeDays })

        // target Wed 07-03 with a 4-day look-back and no skip: 07-02 Tue, 07-01 Mon (excluded), 06-30 Sun,
        // 06-29 Sat → one like weekday, fewer than 2: widened to any type
        let w = InterfaceForecastMethod(likeDays: 3, lookbackDays: 4, skipDaysBeforeTarget: 0, minimumDays: 2)
        let h = try F.forecaster(w).forecast(InterfaceForecastInput(interface: "SUB-1", netLoad: s, excludedDays: [F.day(7, 1)]), day: F.day(7, 3))
        // own type: 07-02; borrowed (any type, most recent first): Sun 06-30, Sat 06-29 → (100 + 50 + 50) / 3
        #expect(h.likeDays == [F.day(7, 2), F.day(6, 30), F.day(6, 29)])
        #expect(h.likeDayTiers == [.sameDayType, .anyDayType, .anyDayType])
        #expect(h.netMicroKW[0] == 66_666_667)
    }

    @Test func pvIsForecastApartFromGrossLoad() throws {
        // gross load 100 kW on weekdays, 50 on weekends; PV member "PV-A" makes `day-of-month` kW from 10:00
        // to 15:00; the interface meters net = gross − PV
        func pvKW(_ d: LocalDate, _ h: Int) -> Int64 { (10..<15).contains(h) ? Int64(d.day) : 0 }
        let gross: (LocalDate) -> Int64 = { $0.isWeekend ? 50 : 100 }
        let net = F.hourly(from: F.day(7, 1), through: F.day(7, 14)) { d, h, _ in gross(d) - pvKW(d, h) }
        let pv = F.hourly(from: F.day(7, 1), through: F.day(7, 14)) { d, h, _ in pvKW(d, h) }
        let method = InterfaceForecastMethod(likeDays: 3, pvDays: 2, skipDaysBeforeTarget: 1, minimumDays: 2)
        let input = InterfaceForecastInput(interface: "SUB-1", netLoad: net, pv: [ForecastPVMember(id: "PV-A", output: pv)])
        let f = try F.forecaster(method).forecast(input, day: F.day(7, 16))
        #expect(f.mode == .grossLoadMinusPV)
        // gross like days Fri 12, Thu 11, Wed 10: gross = net + PV = 100 kW in every slot
        #expect(f.likeDays == [F.day(7, 12), F.day(7, 11), F.day(7, 10)])
        #expect(f.grossMicroKW?.allSatisfy { $0 == 100_000_000 } == true)
        // PV days: the 2 most recent complete days of any type, Sun 14 and Sat 13 → 12:00 PV = (14 + 13) / 2 = 13.5 kW
        #expect(f.pv.first?.days == [F.day(7, 14), F.day(7, 13)])
        #expect(f.pv.first?.microKW[12] == 13_500_000 && f.pv.first?.source[12] == .similarDays)
        // net = 100 − 13.5 = 86.5 kW at noon; 100 kW at night
        #expect(f.netMicroKW[12] == 86_500_000 && f.netMicroKW[3] == 100_000_000)
        // net alone would have averaged the weekdays' net: 100 − (12 + 11 + 10) / 3 = 89 kW
        let direct = try F.forecaster(method).forecast(InterfaceForecastInput(interface: "SUB-1", netLoad: net), day: F.day(7, 16))
        #expect(direct.netMicroKW[12] == 89_000_000)

        // a supplied PV forecast of 20 kW at 12:00 only: used there, similar days elsewhere (noted)
        let supplied = F.hourly(from: F.day(7, 16), through: F.day(7, 16)) { _, h, _ in h == 12 ? 20 : nil }
        var withForecast = input
        withForecast.pv[0].forecast = supplied
        let g = try F.forecaster(method).forecast(withForecast, day: F.day(7, 16))
        #expect(g.pv[0].source[12] == .supplied && g.pv[0].source[11] == .similarDays)
        #expect(g.netMicroKW[12] == 80_000_000 && g.netMicroKW[11] == 86_500_000)
        #expect(g.notes.contains { $0.contains("no value in 23 interval(s)") })
    }

    @Test func pvWithoutHistoryFallsBackToNetLoad() throws {
        let net = F.hourly(from: F.day(7, 1), through: F.day(7, 14)) { d, _, _ in d.isWeekend ? 40 : 90 }
        let pv = F.hourly(from: F.day(7, 1), through: F.day(7, 14)) { _, _, _ in nil }
        let input = InterfaceForecastInput(interface: "SUB-1", netLoad: net, pv: [ForecastPVMember(id: "PV-A", output: pv)])
        let f = try F.forecaster(InterfaceForecastMethod(likeDays: 3, skipDaysBeforeTarget: 1, minimumDays: 2)).forecast(input, day: F.day(7, 16))
        #expect(f.mode == .netLoad && f.netMicroKW.allSatisfy { $0 == 90_000_000 })
        #expect(f.notes.contains { $0.contains("PV not forecast apart") && $0.contains("PV-A") })

        // with a supplied forecast for every slot the member needs no history… but gross load still needs
        // the member's measured output on the like days, so the split is still not possible
        var supplied = input
        supplied.pv[0].forecast = F.hourly(from: F.day(7, 16), through: F.day(7, 16)) { _, _, _ in 5 }
        let g = try F.forecaster(InterfaceForecastMethod(likeDays: 3, skipDaysBeforeTarget: 1, minimumDays: 2)).forecast(supplied, day: F.day(7, 16))
        #expect(g.mode == .netLoad && g.notes.contains { $0.contains("gross load") })
    }

    @Test func badMethodsAndResolutionsAreExplained() {
        #expect(InterfaceForecastMethod(likeDays: 0).problem?.contains("likeDays") == true)
        #expect(InterfaceForecastMethod(likeDays: 2, minimumDays: 3).problem?.contains("minimumDays") == true)
        #expect(InterfaceForecastMethod(lookbackDays: 1, skipDaysBeforeTarget: 1).problem?.contains("lookbackDays") == true)
        #expect(InterfaceForecastMethod(slotMinutes: 7).problem?.contains("slotMinutes") == true)
        #expect(InterfaceForecastMethod.standard.problem == nil)
        #expect(throws: InterfaceForecastError.self) { try InterfaceForecaster(method: InterfaceForecastMethod(pvDays: 0), calendar: F.noHolidays) }
        // hourly data cannot feed 15-minute slots
        let s = F.hourly(from: F.day(7, 1), through: F.day(7, 14)) { _, _, _ in 1 }
        let f = F.forecaster(InterfaceForecastMethod(slotMinutes: 15))
        #expect(throws: InterfaceForecastError.self) { try f.prepare(InterfaceForecastInput(interface: "SUB-1", netLoad: s)) }
    }

    @Test func onlyDaysBeforeTheTargetAreRead() throws {
        // seeded history; scrambling the target day, the skipped day before and everything after changes nothing
        var rng = DSOOpsRandom(seed: 0xF0CA57)
        let s = F.hourly(from: F.day(5, 1), through: F.day(7, 31)) { _, _, _ in Int64(rng.below(500)) - 100 }
        let target = F.day(7, 10)
        let method = InterfaceForecastMethod.standard
        let f = try F.forecaster(method).forecast(InterfaceForecastInput(interface: "SUB-1", netLoad: s), day: target)
        var scrambled = s
        let cut = F.zone.startOfDay(target.adding(days: -method.skipDaysBeforeTarget))
        for i in 0..<s.count where s.grid.startOf(i) >= cut {
            scrambled.microKWh[i] = Int64(rng.below(9_000)) * 1_000_000
            if rng.below(4) == 0 { scrambled.quality[i] = .missing }
        }
        let g = try F.forecaster(method).forecast(InterfaceForecastInput(interface: "SUB-1", netLoad: scrambled), day: target)
        #expect(f == g)
        #expect(f.netMicroKW.allSatisfy { $0 != nil })
    }
}

/// SplitMix64: deterministic on every platform, so a failing seed reproduces. Ranges by modulo (the
/// standard library's `random(in:)` algorithm is not promised stable).
struct DSOOpsRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// 0 ..< n.
    mutating func below(_ n: UInt64) -> UInt64 { next() % n }
    /// lo ... hi.
    mutating func int(_ lo: Int64, _ hi: Int64) -> Int64 { lo + Int64(below(UInt64(hi - lo + 1))) }
}
