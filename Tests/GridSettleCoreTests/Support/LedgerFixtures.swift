import GridSettleCore

/// Small hand-made inputs for ledger tests.
enum LedgerFixtures {
    static let t0 = Instant(utc: LocalDate(year: 2016, month: 3, day: 1), hour: 8)

    /// A storage meter on `seconds`-long intervals from `t0` with the given kWh per interval.
    static func storage(seconds: Int64, deliveredKWh: [Double], receivedKWh: [Double]) -> MeterChannels {
        let g = IntervalGrid(start: t0, seconds: seconds, count: deliveredKWh.count)
        return MeterChannels(
            delivered: EnergySeries(grid: g, microKWh: ContiguousArray(deliveredKWh.map(Units.microKWh))),
            received: EnergySeries(grid: g, microKWh: ContiguousArray(receivedKWh.map(Units.microKWh))))
    }

    static func award(_ run: MarketRun, _ product: AwardProduct, start: Instant, seconds: Int64, mw: Double) -> Award {
        Award(run: run, product: product, start: start, seconds: seconds, microMW: Int64((mw * 1e6).rounded()), source: "test")
    }

    static func sum(_ v: ContiguousArray<Int64>) -> Int64 { v.reduce(0, +) }
}
