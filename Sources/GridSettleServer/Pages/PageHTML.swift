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

/// An append-only page body: markup written as is (it must already be safe) and text always escaped, so a
/// page's code says at each call which of the two it means.
struct PageBuffer {
    private(set) var html = ""

    init() { html.reserveCapacity(1 << 14) }

    /// Appends markup as is.
    mutating func raw(_ s: String) { html += s }

    /// Appends escaped text.
    mutating func text(_ s: String) { html += PageHTML.escape(s) }

    /// `<tag class="cls">escaped text</tag>`.
    mutating func element(_ tag: String, _ cls: String? = nil, _ content: String) {
        html += "<\(tag)\(Self.classAttribute(cls))>\(PageHTML.escape(content))</\(tag)>"
    }

    static func classAttribute(_ cls: String?) -> String {
        guard let cls, !cls.isEmpty else { return "" }
        return " class=\"\(PageHTML.escape(cls))\""
    }
}

/// One table cell: escaped text or prepared markup, with an optional class (`num` right-aligns figures).
struct PageCell {
    var html: String
    var cls: String?

    static func text(_ s: String, _ cls: String? = nil) -> PageCell { PageCell(html: PageHTML.escape(s), cls: cls) }
    static func num(_ s: String, _ extra: String? = nil) -> PageCell { PageCell(html: PageHTML.escape(s), cls: extra.map { "num " + $0 } ?? "num") }
    static func markup(_ s: String, _ cls: String? = nil) -> PageCell { PageCell(html: s, cls: cls) }
    static let none = PageCell(html: "<span class=\"muted\">—</span>", cls: nil)
    static let noneNum = PageCell(html: "<span class=\"muted\">—</span>", cls: "num")
}

/// A data table with escaped headers; rows carry an optional class (e.g. a highlighted change).
struct PageTable {
    struct Column {
        var title: String
        var numeric: Bool
        init(_ title: String, numeric: Bool = false) {
            self.title = title
            self.numeric = numeric
        }
    }

    var columns: [Column]
    var cls: String
    private(set) var rows: [(cells: [PageCell], cls: String?)] = []
    var footer: [PageCell] = []

    init(_ columns: [Column], cls: String = "data") {
        self.columns = columns
        self.cls = cls
    }

    mutating func add(_ cells: [PageCell], cls: String? = nil) { rows.append((cells, cls)) }

    var isEmpty: Bool { rows.isEmpty }

    func render() -> String {
        var s = "<div class=\"table-wrap\"><table\(PageBuffer.classAttribute(cls))><thead><tr>"
        for c in columns { s += "<th\(c.numeric ? " class=\"num\"" : "")>\(PageHTML.escape(c.title))</th>" }
        s += "</tr></thead><tbody>"
        for r in rows { s += "<tr\(PageBuffer.classAttribute(r.cls))>" + Self.cells(r.cells) + "</tr>" }
        s += "</tbody>"
        if !footer.isEmpty { s += "<tfoot><tr>" + Self.cells(footer) + "</tr></tfoot>" }
        return s + "</table></div>"
    }

    private static func cells(_ cells: [PageCell]) -> String {
        cells.map { "<td\(PageBuffer.classAttribute($0.cls))>\($0.html)</td>" }.joined()
    }
}
