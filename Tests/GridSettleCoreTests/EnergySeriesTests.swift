import GridSettleCore
import Testing

private let t0 = Instant(utc: LocalDate(year: 2016, month: 3, day: 1), hour: 8)

@Suite("IntervalGrid")
struct EnergySeriesIntervalGridTests {
    let grid = IntervalGrid(start: t0, seconds: 900, count: 96)

    @Test("end, startOf and description")
    func basics() {
        #expect(grid.end.description == "2016-03-02T08:00:00Z")
        #expect(grid.startOf(0) == t0)
        #expect(grid.startOf(1).description == "2016-03-01T08:15:00Z")
        #expect(grid.startOf(95).description == "2016-03-02T07:45:00Z")
        #expect(grid.description == "96×15min from 2016-03-01T08:00:00Z")
        #expect(IntervalGrid(start: t0, seconds: 900, count: 0).end == t0)
    }

    @Test("init(start:end:seconds:) counts whole intervals")
    func initFromBounds() {
        let g = IntervalGrid(start: t0, end: t0.adding(seconds: 86_400), seconds: 300)
        #expect(g.count == 288)
        #expect(g.end == t0.adding(seconds: 86_400))
        #expect(g == IntervalGrid(start: t0, seconds: 300, count: 288))
        #expect(IntervalGrid(start: t0, end: t0, seconds: 60).count == 0)
    }

    @Test("index(containing:)")
    func indexContaining() {
        #expect(grid.index(containing: t0) == 0)
        #expect(grid.index(containing: t0.adding(seconds: 899)) == 0)
        #expect(grid.index(containing: t0.adding(seconds: 900)) == 1)
        #expect(grid.index(containing: t0.adding(seconds: 901)) == 1)
        #expect(grid.index(containing: grid.end.adding(seconds: -1)) == 95)
        #expect(grid.index(containing: grid.end) == nil)
        #expect(grid.index(containing: grid.end.adding(seconds: 10_000)) == nil)
        #expect(grid.index(containing: t0.adding(seconds: -1)) == nil)
        #expect(grid.index(containing: t0.adding(seconds: -899)) == nil)  // truncation toward zero must not give 0
        #expect(grid.index(containing: t0.adding(seconds: -900)) == nil)
        #expect(IntervalGrid(start: t0, seconds: 900, count: 0).index(containing: t0) == nil)
        for i in 0..<grid.count {
            #expect(grid.index(containing: grid.startOf(i)) == i)
            #expect(grid.index(containing: grid.startOf(i).adding(seconds: 450)) == i)
        }
    }

    @Test("index(startingAt:) only on boundaries")
    func indexStartingAt() {
        #expect(grid.index(startingAt: t0) == 0)
        #expect(grid.index(startingAt: t0.adding(seconds: 900)) == 1)
        #expect(grid.index(startingAt: t0.adding(seconds: 901)) == nil)
        #expect(grid.index(startingAt: t0.adding(seconds: 899)) == nil)
        #expect(grid.index(startingAt: grid.startOf(95)) == 95)
        #expect(grid.index(startingAt: grid.end) == nil)
        #expect(grid.index(startingAt: t0.adding(seconds: -900)) == nil)
        #expect(grid.index(startingAt: t0.adding(seconds: -1)) == nil)
    }

    @Test("coarsened keeps the period")
    func coarsened() {
        let hourly = grid.coarsened(to: 3600)
        #expect(hourly.start == t0)
        #expect(hourly.seconds == 3600)
        #expect(hourly.count == 24)
        #expect(hourly.end == grid.end)
        #expect(grid.coarsened(to: 900) == grid)
        #expect(grid.coarsened(to: 1800).count == 48)
        #expect(grid.coarsened(to: 86_400).count == 1)
        let fiveMin = IntervalGrid(start: t0, seconds: 300, count: 12)
        #expect(fiveMin.coarsened(to: 900) == IntervalGrid(start: t0, seconds: 900, count: 4))
    }

    @Test("supported interval lengths divide an hour")
    func supported() {
        #expect(IntervalGrid.supportedSeconds == [60, 300, 900, 1800, 3600])
        #expect(IntervalGrid.supportedSeconds.allSatisfy { 3600 % $0 == 0 })
    }
}

@Suite("EnergySeries")
struct EnergySeriesTests {
    static let quarterHours = IntervalGrid(start: t0, seconds: 900, count: 8)

    @Test("a new series is all missing, not zero")
    func missingOn() {
        let s = EnergySeries(missingOn: Self.quarterHours)
        #expect(s.count == 8)
        #expect(s.missingCount == 8)
        #expect(s.worstQuality == .missing)
        #expect(s.total == 0)
        #expect(s.quality.allSatisfy { $0 == .missing })
        #expect(s.averageKW().allSatisfy { $0 == nil })
        let r = s.resampled(to: 3600)
        #expect(r.count == 2)
        #expect(r.missingCount == 2)
    }

    @Test("a complete series is actual")
    func complete() {
        let s = EnergySeries(grid: Self.quarterHours, microKWh: [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(s.missingCount == 0)
        #expect(s.worstQuality == .actual)
        #expect(s.total == 36)
        #expect(EnergySeries(missingOn: IntervalGrid(start: t0, seconds: 900, count: 0)).worstQuality == .actual)
    }

    @Test("total ignores missing intervals even if they carry a stale value")
    func totalSkipsMissing() {
        let s = EnergySeries(
            grid: IntervalGrid(start: t0, seconds: 900, count: 4),
            microKWh: [1_000, 2_000, 999_999, 4_000],
            quality: [.actual, .estimated, .missing, .edited])
        #expect(s.total == 7_000)
        #expect(s.missingCount == 1)
        #expect(s.worstQuality == .missing)
    }

    @Test("resampling sums energy and keeps the worst quality")
    func resampleSums() {
        let s = EnergySeries(
            grid: Self.quarterHours,
            microKWh: [100, 200, 300, 400, 1_000, -2_000, 3_000, 4_000],
            quality: [.actual, .actual, .actual, .actual, .actual, .edited, .estimated, .actual])
        let h = s.resampled(to: 3600)
        #expect(h.grid == IntervalGrid(start: t0, seconds: 3600, count: 2))
        #expect(Array(h.microKWh) == [1_000, 6_000])
        #expect(Array(h.quality) == [.actual, .estimated])
        #expect(h.total == s.total)
        let half = s.resampled(to: 1800)
        #expect(Array(half.microKWh) == [300, 700, -1_000, 7_000])
        #expect(Array(half.quality) == [.actual, .actual, .edited, .estimated])
    }

    @Test("a coarse interval with any missing part is missing, with no partial sum")
    func resampleMissing() {
        var q = ContiguousArray<DataQuality>(repeating: .actual, count: 8)
        q[5] = .missing
        q[1] = .estimated
        let s = EnergySeries(grid: Self.quarterHours, microKWh: [10, 20, 30, 40, 50, 0, 70, 80], quality: q)
        let h = s.resampled(to: 3600)
        #expect(Array(h.quality) == [.estimated, .missing])
        #expect(h.microKWh[0] == 100)
        #expect(h.microKWh[1] == 0)  // not 200: nothing is zero-filled into a partial sum
        #expect(h.missingCount == 1)
        #expect(h.total == 100)
        #expect(h.averageKW()[1] == nil)
        #expect(h.averageKW()[0] == 0.0001)
    }

    @Test("resampling 5-minute data to hourly over a day")
    func resampleDay() {
        let g = IntervalGrid(start: t0, seconds: 300, count: 288)
        let e = ContiguousArray<Int64>((0..<288).map { Int64($0) * 1_000 })
        var q = ContiguousArray<DataQuality>(repeating: .actual, count: 288)
        q[12 * 7 + 11] = .missing  // last 5 minutes of hour 7
        q[12 * 3] = .edited  // first 5 minutes of hour 3
        let h = EnergySeries(grid: g, microKWh: e, quality: q).resampled(to: 3600)
        #expect(h.count == 24)
        for hour in 0..<24 {
            let expected = (0..<12).reduce(Int64(0)) { $0 + Int64(hour * 12 + $1) * 1_000 }
            if hour == 7 {
                #expect(h.quality[hour] == .missing)
                #expect(h.microKWh[hour] == 0)
            } else {
                #expect(h.microKWh[hour] == expected, "hour \(hour)")
                #expect(h.quality[hour] == (hour == 3 ? .edited : .actual), "hour \(hour)")
            }
        }
        #expect(h.missingCount == 1)
    }

    @Test("resampling to the same length returns the series unchanged")
    func resampleIdentity() {
        let s = EnergySeries(grid: Self.quarterHours, microKWh: [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(s.resampled(to: 900) == s)
    }

    @Test("averageKW converts interval energy to power")
    func averageKW() {
        let s = EnergySeries(
            grid: IntervalGrid(start: t0, seconds: 900, count: 3),
            microKWh: [1_000_000, -500_000, 0],
            quality: [.actual, .estimated, .missing])
        #expect(s.averageKW() == [4.0, -2.0, nil])
    }

    @Test("meter channels resample both registers, never netted")
    func channels() {
        let delivered = EnergySeries(grid: Self.quarterHours, microKWh: [1, 1, 1, 1, 2, 2, 2, 2])
        var q = ContiguousArray<DataQuality>(repeating: .actual, count: 8)
        q[0] = .missing
        let received = EnergySeries(grid: Self.quarterHours, microKWh: [0, 5, 5, 5, 3, 3, 3, 3], quality: q)
        let m = MeterChannels(delivered: delivered, received: received)
        #expect(m.grid == Self.quarterHours)
        let h = m.resampled(to: 3600)
        #expect(Array(h.delivered.microKWh) == [4, 8])
        #expect(Array(h.received.microKWh) == [0, 12])
        #expect(Array(h.received.quality) == [.missing, .actual])
        #expect(Array(h.delivered.quality) == [.actual, .actual])
        #expect(h.grid.seconds == 3600)
    }

    @Test("data quality order and codes")
    func qualityOrder() {
        #expect(DataQuality.actual < .edited && DataQuality.edited < .estimated && DataQuality.estimated < .missing)
        #expect(DataQuality.allCases.map(\.code) == ["A", "E", "S", "M"])
        #expect(DataQuality(code: "") == .actual)
        #expect(DataQuality(code: "S") == .estimated)
        #expect(DataQuality(code: "X") == nil)
    }
}
