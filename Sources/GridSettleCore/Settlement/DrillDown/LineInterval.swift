/// One interval's part of a statement line: what an analyst sees when they click from a total to the
/// intervals behind it (``LineBreakdown``).
public struct LineInterval: Sendable, Hashable {
    public var start: Instant
    public var seconds: Int64
    /// In the line's unit, µ-units (µkWh, µMWh …). The intervals' quantities add up to the line's quantity.
    public var quantityMicro: Int64
    /// µ$ per ``LineBreakdown/priceUnit`` at which the interval was settled (a CAISO interval's LMP, a TOU
    /// energy rate), nil where the line has no price.
    public var priceMicro: Int64?
    /// The interval's amount, µ$, within 1 µ$ of its exact value; the intervals' amounts add up to the line's
    /// exact amount (``ExactAllocation``).
    public var amount: Money

    public init(start: Instant, seconds: Int64, quantityMicro: Int64, priceMicro: Int64?, amount: Money) {
        self.start = start
        self.seconds = seconds
        self.quantityMicro = quantityMicro
        self.priceMicro = priceMicro
        self.amount = amount
    }

    public var end: Instant { start.adding(seconds: seconds) }
}
