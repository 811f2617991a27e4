/// Integer division with one named rounding rule, used everywhere a fixed-point value is scaled down.
///
/// Settlement amounts are computed in exact integers and rounded once, at the statement line. Half away
/// from zero is the rule utilities and ISOs print on bills; it is symmetric, so a charge and the matching
/// credit round to the same magnitude.
public enum Rounding {
    /// Divides `numerator` by a positive `denominator`, rounding half away from zero.
    @inlinable
    public static func divideHalfAwayFromZero(_ numerator: Int128, by denominator: Int128) -> Int128 {
        precondition(denominator > 0, "denominator must be positive")
        let (q, r) = numerator.quotientAndRemainder(dividingBy: denominator)
        if r == 0 { return q }
        // |2r| >= d  -> round away from zero
        let twiceR = r.magnitude * 2
        if twiceR >= denominator.magnitude { return numerator < 0 ? q - 1 : q + 1 }
        return q
    }

    /// Divides by a nonzero `denominator` of either sign, rounding half away from zero: a mean price over a
    /// quantity that may be negative (a net performance, a net charge code). The rule is symmetric, so the sign
    /// moves to the numerator and the result is the exact quotient rounded as if the division were positive.
    @inlinable
    public static func divideHalfAwayFromZero(_ numerator: Int128, bySigned denominator: Int128) -> Int128 {
        precondition(denominator != 0, "denominator must not be zero")
        return denominator < 0 ? divideHalfAwayFromZero(-numerator, by: -denominator) : divideHalfAwayFromZero(numerator, by: denominator)
    }

    /// Checked conversion back to Int64; an overflow here is a bug in the data or the engine, so it traps.
    @inlinable
    public static func int64(_ value: Int128) -> Int64 {
        guard let v = Int64(exactly: value) else { preconditionFailure("fixed-point value out of Int64 range") }
        return v
    }
}
