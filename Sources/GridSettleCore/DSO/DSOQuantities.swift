/// The fixed-point units of the DSO settlement (research settlement_rules.md §5, F5.1–F5.6) and the one
/// place where an exact amount becomes a statement line.
///
/// | quantity | unit | why |
/// |---|---|---|
/// | metered energy (`rec`, `del`, net injection) | µkWh `Int64` | the engine's meter unit (docs/rules.md) |
/// | DA schedules | µMW `Int64` per RT interval | ISO awards are MW (``Award/microMW``) |
/// | prices, DLMPs, fees | µ$/MWh `Int64` | ISO price unit |
/// | money lines | µ$ `Int64` (``Money``) | rounded once, half away from zero |
///
/// Metered µkWh and scheduled µMW·s are not commensurable in integers (1 µkWh = 3.6 µMW·s), so every
/// energy that meets a price is first converted to **nMW·s** (1 µkWh = 3600 nMW·s, 1 µMW·s = 1000 nMW·s),
/// the unit the CAISO charge codes already use. An amount is then the exact integer `nMW·s × µ$/MWh`,
/// whose unit is 1/(3.6·10¹²) µ$ (``DSOQuantities/amountDenominator``), held in `Int128` until a line is
/// produced.
public enum DSOQuantities {
    /// nMW·s per µkWh.
    public static let nanoMWSecondsPerMicroKWh: Int64 = 3600
    /// nMW·s per µMW·s.
    public static let nanoMWSecondsPerMicroMWSecond: Int64 = 1000
    /// `nMW·s × µ$/MWh` per µ$: 3600 s/h × 10⁹ nMW/MW.
    public static let amountDenominator: Int128 = 3_600_000_000_000

    /// Metered energy → nMW·s (exact).
    @inlinable public static func nanoMWSeconds(microKWh: Int64) -> Int128 {
        Int128(microKWh) * Int128(nanoMWSecondsPerMicroKWh)
    }

    /// A schedule of `microMW` held for `seconds` → nMW·s (exact).
    @inlinable public static func nanoMWSeconds(microMW: Int64, seconds: Int64) -> Int128 {
        Int128(microMW) * Int128(seconds) * Int128(nanoMWSecondsPerMicroMWSecond)
    }

    /// A DA schedule given as energy per interval (µMWh, i.e. MWh with six decimals) → the average µMW the
    /// settlement input takes: `µMWh × 3600 / seconds`. Nil when that is not a whole µMW (never for MWh with
    /// at most six decimals on 1-, 5-, 15-, 30- or 60-minute intervals).
    public static func microMW(microMWh: Int64, seconds: Int64) -> Int64? {
        precondition(seconds > 0)
        let n = Int128(microMWh) * 3600
        guard n % Int128(seconds) == 0 else { return nil }
        return Int64(exactly: n / Int128(seconds))
    }

    /// nMW·s → µkWh rounded half away from zero: for **display** of scheduled energy only; money never
    /// goes through it.
    public static func displayMicroKWh(nanoMWSeconds: Int128) -> Int64 {
        Rounding.int64(Rounding.divideHalfAwayFromZero(nanoMWSeconds, by: Int128(nanoMWSecondsPerMicroKWh)))
    }
}

/// Where a statement line is rounded. Each line is rounded **once**, from its exact amount, half away from
/// zero (``Rounding/divideHalfAwayFromZero(_:by:)``); totals are sums of rounded lines, and whatever the
/// rounding leaves over is booked in the DSO's rounding account (F5.3), never dropped.
public enum DSOLineRounding: String, Codable, Sendable, Hashable, CaseIterable {
    /// Lines in whole µ$ (the amount unit of ``Money``).
    case microDollar
    /// Lines in whole cents, what a printed statement shows (docs/rules.md "Units and rounding"). Default.
    case cent

    /// The line unit in µ$.
    public var microDollars: Int64 { self == .cent ? 10_000 : 1 }

    /// Rounds an exact amount (unit 1/``DSOQuantities/amountDenominator`` µ$) to a line.
    public func line(_ exact: Int128) -> Money {
        let unit = Int128(microDollars)
        let units = Rounding.divideHalfAwayFromZero(exact, by: DSOQuantities.amountDenominator * unit)
        return Money(micros: Rounding.int64(units * unit))
    }
}
