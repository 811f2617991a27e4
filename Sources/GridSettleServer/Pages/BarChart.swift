/// A horizontal bar chart in inline SVG, for signed dollar figures (section totals, changes between runs):
/// bars go right of the zero line for positive values and left for negative ones, each labelled with its
/// category and its amount. Server-drawn, so it needs no script; every label is escaped. Coordinates are
/// written from integers, so the same figures always draw the same bytes.
struct BarChart {
    struct Bar {
        var label: String
        var cents: Int64
        /// A tooltip (SVG `<title>`), e.g. the section's code and line count.
        var detail: String
    }

    var title: String
    var bars: [Bar]
    /// Sized for the run page's column beside the totals table (about 760 px), so text draws near 12 px.
    var width = 760
    var labelWidth = 280
    var rowHeight = 30

    func render() -> String {
        guard !bars.isEmpty else { return "" }
        let top = 12, valueRoom = 84
        let plotLeft = labelWidth + 10 + valueRoom, plotRight = width - valueRoom
        let height = top + bars.count * rowHeight + 28
        let lo = min(0, bars.map(\.cents).min() ?? 0), hi = max(0, bars.map(\.cents).max() ?? 0)
        let span = max(hi - lo, 1)
        func x(_ cents: Int64) -> Int { plotLeft + Int((Double(cents - lo) / Double(span) * Double(plotRight - plotLeft)).rounded()) }
        let zero = x(0)
        var s = "<svg class=\"bars\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(PageHTML.escape(title))\" xmlns=\"http://www.w3.org/2000/svg\">"
        s += "<title>\(PageHTML.escape(title))</title>"
        for (i, b) in bars.enumerated() {
            let y = top + i * rowHeight
            let barY = y + 5, barH = rowHeight - 10
            let x0 = min(zero, x(b.cents)), x1 = max(zero, x(b.cents))
            let cls = b.cents > 0 ? "bar-pos" : (b.cents < 0 ? "bar-neg" : "bar-zero")
            if i % 2 == 0 { s += "<rect class=\"band\" x=\"0\" y=\"\(y)\" width=\"\(width)\" height=\"\(rowHeight)\"/>" }
            s += "<text class=\"bar-label\" x=\"\(labelWidth)\" y=\"\(y + rowHeight / 2 + 4)\" text-anchor=\"end\">\(PageHTML.escape(Self.clip(b.label, labelWidth / 7)))</text>"
            s += "<rect class=\"\(cls)\" x=\"\(x0)\" y=\"\(barY)\" width=\"\(max(x1 - x0, 1))\" height=\"\(barH)\"><title>\(PageHTML.escape(b.detail))</title></rect>"
            let value = PageHTML.escape(PageFormat.dollars(cents: b.cents))
            if b.cents < 0 {
                s += "<text class=\"bar-value\" x=\"\(x0 - 6)\" y=\"\(y + rowHeight / 2 + 4)\" text-anchor=\"end\">\(value)</text>"
            } else {
                s += "<text class=\"bar-value\" x=\"\(x1 + 6)\" y=\"\(y + rowHeight / 2 + 4)\">\(value)</text>"
            }
        }
        let bottom = top + bars.count * rowHeight
        s += "<line class=\"bar-zero-line\" x1=\"\(zero)\" y1=\"\(top - 4)\" x2=\"\(zero)\" y2=\"\(bottom + 4)\"/>"
        s += "<text class=\"bar-axis\" x=\"\(zero)\" y=\"\(bottom + 20)\" text-anchor=\"middle\">$0</text>"
        return s + "</svg>"
    }

    /// A label shortened to `n` characters with an ellipsis, so a long title cannot run into the bars or off
    /// the left edge (at 12 px a character is under 7 units wide).
    static func clip(_ s: String, _ n: Int) -> String { s.count <= n ? s : String(s.prefix(n - 1)) + "…" }
}
