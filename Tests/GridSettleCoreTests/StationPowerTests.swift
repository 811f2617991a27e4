import GridSettleCore
import Testing

/// Station power at retail with SCE's 15-minute self-supply netting (F3.4, F3.5).
@Suite("Station power")
struct StationPowerTests {
    func channels(seconds: Int64, delivered: [Double], received: [Double]) -> MeterChannels {
        let g = IntervalGrid(start: LedgerFixtures.t0, seconds: seconds, count: delivered.count)
        return MeterChannels(
            delivered: EnergySeries(grid: g, microKWh: ContiguousArray(delivered.map(Units.microKWh))),
            received: EnergySeries(grid: g, microKWh: ContiguousArray(received.map(Units.microKWh))))
    }

    @Test("netting within each 15 minutes, never across: SP 4/4/4/4, generation 0/2.5/6/0 → retail 4/1.5/0/4")
    func fifteenMinuteNetting() {
        let sp = channels(seconds: 900, delivered: [4, 4, 4, 4], received: [0, 0, 0, 0])
        let pv = channels(seconds: 900, delivered: [0, 0, 0, 0], received: [0, 2.5, 6, 0])
        let r = StationPower.settle(stationPower: sp, generation: pv, netting: .fifteenMinute)
        #expect(Array(r.retail) == [4_000_000, 1_500_000, 0, 4_000_000])
        #expect(Array(r.selfSupplied) == [0, 2_500_000, 4_000_000, 0])
        #expect(r.retail.reduce(0, +) == 9_500_000)
    }

    @Test("without the netting policy all station power is retail")
    func noNetting() {
        let sp = channels(seconds: 900, delivered: [4, 4], received: [0, 0])
        let pv = channels(seconds: 900, delivered: [0, 0], received: [5, 5])
        let r = StationPower.settle(stationPower: sp, generation: pv, netting: .none)
        #expect(r.retail.reduce(0, +) == 8_000_000 && r.selfSupplied.reduce(0, +) == 0)
    }

    @Test("5-minute data is summed to 15 minutes before netting")
    func fiveMinute() {
        let sp = channels(seconds: 300, delivered: [1, 1, 1, 1, 1, 1], received: Array(repeating: 0, count: 6))
        let pv = channels(seconds: 300, delivered: Array(repeating: 0, count: 6), received: [3, 0, 0, 0, 0, 0])
        let r = StationPower.settle(stationPower: sp, generation: pv, netting: .fifteenMinute)
        #expect(r.grid.seconds == 900)
        #expect(Array(r.retail) == [0, 3_000_000])
    }
}
