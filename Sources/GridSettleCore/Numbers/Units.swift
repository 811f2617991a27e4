/// Fixed-point scales used across the engine. Each quantity has one integer unit, named in its field.
///
/// | quantity | unit | why |
/// |---|---|---|
/// | energy | µkWh (10⁻⁶ kWh = 1 mWh) | meters report kWh with ≤ 6 decimals; exact sums |
/// | power | µkW | demand = window energy / window hours, exact for 5/15/30/60-min windows |
/// | market power | µMW | awards are MW with ≤ 6 decimals |
/// | price | µ$/MWh, µ$/kWh, µ$/kW, µ$/MW | ISO prices $/MWh; tariff rates $/kWh and $/kW |
/// | money | µ$ | rounded once, to cents, on the statement line |
public enum Units {
    public static let microPerUnit: Int64 = 1_000_000

    /// kWh → µkWh for literals in tests and configuration.
    public static func microKWh(_ kWh: Double) -> Int64 { Int64((kWh * 1e6).rounded()) }

    /// A threshold given as a `Double` (kW, kWh), in µ units, for comparisons only: beyond `Int64` (a value the
    /// range checks refuse, docs/dataset-format.md "Ranges") it is `Int64.max` or `.min`, which every µ quantity
    /// compares the same against, so a caller that skipped validation gets a meaningful answer, not a trap. NaN
    /// is `Int64.max` (no value exceeds an unknown limit; the validator names it).
    public static func microThreshold(_ value: Double) -> Int64 {
        let micro = (value * 1e6).rounded()
        if micro.isNaN { return .max }
        return micro >= 9.2e18 ? .max : micro <= -9.2e18 ? .min : Int64(micro)
    }

    /// µkWh → kWh as a `Double`, for charts and display only (never for money).
    public static func kWh(_ microKWh: Int64) -> Double { Double(microKWh) / 1e6 }

    /// Average power in µkW over an interval of `seconds`, from energy in µkWh. Exact when 3600 is a
    /// multiple of `seconds` (1, 5, 15, 30, 60 minutes); otherwise rounded half away from zero.
    /// 64-bit arithmetic when µkWh × 3600 cannot overflow (every real meter value); 128-bit otherwise. The
    /// bill engine calls this once per demand window, so it stays off Int128 division.
    @inlinable public static func averageMicroKW(microKWh: Int64, seconds: Int64) -> Int64 {
        if microKWh.magnitude < 1_000_000_000_000_000 {
            let n = microKWh * 3600
            let half = seconds / 2
            return n >= 0 ? (n + half) / seconds : -((-n + half) / seconds)
        }
        return Rounding.int64(Rounding.divideHalfAwayFromZero(Int128(microKWh) * 3600, by: Int128(seconds)))
    }

    /// Formats µkWh as kWh with up to six decimals, trailing zeros kept to `digits`.
    public static func formatKWh(_ microKWh: Int64, digits: Int = 3) -> String {
        FixedPointFormat.decimal(microKWh, scale: 6, fractionDigits: digits)
    }
}
