/// One piece of a dispatch event as it was paid: short enough to lie in one baseline slot, one price interval and
/// one storage interval (``DemandResponseSettlement``). An event's performance line is its pieces added up, so a
/// drill-down (``LineBreakdowns``) lists them.
public struct DemandResponsePiece: Sendable, Hashable {
    public var start: Instant
    public var seconds: Int64
    /// The slot's paid performance, µkW (after the export rule and the negative-performance policy).
    public var microKW: Int64
    /// The LMP the piece was paid at, µ$/MWh (0 where the price was missing, as in the amount).
    public var priceMicro: Int64

    public init(start: Instant, seconds: Int64, microKW: Int64, priceMicro: Int64) {
        self.start = start
        self.seconds = seconds
        self.microKW = microKW
        self.priceMicro = priceMicro
    }

    /// µkW·s: the piece's energy; ÷ 3600 gives µkWh.
    public var energy: Int128 { Int128(microKW) * Int128(seconds) }
    /// µkW·s·µ$/MWh: the piece's amount; ÷ 3.6·10¹² gives µ$.
    public var money: Int128 { energy * Int128(priceMicro) }
}
