import GridSettleCore
import Testing

/// The generated example carries demand-response events, so `gridsettle baseline` works on it out of the box.
@Suite("Example demand-response events")
struct ExampleEventsTests {
    @Test func aDispatchOnTheLastWorkingDayAndATestAWeekEarlier() throws {
        #expect(november.events.map(\.kind) == [.dispatch, .test])
        let dispatch = november.events[0]
        let local = zone.localTime(dispatch.start)
        #expect(local.date == LocalDate(year: 2016, month: 11, day: 30) && local.hour == 14)
        #expect(dispatch.end.secondsSinceEpoch - dispatch.start.secondsSinceEpoch == 3 * 3600)
        #expect(zone.localTime(november.events[1].start).date == LocalDate(year: 2016, month: 11, day: 22))
        let results = try DatasetBaselines.run(november, method: BaselinePresets.caisoWeekday, quantity: .siteLoad)
        #expect(results.count == 1 && results[0].selected.count == 10 && results[0].fallback == nil)
        #expect(results[0].decision(LocalDate(year: 2016, month: 11, day: 22))?.rejection == .eventDay)
    }
}
