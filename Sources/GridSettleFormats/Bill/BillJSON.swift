import GridSettleCore

/// Retail bills as JSON for `gridsettle bill --format json`: an array with one object per month.
///
/// Amounts are strings with two decimals (the rounded line amounts, which add up to the total) plus the
/// exact µ$ amount with six; quantities and unit prices are decimal strings with six decimals. With
/// storage each month also has `withStorage` and `comparison` (change = with storage − without storage).
public enum BillJSON {
    public static func render(withoutStorage: [RetailBill], withStorage: [RetailBill]? = nil) -> String {
        value(withoutStorage: withoutStorage, withStorage: withStorage).serialized()
    }

    public static func value(withoutStorage: [RetailBill], withStorage: [RetailBill]? = nil) -> JSONValue {
        .array(withoutStorage.enumerated().map { k, base in
            var month: [(String, JSONValue)] = [
                ("month", .string(base.label)),
                ("start", .string(base.cycle.start.description)),
                ("lastDay", .string(base.cycle.lastDay.description)),
                ("days", .int(base.cycle.days)),
                ("bill", bill(base)),
            ]
            if let other = withStorage?[k] {
                month.append(("withStorage", bill(other)))
                month.append(("comparison", comparison(BillComparison(base: base, other: other))))
            }
            return .object(month)
        })
    }

    static func decimal(_ micro: Int64) -> JSONValue { .string(FixedPointFormat.decimal(micro, scale: 6, fractionDigits: 6)) }
    static func money(_ m: Money) -> JSONValue { .string(m.description) }
    static func optional(_ v: Int?) -> JSONValue { v.map { .int($0) } ?? .null }

    public static func bill(_ b: RetailBill) -> JSONValue {
        .object([
            ("lines", .array(b.lines.map { l in
                .object([
                    ("code", .string(l.code)), ("description", .string(l.description)), ("kind", .string(l.kind.rawValue)),
                    ("quantity", decimal(l.quantity)), ("quantityUnit", .string(l.quantityUnit)),
                    ("unitPrice", decimal(l.unitPrice)), ("priceUnit", .string(l.priceUnit)),
                    ("amount", money(l.amount)), ("amountExact", .string(Money(micros: l.amountMicros).exactDescription)),
                    ("rule", .string(l.rule)), ("period", optional(l.period)), ("tier", optional(l.tier)),
                ])
            })),
            ("total", money(b.total)),
            ("missingIntervals", .int(b.missingIntervals)),
            ("estimatedIntervals", .int(b.estimatedIntervals)),
            ("uncreditedExportKWh", decimal(b.uncreditedExportMicroKWh)),
            ("notes", .array(b.notes.map { .string($0) })),
        ])
    }

    public static func comparison(_ c: BillComparison) -> JSONValue {
        .object([
            ("lines", .array(c.lines.map { l in
                .object([
                    ("code", .string(l.code)), ("description", .string(l.description)), ("quantityUnit", .string(l.quantityUnit)),
                    ("changed", .bool(l.quantityChange != 0 || l.amountChange != .zero)),
                    ("quantityWithoutStorage", l.baseQuantity.map(decimal) ?? .null),
                    ("quantityWithStorage", l.otherQuantity.map(decimal) ?? .null),
                    ("quantityChange", decimal(l.quantityChange)),
                    ("amountWithoutStorage", money(l.baseAmount)), ("amountWithStorage", money(l.otherAmount)),
                    ("amountChange", money(l.amountChange)),
                ])
            })),
            ("totalWithoutStorage", money(c.base.total)),
            ("totalWithStorage", money(c.other.total)),
            ("totalChange", money(c.totalChange)),
            ("savings", money(-c.totalChange)),
        ])
    }
}
