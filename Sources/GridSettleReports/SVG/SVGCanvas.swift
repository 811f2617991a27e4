/// Inline SVG primitives. Styling lives in the page's stylesheet (classes), so the markup stays small.
/// Coordinates are written with at most one decimal by an integer formatter, so output never depends on
/// floating-point printing.
struct SVGCanvas {
    var width: Double
    /// Set once the layout is known (charts grow with their legend).
    var height: Double
    private(set) var body = ""

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
        body.reserveCapacity(1 << 14)
    }

    /// A coordinate with at most one decimal ("12", "12.5", "-3.1").
    static func n(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        let v = Int64((x * 10).rounded())
        if v % 10 == 0 { return String(v / 10) }
        let whole = v / 10
        let frac = (v % 10).magnitude
        return (v < 0 && whole == 0 ? "-0" : String(whole)) + "." + String(frac)
    }

    mutating func raw(_ s: String) { body += s }

    mutating func rect(x: Double, y: Double, w: Double, h: Double, cls: String, title: String? = nil) {
        let (yy, hh) = h < 0 ? (y + h, -h) : (y, h)
        let (xx, ww) = w < 0 ? (x + w, -w) : (x, w)
        let attrs = "x=\"\(Self.n(xx))\" y=\"\(Self.n(yy))\" width=\"\(Self.n(ww))\" height=\"\(Self.n(hh))\" class=\"\(cls)\""
        if let title {
            body += "<rect \(attrs)><title>\(HTML.escape(title))</title></rect>"
        } else {
            body += "<rect \(attrs)/>"
        }
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, cls: String) {
        body += "<line x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\" class=\"\(cls)\"/>"
    }

    /// One polyline; a series with gaps is drawn as several, one per run of data.
    mutating func polyline(_ points: [ChartPoint], cls: String) {
        guard !points.isEmpty else { return }
        var s = "<polyline class=\"\(cls)\" points=\""
        for (i, p) in points.enumerated() {
            if i > 0 { s += " " }
            s += Self.n(p.x) + "," + Self.n(p.y)
        }
        body += s + "\"/>"
    }

    enum Anchor: String { case start, middle, end }

    mutating func text(_ x: Double, _ y: Double, _ s: String, cls: String, anchor: Anchor = .start, rotate: Double? = nil) {
        let a = anchor == .start ? "" : " text-anchor=\"\(anchor.rawValue)\""
        let r = rotate.map { " transform=\"rotate(\(Self.n($0)) \(Self.n(x)) \(Self.n(y)))\"" } ?? ""
        body += "<text x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" class=\"\(cls)\"\(a)\(r)>\(HTML.escape(s))</text>"
    }

    /// Several lines of text, one `tspan` each, starting at `y` with `lineHeight` spacing.
    mutating func textLines(_ x: Double, _ y: Double, _ lines: [String], cls: String, anchor: Anchor = .middle, lineHeight: Double = 12) {
        guard !lines.isEmpty else { return }
        let a = anchor == .start ? "" : " text-anchor=\"\(anchor.rawValue)\""
        var s = "<text x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" class=\"\(cls)\"\(a)>"
        for (i, l) in lines.enumerated() {
            s += "<tspan x=\"\(Self.n(x))\"\(i == 0 ? "" : " dy=\"\(Self.n(lineHeight))\"")>\(HTML.escape(l))</tspan>"
        }
        body += s + "</text>"
    }

    /// A legend: swatches with labels, laid out left to right from `(x, y)` and wrapped before `maxX`;
    /// returns the baseline of the last row.
    @discardableResult
    mutating func legend(_ items: [LegendItem], x: Double, y firstY: Double, maxX: Double = ChartFrame.right) -> Double {
        var cx = x
        var y = firstY
        body += "<g class=\"legend\">"
        for item in items {
            let w = 23 + SVGCanvas.textWidth(item.label, fontSize: 12)
            if cx > x && cx + w > maxX {
                cx = x
                y += 18
            }
            switch item.kind {
            case .line: line(cx, y - 4, cx + 18, y - 4, cls: item.cls)
            case .box: rect(x: cx, y: y - 10, w: 18, h: 10, cls: item.cls)
            case .band: rect(x: cx, y: y - 7, w: 18, h: 5, cls: item.cls)
            }
            text(cx + 23, y, item.label, cls: "legend-text")
            cx += 23 + SVGCanvas.textWidth(item.label, fontSize: 12) + 18
        }
        body += "</g>"
        return y
    }

    /// A rough width estimate for the report's sans-serif font (layout only, never for content).
    static func textWidth(_ s: String, fontSize: Double) -> Double {
        Double(s.unicodeScalars.count) * fontSize * 0.52
    }

    /// The complete `<svg>` element with an accessible title and description.
    func render(id: String, title: String, description: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"\(HTML.escape(id))\" class=\"chart\" viewBox=\"0 0 \(Self.n(width)) \(Self.n(height))\" role=\"img\" aria-labelledby=\"\(HTML.escape(id))-t \(HTML.escape(id))-d\">"
            + "<title id=\"\(HTML.escape(id))-t\">\(HTML.escape(title))</title><desc id=\"\(HTML.escape(id))-d\">\(HTML.escape(description))</desc>"
            + body + "</svg>"
    }

    /// Word-wraps `s` to lines of at most `width` characters, at most `maxLines` lines (the last one cut
    /// with an ellipsis).
    static func wrap(_ s: String, width: Int, maxLines: Int) -> [String] {
        var lines: [String] = []
        var cur = ""
        for word in s.split(separator: " ") {
            let w = String(word)
            if cur.isEmpty {
                cur = w
            } else if cur.count + 1 + w.count <= width {
                cur += " " + w
            } else {
                lines.append(cur)
                cur = w
            }
        }
        if !cur.isEmpty { lines.append(cur) }
        lines = lines.map { $0.count > width ? String($0.prefix(max(1, width - 1))) + "…" : $0 }
        if lines.count > maxLines {
            var kept = Array(lines.prefix(maxLines))
            var last = kept[maxLines - 1]
            if last.count >= width { last = String(last.prefix(max(1, width - 1))) }
            kept[maxLines - 1] = last + "…"
            return kept
        }
        return lines
    }
}

struct ChartPoint: Hashable {
    var x: Double
    var y: Double
}

struct LegendItem {
    enum Kind { case line, box, band }
    var kind: Kind
    var cls: String
    var label: String
}
