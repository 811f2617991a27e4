/// Station power on its own circuit (seed 001: "Station Aux … is metered by a utility meter and billed at
/// retail rates"): always retail (CPUC D.17-04-039, research F3.4). With the SCE self-supply netting
/// policy (Resolution E-4532, F3.5) station power is netted against on-site generation within each
/// 15-minute interval, never across intervals: `SP_retail_q = max(0, SP_q − Gen_q)`.
public enum StationPower {
    /// The statement line of the station power billed at retail (the drill-down finds it by this code).
    static let retailLineCode = "STATION-POWER-RETAIL"

    public struct Result: Sendable {
        /// 15-minute (or the meter's own, if coarser) grid.
        public var grid: IntervalGrid
        /// Station power billed at retail, µkWh per interval.
        public var retail: ContiguousArray<Int64>
        /// Station power self-supplied by on-site generation (netted away), µkWh per interval.
        public var selfSupplied: ContiguousArray<Int64>
        /// Intervals with missing data (not billed, statement provisional).
        public var missing: Int
    }

    public static func settle(
        stationPower: MeterChannels, generation: MeterChannels?, netting: SettlementPolicies.StationPowerNetting
    ) -> Result {
        let seconds = max(900, stationPower.grid.seconds)
        let sp = stationPower.delivered.resampled(to: seconds)
        let gen = netting == .fifteenMinute ? generation.map { $0.received.resampled(to: seconds) } : nil
        var retail = ContiguousArray<Int64>(repeating: 0, count: sp.count)
        var selfSupplied = ContiguousArray<Int64>(repeating: 0, count: sp.count)
        var missing = 0
        for q in 0..<sp.count {
            if sp.quality[q] == .missing { missing += 1; continue }
            var g: Int64 = 0
            if let gen {
                if gen.quality[q] == .missing { missing += 1 } else { g = gen.microKWh[q] }
            }
            retail[q] = max(0, sp.microKWh[q] - g)
            selfSupplied[q] = sp.microKWh[q] - retail[q]
        }
        return Result(grid: sp.grid, retail: retail, selfSupplied: selfSupplied, missing: missing)
    }
}
