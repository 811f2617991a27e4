/// One interval's part of a CAISO charge code, exact: what a drill-down lists under the code's line.
///
/// `quantity` is in the code's unit (``ChargeCodeResult/quantityUnit``) and `numerator / denominator` of the
/// code is the interval's amount in µ$; the code's amount is the numerators added up and rounded once.
public struct ChargeCodeInterval: Sendable, Hashable {
    public var start: Instant
    public var seconds: Int64
    public var quantity: Int128
    public var numerator: Int128
    /// The price the interval was settled at: µ$/MWh for energy, µ$/MW for capacity and mileage.
    public var price: Int64

    public init(start: Instant, seconds: Int64, quantity: Int128, numerator: Int128, price: Int64) {
        self.start = start
        self.seconds = seconds
        self.quantity = quantity
        self.numerator = numerator
        self.price = price
    }
}
