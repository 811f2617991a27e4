import GridSettleCore
import Testing

@testable import GridSettleReports

@Suite("Report primitives")
struct ReportPrimitivesTests {
    @Test func escapesTheFiveSpecialCharacters() {
        #expect(HTML.escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;")
        #expect(HTML.escape("plain kWh – µ$") == "plain kWh – µ$")
    }

    @Test func coordinatesHaveOneDecimalAtMost() {
        #expect(SVGCanvas.n(12) == "12")
        #expect(SVGCanvas.n(12.04) == "12")
        #expect(SVGCanvas.n(12.05) == "12.1")
        #expect(SVGCanvas.n(-0.3) == "-0.3")
        #expect(SVGCanvas.n(-3.25) == "-3.3")
        #expect(SVGCanvas.n(.nan) == "0")
    }

    @Test func niceTicksCoverTheRange() {
        let t = NiceTicks(lo: -137, hi: 512, target: 5)
        #expect(t.lo <= -137 && t.hi >= 512)
        #expect(t.step == 200)
        #expect(t.values.map(t.label) == ["-200", "0", "200", "400", "600"])
        let small = NiceTicks(lo: 0, hi: 0.9, target: 4)
        #expect(small.step == 0.25)
        #expect(small.values.map(small.label) == ["0.00", "0.25", "0.50", "0.75", "1.00"])
        let flat = NiceTicks(lo: 0, hi: 0)
        #expect(flat.lo < 0 && flat.hi > 0)
    }

    @Test func formatsAmountsAndTimes() {
        #expect(ReportFormat.dollars(Money(cents: -1234)) == "−$12.34")
        #expect(ReportFormat.signedDollars(Money(cents: 5)) == "+$0.05")
        #expect(ReportFormat.unitPrice(115_000, unit: "$/kWh") == "0.115 $/kWh")
        #expect(ReportFormat.unitPrice(16_000_000, unit: "$/kW") == "16.00 $/kW")
        #expect(ReportFormat.count(8928) == "8,928")
        #expect(ReportFormat.percent(1, of: 3) == "33.3 %")
        #expect(ReportFormat.percent(8651, of: 8652) == "99.9 %")
        #expect(ReportFormat.percent(8652, of: 8652) == "100.0 %")
        #expect(ReportFormat.percent(1, of: 100_000) == "0.1 %")
        let zone = MarketTimeZone.losAngeles
        let start = zone.startOfDay(LocalDate(year: 2016, month: 11, day: 6)).adding(seconds: 3600)  // first 01:00 (PDT)
        #expect(ReportFormat.stamp(start, zone) == "2016-11-06 01:00 PDT")
        #expect(ReportFormat.stamp(start.adding(seconds: 3600), zone) == "2016-11-06 01:00 PST")
        let run = IntervalRun(start: zone.startOfDay(LocalDate(year: 2016, month: 11, day: 2)).adding(seconds: 10 * 3600), seconds: 300, count: 24)
        #expect(ReportFormat.runRange(run, zone) == "2016-11-02 10:00–12:00 PDT")
        #expect(ReportFormat.quantity(1_000_000, unit: "month") == "1 month")
        #expect(ReportFormat.quantity(12_345_678, unit: "kWh") == "12.346 kWh")
    }

    @Test func envelopeNeverDrawsInAGap() {
        let grid = IntervalGrid(start: Instant(secondsSinceEpoch: 0), seconds: 300, count: 10)
        let values: [Double?] = [1, 2, nil, nil, 5, nil, 7, 8, 9, 10]
        let axis = TimeAxis(
            start: grid.start, end: grid.end, period: SettlementPeriod(start: LocalDate(year: 1970, month: 1, day: 1), end: LocalDate(year: 1970, month: 1, day: 2)),
            zone: .utc, x0: 0, x1: 100)
        let y = LinearScale(domain: (0, 10), range: (100, 0))
        let segs = Downsample.envelope(IntervalValues(grid: grid, values: values), axis: axis, y: y)
        #expect(segs.count == 3)
        // the lone interval 4 is drawn across its own width [40, 50]
        #expect(segs[1] == [ChartPoint(x: 40, y: 50), ChartPoint(x: 50, y: 50)])
        for s in segs { for p in s { #expect(!(p.x > 20 && p.x < 40) && !(p.x > 50 && p.x < 60)) } }
    }

    @Test func envelopeKeepsMinAndMaxPerColumn() {
        // 100 intervals on 10 pixels: 10 per column, one spike
        let grid = IntervalGrid(start: Instant(secondsSinceEpoch: 0), seconds: 60, count: 100)
        var values = [Double?](repeating: 1, count: 100)
        values[55] = 9
        let axis = TimeAxis(
            start: grid.start, end: grid.end, period: SettlementPeriod(start: LocalDate(year: 1970, month: 1, day: 1), end: LocalDate(year: 1970, month: 1, day: 2)),
            zone: .utc, x0: 0, x1: 10)
        let segs = Downsample.envelope(IntervalValues(grid: grid, values: values), axis: axis, y: LinearScale(domain: (0, 10), range: (0, 10)))
        #expect(segs.count == 1)
        #expect(segs[0].count == 11)
        #expect(segs[0].contains(ChartPoint(x: 5.5, y: 9)))
    }

    @Test func wrapsLabels() {
        #expect(SVGCanvas.wrap("Energy, Mid-Peak period", width: 10, maxLines: 3) == ["Energy,", "Mid-Peak", "period"])
        #expect(SVGCanvas.wrap("one two three four", width: 8, maxLines: 2) == ["one two", "three…"])
    }
}
