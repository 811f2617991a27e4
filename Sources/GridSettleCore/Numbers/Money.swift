/// An amount of money in micro-dollars (10⁻⁶ $), fixed point.
///
/// `Foundation.Decimal` is about 640 times slower for sums on this platform, and `Double` sums depend on
/// the order of addition. Integer micro-dollars are exact and order-independent, so a statement total is
/// the same however the work was split. Positive means paid **to** the market participant or customer
/// is **charged** depending on the statement section; every line says which.
public struct Money: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var micros: Int64

    @inlinable public init(micros: Int64) { self.micros = micros }

    public static let zero = Money(micros: 0)

    /// Whole cents, e.g. `Money(cents: 12_345)` is $123.45.
    public init(cents: Int64) { self.micros = cents * 10_000 }

    /// The amount rounded to whole cents, half away from zero: what a statement line shows.
    public var roundedToCents: Money {
        Money(micros: Rounding.int64(Rounding.divideHalfAwayFromZero(Int128(micros), by: 10_000)) * 10_000)
    }

    /// Whole cents (after rounding).
    public var cents: Int64 { roundedToCents.micros / 10_000 }

    public static func + (a: Money, b: Money) -> Money { Money(micros: a.micros + b.micros) }
    public static func - (a: Money, b: Money) -> Money { Money(micros: a.micros - b.micros) }
    public static prefix func - (a: Money) -> Money { Money(micros: -a.micros) }
    public static func += (a: inout Money, b: Money) { a.micros += b.micros }
    public static func < (a: Money, b: Money) -> Bool { a.micros < b.micros }

    /// Dollars with exactly two decimals ("-1234.50"), after rounding to cents.
    public var description: String { FixedPointFormat.decimal(roundedToCents.micros, scale: 6, fractionDigits: 2) }

    /// Full precision, six decimals ("12.345678").
    public var exactDescription: String { FixedPointFormat.decimal(micros, scale: 6, fractionDigits: 6) }
}
