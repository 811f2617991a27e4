import Testing

@testable import GridSettleCore

/// An externally supplied baseline (research baselines.md §2.7) put on the meter's slots: finer rows
/// averaged, coarser rows spread, gaps and part-covered slots left without a baseline and named.
@Suite("Baselines: external series")
struct ExternalBaselineTests {
    static let zone = MarketTimeZone.losAngeles
    static let day = LocalDate(year: 2024, month: 7, day: 16)

    /// `[h:m, h2:m2)` local on 2024-07-16 at `kW` (a decimal string is avoided: µkW given directly).
    static func row(_ h: Int, _ m: Int, _ h2: Int, _ m2: Int, _ microKW: Int64, line: Int) -> SuppliedBaselineInterval {
        let d = zone.startOfDay(day)
        return SuppliedBaselineInterval(
            start: d.adding(seconds: Int64(h * 3600 + m * 60)), end: d.adding(seconds: Int64(h2 * 3600 + m2 * 60)), microKW: microKW,
            source: "baseline_series.csv:\(line)")
    }

    /// A 15-minute meter at 4 kW from 07-15 to 07-17.
    static func profiles() -> DayProfiles {
        let from = zone.startOfDay(LocalDate(year: 2024, month: 7, day: 15))
        let grid = IntervalGrid(start: from, end: from.adding(seconds: 3 * 86_400), seconds: 900)
        let series = EnergySeries(grid: grid, microKWh: ContiguousArray(repeating: 1_000_000, count: grid.count))
        return DayProfiles(series, timeZone: zone)
    }

    static let supplied = [
        row(12, 0, 12, 5, 1, line: 2),  // 1 µkW for 5 min and 2 µkW for 10 min → 1500 / 900 = 1.67 → 2 µkW
        row(12, 5, 12, 15, 2, line: 3),
        row(13, 0, 13, 5, 6_000_000, line: 4),  // three 5-minute rows → their mean, 7 kW
        row(13, 5, 13, 10, 7_000_000, line: 5),
        row(13, 10, 13, 15, 8_000_000, line: 6),
        row(13, 15, 13, 20, 9_000_000, line: 7),  // a third of 13:15–13:30: no baseline there
        row(14, 0, 14, 45, 10_000_000, line: 8),  // 14:45–15:00 not covered
        row(15, 0, 15, 30, 20_500_000, line: 9),  // 15:30–15:45 not covered
        row(15, 45, 16, 10, 30_000_000, line: 10),  // 16:00–16:15 only partly
    ]

    @Test func theSuppliedSeriesIsPutOnTheMeterSlots() {
        #expect(ExternalBaseline.problem(Self.supplied) == nil)
        let start = Self.zone.startOfDay(Self.day).adding(seconds: 14 * 3600)
        let r = ExternalBaseline.baseline(
            Self.supplied, profiles: Self.profiles(), timeZone: Self.zone, event: BaselineEvent(start: start, end: start.adding(seconds: 2 * 3600)))
        #expect(r.method == "external" && r.eventSlots == 56..<64 && r.slotMinutes == 15)
        #expect(r.days.isEmpty && r.selected.isEmpty && r.fallback == nil && r.adjustment.kind == .none)
        #expect(r.unadjusted == r.adjusted)
        let tenKW: Int64? = 10_000_000
        let expected: [Int64?] = [tenKW, tenKW, tenKW, nil, 20_500_000, 20_500_000, nil, 30_000_000]
        #expect(Array(r.adjusted[56..<64]) == expected)
        #expect(r.adjusted[48] == 2 && r.adjusted[52] == 7_000_000 && r.adjusted[53] == nil && r.adjusted[64] == nil)
        #expect(r.adjusted.enumerated().filter { $0.element != nil }.count == 8)  // 48, 52 and six event slots
        #expect(r.loadReduction == expected.map { $0.map { $0 - 4_000_000 } })
        #expect(r.notes.contains("2 of 8 event slot(s) not covered by the supplied baseline series: 14:45–15:00, 15:30–15:45 (no baseline, no performance there)"))
        #expect(r.notes.contains { $0.hasSuffix("not computed from the meter: rows baseline_series.csv:2 … baseline_series.csv:10 on 2024-07-16") })
    }

    @Test func theRepeatedHourAveragesBothOccurrences() {
        // fall-back day 2024-11-03: local 01:00 occurs at 08:00Z (10 kW supplied) and 09:00Z (20 kW)
        let from = Self.zone.startOfDay(LocalDate(year: 2024, month: 11, day: 2))
        let grid = IntervalGrid(start: from, end: Self.zone.startOfDay(LocalDate(year: 2024, month: 11, day: 5)), seconds: 3600)
        let p = DayProfiles(EnergySeries(grid: grid, microKWh: ContiguousArray(repeating: 3_000_000, count: grid.count)), timeZone: Self.zone)
        let t0 = Instant(utc: LocalDate(year: 2024, month: 11, day: 3), hour: 8)
        let s = [
            SuppliedBaselineInterval(start: t0, end: t0.adding(seconds: 3600), microKW: 10_000_000),
            SuppliedBaselineInterval(start: t0.adding(seconds: 3600), end: t0.adding(seconds: 7200), microKW: 20_000_000),
        ]
        let r = ExternalBaseline.baseline(s, profiles: p, timeZone: Self.zone, event: BaselineEvent(start: t0, end: t0.adding(seconds: 7200)))
        #expect(r.eventDay == LocalDate(year: 2024, month: 11, day: 3) && r.eventSlots == 1..<2)
        #expect(r.adjusted[1] == 15_000_000 && r.adjusted[0] == nil && r.adjusted[2] == nil)
        #expect(r.notes == ["baseline supplied externally (control group or aggregator, research §2.7), not computed from the meter on 2024-11-03"])
    }

    @Test func unorderedOrOverlappingSeriesAreRefused() {
        #expect(ExternalBaseline.problem([])?.contains("no intervals") == true)
        #expect(ExternalBaseline.problem([Self.supplied[1], Self.supplied[0]])?.contains("baseline_series.csv:2") == true)
        var overlap = Self.supplied
        overlap[7] = Self.row(14, 30, 15, 30, 1, line: 9)
        #expect(ExternalBaseline.problem(overlap)?.contains("without overlap") == true)
    }
}
