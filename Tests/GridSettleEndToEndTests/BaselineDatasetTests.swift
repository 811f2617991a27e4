import Foundation
import GridSettleCore
import GridSettleFormats
import Testing

/// Baselines through the dataset format: events.csv read and written, bad rows named by file, line and field,
/// and the dataset run equal to the engine run on the same meter data.
@Suite("Baselines from a dataset")
struct BaselineDatasetTests {
    static let eventsCSV = """
        resource_id,event_start,event_end,type
        LAAFB_1_V2G,2016-11-29T22:00:00Z,2016-11-30T01:00:00Z,dispatch
        LAAFB_1_V2G,2016-11-22T22:00:00Z,2016-11-23T01:00:00Z,test
        LAAFB_1_V2G,2016-11-16T08:00:00Z,2016-11-17T08:00:00Z,outage

        """

    func dataset() throws -> Dataset {
        var files = E2E.files(try E2E.example())
        files[DatasetFiles.events] = Array(Self.eventsCSV.utf8)
        return try DatasetReader.read(files: files)
    }

    @Test func eventsRoundTrip() throws {
        let d = try dataset()
        #expect(d.events.map(\.kind) == [.dispatch, .test, .outage])
        #expect(d.events[0].source == "events.csv:2")
        #expect(DatasetWriter.eventsCSV(d) == Self.eventsCSV)
    }

    @Test func badEventRowsAreNamed() throws {
        let files = E2E.files(try E2E.example())
        let bad = """
            resource_id,event_start,event_end,type
            LAAFB_1_V2G,2016-11-29T22:00:00Z,2016-11-29T21:00:00Z,dispatch
            LAAFB_1_V2G,2016-11-22T22:00:00Z,2016-11-23T01:00:00Z,curtail
            OTHER,2016-11-22T22:00:00Z,2016-11-23T01:00:00Z,test

            """
        let issues = try #require(E2E.issues(files, replacing: DatasetFiles.events, with: bad))
        let text = issues.map(\.description).joined(separator: "\n")
        #expect(text.contains("events.csv:2") && text.contains("event_end"))
        #expect(text.contains("events.csv:3") && text.contains("dispatch, test, outage"))
        #expect(text.contains("events.csv:4") && text.contains("resource_id"))
    }

    @Test func datasetRunEqualsTheEngineOnTheSameMeter() throws {
        let d = try dataset()
        let results = try DatasetBaselines.run(d, method: BaselinePresets.caisoWeekday, quantity: .siteLoad)
        #expect(results.count == 1)
        let r = try #require(results.first)
        let tz = d.config.calendar.timeZone
        // the test event's day and the outage day are not like days for the baseline
        #expect(r.decision(LocalDate(year: 2016, month: 11, day: 22))?.rejection == .eventDay)
        #expect(r.decision(LocalDate(year: 2016, month: 11, day: 16))?.rejection == .outage)
        #expect(r.decision(LocalDate(year: 2016, month: 11, day: 24))?.rejection == .holiday)  // Thanksgiving (NERC)
        #expect(r.selected.count == 10 && r.eventSlots == 168..<204)  // 14:00–17:00 local in 5-minute slots
        // the same numbers straight from the engine on the VEE-checked master meter
        let vee = VEE.run(d)
        let m1 = vee.meters[d.config.meter(role: .retailMaster)!.id]!
        let direct = DayMatchingBaseline(BaselinePresets.caisoWeekday).baseline(
            BaselineInput(series: RetailAdjustment.netImport(m1), calendar: d.config.calendar,
                          eventDays: [LocalDate(year: 2016, month: 11, day: 22), LocalDate(year: 2016, month: 11, day: 29)],
                          outageDays: [LocalDate(year: 2016, month: 11, day: 16)]),
            event: BaselineEvent(start: d.events[0].start, end: d.events[0].end))
        #expect(direct == r)
        #expect(tz.localTime(d.events[0].start).hour == 14)
        // text and CSV outputs carry the audit
        let text = BaselineOutput.text(r, quantity: .siteLoad, zone: tz.identifier)
        #expect(text.contains("2016-11-16 outage") && text.contains("adjustment: ratio over 10:00–13:00"))
        #expect(text.contains("2016-10-31 … 2016-10-17 incomplete data (11 days)"))  // runs of one reason, once
        let days = BaselineOutput.daysCSV(results)
        #expect(days.contains("2016-11-29,2016-11-22,Tue,rejected,,event day,"))
        let slots = BaselineOutput.slotsCSV(results, quantity: .siteLoad)
        #expect(slots.split(separator: "\n").count == 1 + 288)
    }
}
