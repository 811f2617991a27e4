import GridSettleStore

/// A section's total as the statement defines it: the sum of its lines' amounts rounded to the cent (the
/// stored `amountCents`), so the page's totals equal the statement's and the report's to the cent.
struct SectionTotal: Sendable, Hashable {
    var section: String
    var cents: Int64
    var lineCount: Int

    var title: String { PageFormat.sectionTitle(section) }

    /// Totals of the given lines, in statement order.
    static func of(_ lines: [StoredLine]) -> [SectionTotal] {
        var cents: [String: Int64] = [:]
        var counts: [String: Int] = [:]
        for l in lines {
            cents[l.section, default: 0] += l.amountCents
            counts[l.section, default: 0] += 1
        }
        return PageFormat.orderedSections(lines.map(\.section)).map {
            SectionTotal(section: $0, cents: cents[$0] ?? 0, lineCount: counts[$0] ?? 0)
        }
    }
}
