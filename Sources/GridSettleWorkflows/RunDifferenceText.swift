import GridSettleCore
import GridSettleFormats
import GridSettleStore

/// How a re-settlement differs from the run it replaces: a terminal summary and a CSV (``CSVWriter``; line
/// codes and units are text), line by line.
public enum RunDifferenceText {
    public static func csv(_ diff: [LineDifference]) -> String {
        var out = CSVWriter(columns: ["section", "code", "unit", "old_quantity", "new_quantity", "quantity_change", "old_amount", "new_amount", "amount_change"])
        func q(_ v: Int64?) -> String { v.map { FixedPointFormat.decimal($0, scale: 6, fractionDigits: 6) } ?? "" }
        func c(_ v: Int64?) -> String { v.map { FixedPointFormat.decimal($0, scale: 2, fractionDigits: 2) } ?? "" }
        for d in diff {
            out.row([d.section, d.code, d.unit, q(d.oldQuantityMicro), q(d.newQuantityMicro), q(d.quantityChangeMicro),
                     c(d.oldCents), c(d.newCents), c(d.centsChange)])
        }
        return out.text
    }

    public static func summary(_ diff: [LineDifference], previous: RunSummary, current: String, path: String?) -> String {
        var out = ["  version \(previous.version + 1) of this period: replaces run \(previous.id) (\(previous.status) → \(current)), which is kept; \(diff.count) line(s) changed\(path.map { ", written to \($0)" } ?? "")"]
        for d in diff.prefix(12) {
            let old = d.oldCents.map { FixedPointFormat.decimal($0, scale: 2, fractionDigits: 2) } ?? "—"
            let new = d.newCents.map { FixedPointFormat.decimal($0, scale: 2, fractionDigits: 2) } ?? "—"
            var line = "    \(d.section) \(d.code): \(old) → \(new) $"
            if d.oldQuantityMicro != d.newQuantityMicro {
                let q = { (v: Int64?) in v.map { FixedPointFormat.decimal($0, scale: 6, fractionDigits: 3) } ?? "—" }
                line += " (quantity \(q(d.oldQuantityMicro)) → \(q(d.newQuantityMicro)) \(d.unit))"
            }
            out.append(line)
        }
        if diff.count > 12 { out.append("    … \(diff.count - 12) more in the file") }
        return out.joined(separator: "\n")
    }
}
