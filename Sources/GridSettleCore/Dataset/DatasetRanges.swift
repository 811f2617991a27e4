/// The documented range of every number in a dataset (docs/dataset-format.md, "Ranges").
///
/// The readers check each number against these where it is parsed (file, line, field); the validator checks
/// the loaded ``Dataset`` again, before anything else, because `settle` also takes datasets built in memory.
/// The bounds are physical (a meter of at most 1 GW, a price at most five times the highest ISO offer cap)
/// and chosen so that every µ-unit sum and product the engine forms over one period (at most 366 days) stays
/// inside `Int64`: an input inside the ranges cannot make the engine trap.
public enum DatasetRanges {
    /// Interval lengths the engine settles (`IntervalGrid.supportedSeconds`), in minutes.
    public static let intervalMinutes: Set<Int> = [1, 5, 15, 30, 60]
    /// Meter ratings, site capacity, policy and demand kW thresholds: above 0, at most 1 GW.
    public static let powerKW: ClosedRange<Double> = 0...1_000_000
    /// Energy of one interval: at most 1 GW for the interval's length (µkWh per hour of interval).
    public static let microKWhPerHour: Int64 = 1_000_000_000_000
    /// Durations in minutes that are at most a day: `idleMinimumMinutes`, `demandWindowMinutes`.
    public static let minutesInDay: ClosedRange<Int> = 0...1_440
    /// VEE gap length in intervals: at most a day of 1-minute data.
    public static let gapIntervals: ClosedRange<Int> = 0...1_440
    /// Award MW: ±1 000 MW (1 GW) in µMW.
    public static let awardMicroMW: ClosedRange<Int64> = -1_000_000_000...1_000_000_000
    /// Prices ($/MWh, $/MW-h, $/MW): ±$10 000 in µ$, five times the highest offer cap (FERC Order 831's $2 000).
    public static let microPrice: ClosedRange<Int64> = -10_000_000_000...10_000_000_000
    /// Instructed mileage per 15 minutes: at most 10 000 MW in µMW.
    public static let mileageMicroMW: ClosedRange<Int64> = 0...10_000_000_000
    /// Energy driven on one trip: at most 10 000 kWh (ten times the largest vehicle battery) in µkWh.
    public static let tripMicroKWh: ClosedRange<Int64> = 0...10_000_000_000
    /// A supplied baseline's mean power: ±1 GW in µkW.
    public static let baselineMicroKW: ClosedRange<Int64> = -1_000_000_000_000...1_000_000_000_000
    /// AC round-trip efficiency: the inventory pools divide by it in millionths, so it must be well above 10⁻⁶;
    /// no storage worth settling returns less than 1 %.
    public static let roundTripEfficiency: ClosedRange<Double> = 0.01...1
    /// Energy in storage at the start of the period: at most 10 GWh.
    public static let inventoryKWh: ClosedRange<Double> = 0...10_000_000
    /// Vehicle fleet groups (reports only): counts, charger kW and battery kWh.
    public static let fleetCount: ClosedRange<Int> = 0...100_000
    public static let fleetBatteryKWh: ClosedRange<Double> = 0...100_000
    /// Policy schema versions.
    public static let policyVersion: ClosedRange<Int> = 1...1_000
    /// The settlement period: at most a leap year of days (the energy bounds above assume it).
    public static let maximumPeriodSeconds: Int64 = 366 * 86_400 + 3_600
    /// Years of the period's dates: wide enough for any real settlement, narrow enough for 64-bit day arithmetic.
    public static let periodYears: ClosedRange<Int> = 1_900...2_200

    /// The most energy one interval of `seconds` may hold, in µkWh; 0 for an unsupported length.
    public static func maximumMicroKWh(intervalSeconds seconds: Int64) -> Int64 {
        guard seconds > 0 && seconds <= 3_600 else { return 0 }
        return microKWhPerHour * seconds / 3_600
    }

    /// A finite `value` inside `range`.
    static func holds(_ range: ClosedRange<Double>, _ value: Double) -> Bool { value.isFinite && range.contains(value) }

    /// Text for a range in a message, e.g. "between 0 and 1000000".
    static func between<T: Comparable & CustomStringConvertible>(_ r: ClosedRange<T>) -> String { "between \(r.lowerBound) and \(r.upperBound)" }
}
