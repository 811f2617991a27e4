import GridSettleCore

/// A line's intervals as CSV (`gridsettle drill`): one row per interval, exact figures, so that a spreadsheet's
/// `SUM` of `quantity` and of `amount` gives the line's quantity and exact amount.
///
/// Columns: `interval_start,interval_end` (UTC, `end` exclusive), `quantity` (the line's unit, six decimals),
/// `unit`, `price` (six decimals, empty where the interval has none), `price_unit` (`$/MWh` for a demand-response event in kWh, else `$/` and the line's unit), `amount` ($, six decimals).
public enum LineBreakdownCSV {
    public static let columns = ["interval_start", "interval_end", "quantity", "unit", "price", "price_unit", "amount"]

    public static func bytes(_ b: LineBreakdown, line: StatementLine) -> [UInt8] {
        var w = CSVWriter(columns: columns, reservingCapacity: 64 * (b.intervals.count + 1))
        for i in b.intervals {
            w.field(i.start.description)
            w.field(i.end.description)
            w.field(FixedPointFormat.decimal(i.quantityMicro, scale: 6, fractionDigits: 6))
            w.field(line.unit)
            w.field(i.priceMicro.map { FixedPointFormat.decimal($0, scale: 6, fractionDigits: 6) } ?? "")
            w.field(i.priceMicro == nil ? "" : b.priceUnit)
            w.field(i.amount.exactDescription)
            w.endRow()
        }
        return w.bytes
    }
}
