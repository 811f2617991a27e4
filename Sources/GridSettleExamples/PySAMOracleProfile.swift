import GridSettleCore

/// The load and battery profiles of the PySAM oracle (Tests/GridSettleFormatsTests/Fixtures/pysam/SOURCES.md),
/// in integer watts so Swift and Python build them bit for bit: one place for the oracle test and the
/// bill-year benchmark.
public enum PySAMOracleProfile {
    /// `name` is `load`, `load+battery`, `load-jul300` or `load-jul300+battery`; `stepsPerHour` 1 or 4.
    /// µkWh per step on 2018 (a Monday-start year) from 00:00 at UTC−8, the zone PySAM's hours stand for.
    public static func series(_ name: String, stepsPerHour s: Int) -> EnergySeries {
        let n = 8760 * s
        var e = ContiguousArray<Int64>(repeating: 0, count: n)
        for k in 0..<n {
            let hr = k / s, d = hr / 24, h = hr % 24, q = k % s
            var load = Int64(400_000 + 20_000 * ((7 * h + 11 * d) % 17) + (11 <= h && h < 18 ? 250_000 : 0))
            load += ((Int64(k) * 2_654_435_761 + Int64(977 * q)) % 1_000_003) % 40_000
            if name.hasPrefix("load-jul300") && 181 <= d && d < 212 { load += 300_000 }
            let battery: Int64 = h < 4 ? -150_000 : (16 <= h && h < 21 && d % 7 < 5 ? 200_000 : 0)
            let watts = name.hasSuffix("+battery") ? load - battery : load
            e[k] = watts * 1000 / Int64(s)  // W → µkW = W·1000; µkWh per step = µkW / steps per hour
        }
        let grid = IntervalGrid(start: Instant(utc: LocalDate(year: 2018, month: 1, day: 1), hour: 8), seconds: Int64(3600 / s), count: n)
        return EnergySeries(grid: grid, microKWh: e)
    }

    /// PySAM's zone: no DST, 1 January 2018 00:00 = 08:00 UTC.
    public static let zone = MarketTimeZone(identifier: "UTC-8 fixed", standardOffsetSeconds: -8 * 3600, observesDST: false)
}
