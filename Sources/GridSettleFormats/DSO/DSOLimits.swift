import GridSettleCore

/// The ranges the DSO dataset reader accepts (docs/dso-dataset.md, "Ranges and limits").
///
/// Each bound is far above any real DER or distribution system, and small enough that the sums the settlement
/// takes over members and intervals (Σ sizes for the GDFs, Σ energy × price) stay inside 64 bits. A value
/// outside is an error naming the file, line, column and value; nothing is clamped.
enum DSOLimits {
    /// One member's size, charge and discharge limits: at most 1 000 000 kW (1 GW).
    static let maximumMemberMicroKW: Int64 = 1_000_000 * 1_000_000
    /// One member's usable energy: at most 10 000 000 kWh (10 GWh).
    static let maximumMemberMicroKWh: Int64 = 10_000_000 * 1_000_000
    /// Energy of one member in one interval (readings, DA schedules, local-market orders): at most
    /// 1 000 000 kWh (1 000 MWh) either way.
    static let maximumIntervalMicroKWh: Int64 = 1_000_000 * 1_000_000
    /// An interface's energy in one interval (history) and its award: at most 10⁹ kWh, 10⁶ MW either way.
    static let maximumInterfaceMicro: Int64 = 1_000_000_000 * 1_000_000
    /// Prices, DLMPs, limit prices and the allocation fee: at most $1 000 000 per MWh either way.
    static let maximumPriceMicros: Int64 = 1_000_000 * 1_000_000
    /// `intervalMinutes` is read as 1 … 60 before it is turned into seconds.
    static let intervalMinutes: ClosedRange<Int> = 1...60
    /// The longest settlement period, in days: every member's readings are held on the period's grid, so a
    /// period of centuries would allocate billions of intervals per member. A year covers any settlement.
    static let maximumPeriodDays: Int64 = 366
    /// The longest span `interface_history.csv` may cover, in seconds: ten years of 366 days. The history is
    /// held on one grid from its first row to its last, so a stray row decades away must be an error, not an
    /// allocation of billions of intervals.
    static let maximumHistorySeconds: Int64 = 10 * 366 * 86_400

    /// A whole number of `limit`'s units (µ → units), for messages.
    static func shown(_ limit: Int64) -> String { String(limit / 1_000_000) }
}

extension FieldParser {
    /// A decimal with `scale` decimals within ±`limit` (0…`limit` when `nonNegative`); anything else is one
    /// issue at the field naming the range.
    func dsoDecimal(_ row: CSVTable.Row, _ col: String, scale: Int, limit: Int64, unit: String, nonNegative: Bool = false, what: String) -> Int64? {
        guard let v = decimal(row, col, scale: scale, nonNegative: nonNegative, what: what) else { return nil }
        guard v <= limit, v >= -limit else {
            let low = nonNegative ? "0" : "−\(DSOLimits.shown(limit))"
            fail(row, col, "\(what) from \(low) to \(DSOLimits.shown(limit)) \(unit)")
            return nil
        }
        return v
    }
}
