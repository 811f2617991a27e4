import GridSettleCore

/// How the pages write figures: money from the stored cents (never re-rounded from floating point),
/// quantities from the stored micro-units with every significant digit kept, so a change of one µkWh on
/// the difference page is still visible.
enum PageFormat {
    /// Cents as dollars with two decimals and thousands separators: "$1,234.50", "-$12.00".
    static func dollars(cents: Int64) -> String {
        let plain = FixedPointFormat.decimal(cents, scale: 2, fractionDigits: 2)
        let negative = plain.hasPrefix("-")
        return (negative ? "-$" : "$") + grouped(negative ? String(plain.dropFirst()) : plain)
    }

    /// A change in cents with its sign: "+$12.00", "-$3.10", "$0.00".
    static func signedDollars(cents: Int64) -> String { (cents > 0 ? "+" : "") + dollars(cents: cents) }

    /// µ$ (a check's valued amount) rounded once to the cent, half away from zero, as the statement does.
    static func dollars(micros: Int64) -> String {
        dollars(cents: Int64(Rounding.divideHalfAwayFromZero(Int128(micros), by: 10_000)))
    }

    /// A µ-unit quantity with at least three decimals and no trailing zeros beyond them: "12.345", "0.000001".
    static func quantity(micro: Int64) -> String {
        var s = FixedPointFormat.decimal(micro, scale: 6, fractionDigits: 6)
        while s.hasSuffix("0"), let dot = s.firstIndex(of: "."), s.distance(from: dot, to: s.endIndex) > 4 { s.removeLast() }
        let negative = s.hasPrefix("-")
        return (negative ? "-" : "") + grouped(negative ? String(s.dropFirst()) : s)
    }

    /// A quantity change with its sign.
    static func signedQuantity(micro: Int64) -> String { (micro > 0 ? "+" : "") + quantity(micro: micro) }

    /// A count with thousands separators ("8,928").
    static func count(_ n: Int) -> String {
        n < 0 ? "-" + grouped(String(n.magnitude)) : grouped(String(n))
    }

    /// Thousands separators in the whole part of an unsigned decimal string.
    static func grouped(_ unsigned: String) -> String {
        let whole = unsigned.prefix { $0 != "." }
        let rest = unsigned.dropFirst(whole.count)
        var out = ""
        for (i, ch) in whole.enumerated() {
            if i > 0 && (whole.count - i) % 3 == 0 { out += "," }
            out.append(ch)
        }
        return out + rest
    }

    /// The human title of a stored section name; the name itself for one this build does not know.
    static func sectionTitle(_ section: String) -> String {
        StatementSection(rawValue: section)?.title ?? section
    }

    /// Stored section names in statement order (the engine's order), unknown ones after in first-seen order.
    static func orderedSections(_ names: [String]) -> [String] {
        var seen = Set<String>()
        let unique = names.filter { seen.insert($0).inserted }
        let known = StatementSection.allCases.map(\.rawValue).filter(seen.contains)
        return known + unique.filter { StatementSection(rawValue: $0) == nil }
    }
}
