import GridSettleReports

/// Escaping and a small markup buffer for the `/ui` pages (the escaping is GridSettleReports' own): every
/// piece of text that comes from a request, a token or the store goes through ``PageHTML/escape(_:)`` — a site
/// name or a token name is data, never markup.
enum PageHTML {
    /// Escapes `& < > " '` (the report's escaping), so the text is safe as element content and inside a
    /// quoted attribute alike.
    static func escape(_ s: String) -> String { HTML.escape(s) }

    /// A query-string component: everything but unreserved characters percent-encoded, so a value placed in
    /// a link's `href` cannot end the parameter or the attribute.
    static func queryComponent(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            let c = Character(Unicode.Scalar(b))
            if c.isASCII && (c.isLetter || c.isNumber || "-._~/".contains(c)) {
                out.append(c)
            } else {
                let hex = String(b, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}

/// The pages build HTML with the report's own buffer, cells and tables (GridSettleReports), under the names
/// the page code uses.
typealias PageBuffer = HTMLBuffer
typealias PageCell = Cell
typealias PageTable = Table

extension HTMLBuffer {
    /// The markup written so far.
    var html: String { text }
    static func classAttribute(_ cls: String?) -> String { classAttr(cls) }
}

extension Cell {
    /// A right-aligned figure with one more class (e.g. a highlighted change).
    static func num(_ s: String, _ extra: String?) -> Cell { Cell(html: HTML.escape(s), cls: extra.map { "num " + $0 } ?? "num") }
    static var none: Cell { .empty }
    static var noneNum: Cell { .emptyNum }
}

extension Table {
    var isEmpty: Bool { rows.isEmpty }
}
