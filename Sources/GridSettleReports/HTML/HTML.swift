/// Minimal HTML building blocks: escaping and a string buffer. Every piece of text that comes from data
/// (site names, descriptions, notes, check details) goes through ``HTML/escape(_:)``.
public enum HTML {
    /// Escapes `& < > " '` so the text is safe both as element content and inside a quoted attribute.
    public static func escape(_ s: String) -> String {
        var needs = false
        for b in s.utf8 where b == 0x26 || b == 0x3C || b == 0x3E || b == 0x22 || b == 0x27 {
            needs = true
            break
        }
        guard needs else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}

/// An append-only HTML string (also the server's pages' buffer).
public struct HTMLBuffer: Sendable {
    public private(set) var text = ""

    public init() { text.reserveCapacity(1 << 16) }

    /// Appends markup as is (must already be safe).
    public mutating func raw(_ s: String) { text += s }

    /// Appends escaped text.
    public mutating func text(_ s: String) { text += HTML.escape(s) }

    /// `<tag class="cls">escaped text</tag>`.
    public mutating func element(_ tag: String, _ cls: String? = nil, _ content: String) {
        text += "<\(tag)\(HTMLBuffer.classAttr(cls))>\(HTML.escape(content))</\(tag)>"
    }

    public mutating func open(_ tag: String, _ cls: String? = nil, id: String? = nil) {
        text += "<\(tag)\(id.map { " id=\"\(HTML.escape($0))\"" } ?? "")\(HTMLBuffer.classAttr(cls))>"
    }

    public mutating func close(_ tag: String) { text += "</\(tag)>" }

    public static func classAttr(_ cls: String?) -> String {
        guard let cls, !cls.isEmpty else { return "" }
        return " class=\"\(HTML.escape(cls))\""
    }
}

/// One table cell (also used by the server's pages): escaped text or prepared markup, with an optional class (`num` right-aligns).
public struct Cell: Sendable {
    public var html: String
    public var cls: String?
    public var span = 1

    public init(html: String, cls: String?, span: Int = 1) {
        self.html = html
        self.cls = cls
        self.span = span
    }

    public static func text(_ s: String, _ cls: String? = nil) -> Cell { Cell(html: HTML.escape(s), cls: cls) }
    public static func num(_ s: String) -> Cell { Cell(html: HTML.escape(s), cls: "num") }
    public static func markup(_ s: String, _ cls: String? = nil) -> Cell { Cell(html: s, cls: cls) }
    public static let empty = Cell(html: "<span class=\"muted\">—</span>", cls: nil)
    public static let emptyNum = Cell(html: "<span class=\"muted\">—</span>", cls: "num")

    /// The same cell spanning `n` columns.
    public func spanning(_ n: Int) -> Cell {
        var c = self
        c.span = n
        return c
    }
}

/// A data table: header cells, body rows and optional footer rows.
public struct Table: Sendable {
    public struct Column: Sendable {
        public var title: String
        public var numeric: Bool = false
        public init(_ title: String, numeric: Bool = false) {
            self.title = title
            self.numeric = numeric
        }
    }
    public var columns: [Column]
    public var rows: [[Cell]] = []
    public var footer: [[Cell]] = []
    public var cls = "data"
    /// Row classes, parallel to `rows` (optional).
    public var rowClasses: [String?] = []

    public init(_ columns: [Column], cls: String = "data") {
        self.columns = columns
        self.cls = cls
    }

    public mutating func add(_ row: [Cell], cls: String? = nil) {
        rows.append(row)
        rowClasses.append(cls)
    }

    public func render() -> String {
        var s = "<div class=\"table-wrap\"><table class=\"\(cls)\"><thead><tr>"
        for c in columns { s += "<th\(c.numeric ? " class=\"num\"" : "")>\(HTML.escape(c.title))</th>" }
        s += "</tr></thead><tbody>"
        for (i, r) in rows.enumerated() {
            let rc = i < rowClasses.count ? rowClasses[i] : nil
            s += "<tr\(HTMLBuffer.classAttr(rc))>" + Table.cells(r) + "</tr>"
        }
        s += "</tbody>"
        if !footer.isEmpty {
            s += "<tfoot>"
            for r in footer { s += "<tr>" + Table.cells(r) + "</tr>" }
            s += "</tfoot>"
        }
        return s + "</table></div>"
    }

    private static func cells(_ r: [Cell]) -> String {
        var s = ""
        for c in r { s += "<td\(c.span > 1 ? " colspan=\"\(c.span)\"" : "")\(HTMLBuffer.classAttr(c.cls))>\(c.html)</td>" }
        return s
    }
}
