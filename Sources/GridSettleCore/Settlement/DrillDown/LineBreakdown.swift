/// A statement line taken apart into the intervals that make it up (issue: drill-down), or the reason it
/// cannot be.
///
/// Whatever the basis, a breakdown with intervals adds up exactly: Σ quantity = the line's quantity and
/// Σ amount = the line's exact amount, µ$ for µ$ (``LineBreakdowns`` refuses a breakdown that does not).
public struct LineBreakdown: Sendable, Hashable {
    public enum Basis: String, Sendable, Hashable, CaseIterable {
        /// Each interval's own quantity at its own price (CAISO charge codes: quantity × LMP per interval).
        case intervalPrices = "interval-prices"
        /// One price for every interval of the line (a TOU energy line): each interval's billed quantity at it.
        case linePrice = "line-price"
        /// Adjusted minus as metered, interval by interval (a retail adjustment's `ADJ-` energy line).
        case adjustment = "adjustment"
        /// No intervals: the line is not a sum over intervals (a fixed charge, a demand peak, a tier of a
        /// period's total, a line made of other lines), or not one this version takes apart. ``explanation`` says which.
        case notBrokenDown = "not-broken-down"
    }

    public var basis: Basis
    /// In time order.
    public var intervals: [LineInterval]
    /// How the intervals' figures were derived, or why there are none.
    public var explanation: String
    /// The unit of the intervals' prices: `$/` and the line's unit, unless the price is quoted in another (a
    /// demand-response event in kWh is paid at an LMP in $/MWh).
    public var priceUnit: String

    public init(basis: Basis, intervals: [LineInterval], explanation: String, priceUnit: String) {
        self.basis = basis
        self.intervals = intervals
        self.explanation = explanation
        self.priceUnit = priceUnit
    }

    /// Σ quantity and Σ amount of the intervals, for the sum row every rendering shows: the line's own quantity
    /// and exact amount, since ``LineBreakdowns`` refuses a breakdown that would not add up to them. The adds
    /// wrap: the whole sum fits 64 bits, so a partial sum of mixed signs that passes the bound comes back.
    public var sums: (quantityMicro: Int64, amount: Money) {
        var quantity: Int64 = 0
        var micros: Int64 = 0
        for i in intervals {
            quantity &+= i.quantityMicro
            micros &+= i.amount.micros
        }
        return (quantity, Money(micros: micros))
    }

    static func none(_ why: String) -> LineBreakdown { LineBreakdown(basis: .notBrokenDown, intervals: [], explanation: why, priceUnit: "") }
}
