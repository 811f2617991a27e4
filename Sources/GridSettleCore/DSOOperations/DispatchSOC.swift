/// The state-of-charge model the dispatcher plans with, in exact integers.
///
/// A set-point `p` µkW held for `s` seconds moves `E = |p|·s/3600` µkWh through the member's meter.
/// - charging (`p < 0`): stored energy rises by `⌈E · η_c⌉`;
/// - discharging (`p > 0`): stored energy falls by `⌈E / η_d⌉`.
///
/// Both moves are rounded **up** to whole µkWh, the pessimistic side for the limit each one approaches: a
/// charging battery is never shown emptier than exact arithmetic says (so it is not over-filled), a
/// discharging one never fuller (so it is not over-drained). The error is below 1 µkWh (1 mWh) per interval.
///
/// The power limits implied by the energy window are the exact inverses of those moves, so a set-point
/// within them never takes the stored energy outside `[min, max]`:
/// - discharge: `⌈E / η_d⌉ ≤ soc − min`  ⇔  `p ≤ ⌊(soc − min) · 3600 · η_d / s⌋`;
/// - charge: `⌈E · η_c⌉ ≤ max − soc`  ⇔  `|p| ≤ ⌊(max − soc) · 3600 / (s · η_c)⌋` (η as fractions of 1).
/// Power is constant within an interval, so the stored energy moves linearly and checking the interval ends
/// checks the whole interval.
public enum DispatchSOC {
    static let ppm: Int128 = 1_000_000

    /// Stored energy after holding `setPoint` for `seconds` from `soc`.
    public static func next(soc: Int64, setPointMicroKW p: Int64, seconds s: Int64, efficiency eff: DispatchEfficiency) -> Int64 {
        if p == 0 { return soc }
        let moved = Int128(p.magnitude) * Int128(s)  // µkW·s = µkWh × 3600
        if p > 0 {
            // ⌈ |p|·s / 3600 / η_d ⌉ = ⌈ |p|·s·10⁶ / (3600·η_d) ⌉
            return soc - Rounding.int64(ceilDiv(moved * ppm, 3600 * Int128(eff.dischargePPM)))
        }
        return soc + Rounding.int64(ceilDiv(moved * Int128(eff.chargePPM), 3600 * ppm))
    }

    /// The largest discharge set-point (µkW) that keeps the stored energy at or above `minSOC`.
    public static func dischargeLimit(soc: Int64, minSOC: Int64, seconds s: Int64, efficiency eff: DispatchEfficiency) -> Int64 {
        let room = Int128(soc) - Int128(minSOC)
        guard room > 0 else { return 0 }
        return clamp(room * 3600 * Int128(eff.dischargePPM) / (Int128(s) * ppm))
    }

    /// The largest charge set-point magnitude (µkW) that keeps the stored energy at or below `maxSOC`.
    public static func chargeLimit(soc: Int64, maxSOC: Int64, seconds s: Int64, efficiency eff: DispatchEfficiency) -> Int64 {
        let room = Int128(maxSOC) - Int128(soc)
        guard room > 0 else { return 0 }
        return clamp(room * 3600 * ppm / (Int128(s) * Int128(eff.chargePPM)))
    }

    /// ⌈a / b⌉ for a ≥ 0, b > 0.
    static func ceilDiv(_ a: Int128, _ b: Int128) -> Int128 { (a + b - 1) / b }

    static func clamp(_ v: Int128) -> Int64 { v > Int128(Int64.max) ? Int64.max : Int64(v) }
}
