/// The difference between two bills of the same site and cycle, line by line: with and without storage,
/// before and after add-back, as metered and as adjusted.
///
/// Lines are matched by code. Each difference is `other − base`, in the quantity and in the rounded amount,
/// so the line differences add up exactly to the difference of the bill totals.
public struct BillComparison: Sendable, Hashable {
    public struct LineDifference: Sendable, Hashable {
        public var code: String
        public var description: String
        public var kind: BillLine.Kind
        public var quantityUnit: String
        /// µ-units; nil where the bill has no such line.
        public var baseQuantity: Int64?
        public var otherQuantity: Int64?
        public var baseAmount: Money
        public var otherAmount: Money

        public var quantityChange: Int64 { (otherQuantity ?? 0) - (baseQuantity ?? 0) }
        /// `other − base`, in cents-rounded money.
        public var amountChange: Money { otherAmount - baseAmount }
    }

    public var base: RetailBill
    public var other: RetailBill
    /// Every code in either bill, in the base bill's order then the other's new codes.
    public var lines: [LineDifference]

    public init(base: RetailBill, other: RetailBill) {
        self.base = base
        self.other = other
        var order: [String] = []
        var seen = Set<String>()
        for l in base.lines + other.lines where seen.insert(l.code).inserted { order.append(l.code) }
        lines = order.map { code in
            let b = base.line(code: code)
            let o = other.line(code: code)
            let template = b ?? o!
            return LineDifference(
                code: code, description: template.description, kind: template.kind, quantityUnit: template.quantityUnit,
                baseQuantity: b?.quantity, otherQuantity: o?.quantity, baseAmount: b?.amount ?? .zero, otherAmount: o?.amount ?? .zero)
        }
    }

    /// `other.total − base.total`; equals the sum of ``lines``' amount changes.
    public var totalChange: Money { other.total - base.total }

    /// Lines whose quantity or amount differ.
    public var changedLines: [LineDifference] { lines.filter { $0.quantityChange != 0 || $0.amountChange != .zero } }
}
