/// One statement line compared between two runs of the same resource and period (matched by section and
/// code); nil on the side where the line does not exist.
public struct LineDifference: Sendable, Hashable {
    public var section: String
    public var code: String
    public var unit: String
    public var oldQuantityMicro: Int64?
    public var newQuantityMicro: Int64?
    public var oldCents: Int64?
    public var newCents: Int64?

    public var quantityChangeMicro: Int64 { (newQuantityMicro ?? 0) - (oldQuantityMicro ?? 0) }
    public var centsChange: Int64 { (newCents ?? 0) - (oldCents ?? 0) }
    public var changed: Bool { oldQuantityMicro != newQuantityMicro || oldCents != newCents }

    /// One run's line as the comparison reads it.
    struct Side {
        var section, code, unit: String
        var quantityMicro, cents: Int64
    }

    /// Every line of either run, in the newer run's order and then the lines only the older run has.
    static func compare(old: [Side], new: [Side]) -> [LineDifference] {
        var oldByKey: [String: Side] = [:]
        for l in old { oldByKey[l.section + "|" + l.code] = l }
        var out: [LineDifference] = []
        var seen = Set<String>()
        for l in new {
            let key = l.section + "|" + l.code
            seen.insert(key)
            let o = oldByKey[key]
            out.append(LineDifference(section: l.section, code: l.code, unit: l.unit, oldQuantityMicro: o?.quantityMicro, newQuantityMicro: l.quantityMicro, oldCents: o?.cents, newCents: l.cents))
        }
        for l in old where !seen.contains(l.section + "|" + l.code) {
            out.append(LineDifference(section: l.section, code: l.code, unit: l.unit, oldQuantityMicro: l.quantityMicro, newQuantityMicro: nil, oldCents: l.cents, newCents: nil))
        }
        return out
    }
}
