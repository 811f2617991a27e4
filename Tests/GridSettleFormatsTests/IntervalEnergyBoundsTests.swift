import Foundation
import GridSettleCore
import GridSettleExamples
import Testing

@testable import GridSettleFormats

/// `gridsettle bill` reads interval files without a dataset, so its reader checks the same ranges the dataset
/// does, and the bill is refused before pricing when in-range energy on in-range rates could overflow.
@Suite("Interval energy CSV: ranges")
struct IntervalEnergyBoundsTests {
    func messages(_ body: String) -> [String]? {
        do {
            _ = try IntervalEnergyCSV.read(bytes: Array(("interval_start,kwh\n" + body).utf8), file: "load.csv", channel: .netImport)
            return nil
        } catch {
            return error.issues.map(\.description)
        }
    }

    @Test("a reading beyond 1 GW for an hour is refused at its line (before: read, and priced until the bill trapped)")
    func hugeReading() throws {
        let m = try #require(messages("2018-01-01T00:00:00Z,1\n2018-01-01T01:00:00Z,9223372036854\n2018-01-01T02:00:00Z,3\n2018-01-01T03:00:00Z,4\n"))
        #expect(m.count == 1, "\(m)")
        #expect(m[0].contains("load.csv:3:2") && m[0].contains("9223372036854") && m[0].contains("1000000"))
        // the edge of the range still reads, exactly
        #expect(messages("2018-01-01T00:00:00Z,1000000\n2018-01-01T01:00:00Z,-1000000\n") == nil)
    }

    @Test("a row decades after the first is refused (before: a series of billions of intervals was allocated)")
    func hugeSpan() throws {
        let m = try #require(messages("2018-01-01T00:00:00Z,1\n2018-01-01T01:00:00Z,2\n2099-01-01T00:00:00Z,3\n"))
        #expect(m.count == 1)
        #expect(m[0].contains("load.csv:4:1") && m[0].contains("2099-01-01T00:00:00Z") && m[0].contains("ten years"))
    }

    @Test("the bill bound over interval series: a month of 1 GW on the largest URDB rate is over the limit, the demo tariff on it is not")
    func billBound() throws {
        let grid = IntervalGrid(start: Instant(secondsSinceEpoch: 1_514_764_800), seconds: 3_600, count: 744)
        var gigawatt = EnergySeries(missingOn: grid)
        for i in 0..<grid.count { gigawatt.microKWh[i] = DatasetRanges.microKWhPerHour }
        var tariff = try URDBReader.read(data: Array(ExampleTariffs.sceTOU8JSON.utf8), file: "t.json",
                                         reference: TariffReference(urdbFile: "t.json")).tariff
        #expect(BillMagnitude.bound(tariff: tariff, series: [gigawatt]) <= BillMagnitude.limitMicros)
        // $1,000,000/kWh (the URDB reader's limit) on 744 GWh is 7.4 × 10²⁰ µ$: past Int64
        tariff.energy.periods[0][0].price = 1_000_000 * 1_000_000
        #expect(BillMagnitude.bound(tariff: tariff, series: [gigawatt]) > BillMagnitude.limitMicros)
    }
}
