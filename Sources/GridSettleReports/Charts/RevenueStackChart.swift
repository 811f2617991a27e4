import GridSettleCore

/// "Revenue stack": a waterfall of the statement's revenue-stack lines ending at the net value, positive
/// steps up and negative steps down; the statement's answers follow as text.
enum RevenueStackChart {
    static let id = "revenue"
    static let title = "Revenue stack"

    struct Step {
        var code: String
        var label: String
        var amount: Money
        var from: Money
        var to: Money
    }

    /// Steps from the section's rounded lines; the last step is the net (the section total).
    static func steps(_ lines: [ReportFigures.RevenueStep]) -> (steps: [Step], net: Money) {
        var running = Money.zero
        var out: [Step] = []
        for l in lines {
            out.append(Step(code: l.code, label: l.label, amount: l.amount, from: running, to: running + l.amount))
            running += l.amount
        }
        return (out, running)
    }

    /// "VALUE-REG-CAPACITY" → "Reg capacity"; falls back to the description.
    static func shortLabel(_ l: StatementLine) -> String {
        var code = Substring(l.code)
        if code.hasPrefix("VALUE-") { code = code.dropFirst(6) }
        let words = code.split(separator: "-").map { $0.lowercased() }
        guard !words.isEmpty else { return l.description }
        let text = words.joined(separator: " ")
        return text.prefix(1).uppercased() + text.dropFirst()
    }

    static func render(_ f: ReportFigures) -> String {
        let (steps, net) = steps(f.revenue)
        let x0 = ChartFrame.left
        let x1 = ChartFrame.right
        var svg = SVGCanvas(width: ChartFrame.width, height: 0)
        let legendBottom = svg.legend(
            [
                LegendItem(kind: .box, cls: "wf-up", label: "adds value (positive)"),
                LegendItem(kind: .box, cls: "wf-down", label: "costs (negative)"),
                LegendItem(kind: .box, cls: "wf-net", label: "net value to the resource"),
            ], x: x0, y: ChartFrame.legendY)
        let plotTop = legendBottom + 32
        let plotBottom = plotTop + 268
        var lo = 0.0
        var hi = 0.0
        for s in steps {
            lo = min(lo, Double(s.from.micros) / 1e6, Double(s.to.micros) / 1e6)
            hi = max(hi, Double(s.from.micros) / 1e6, Double(s.to.micros) / 1e6)
        }
        lo = min(lo, Double(net.micros) / 1e6)
        hi = max(hi, Double(net.micros) / 1e6)
        let pad = (hi - lo) * 0.08
        let ticks = NiceTicks(lo: lo < 0 ? lo - pad : lo, hi: hi > 0 ? hi + pad : hi, target: 5)
        let y = LinearScale(domain: (ticks.lo, ticks.hi), range: (plotBottom, plotTop))
        svg.height = plotBottom + 58
        drawYAxis(on: &svg, ticks: ticks, scale: y, x0: x0, x1: x1, title: "Value to the resource, $")

        let n = steps.count + 1
        let slot = (x1 - x0) / Double(n)
        let barW = min(90, slot * 0.6)
        let labelChars = max(8, Int(slot / 6.4))
        func dollars(_ m: Money) -> Double { Double(m.micros) / 1e6 }
        for (i, s) in steps.enumerated() {
            let cx = x0 + (Double(i) + 0.5) * slot
            let ya = y(dollars(s.from))
            let yb = y(dollars(s.to))
            let cls = s.amount.micros >= 0 ? "wf-up" : "wf-down"
            svg.rect(x: cx - barW / 2, y: ya, w: barW, h: yb - ya, cls: cls, title: "\(s.code): \(ReportFormat.signedDollars(s.amount))")
            if s.amount == .zero { svg.line(cx - barW / 2, ya, cx + barW / 2, ya, cls: "wf-flat") }
            // amount label above a rise, below a fall
            let labelY = s.amount.micros >= 0 ? min(ya, yb) - 5 : max(ya, yb) + 13
            svg.text(cx, labelY, ReportFormat.signedDollars(s.amount), cls: "value", anchor: .middle)
            // connector to the next bar at the running total
            let nextX = cx + slot - barW / 2
            svg.line(cx + barW / 2, yb, nextX, yb, cls: "wf-connector")
            svg.textLines(cx, plotBottom + 16, SVGCanvas.wrap(s.label, width: labelChars, maxLines: 3), cls: "cat", anchor: .middle)
        }
        let cx = x0 + (Double(n) - 0.5) * slot
        let y0 = y(0)
        let yn = y(dollars(net))
        svg.rect(x: cx - barW / 2, y: y0, w: barW, h: yn - y0, cls: "wf-net", title: "Net value: \(ReportFormat.dollars(net))")
        svg.text(cx, net.micros >= 0 ? yn - 5 : yn + 13, ReportFormat.dollars(net), cls: "value-strong", anchor: .middle)
        svg.textLines(cx, plotBottom + 16, ["Net value"], cls: "cat-strong", anchor: .middle)
        svg.line(x0, y0, x1, y0, cls: "zero")

        let desc = "Waterfall of \(steps.count) revenue-stack lines ending at the net value \(ReportFormat.dollars(net))."
        let caption = "Each bar starts where the previous one ended; amounts are the statement's rounded lines, and the net equals the section total "
            + "<strong>\(HTML.escape(ReportFormat.dollars(net)))</strong>."
        var answers = ""
        if !f.answers.isEmpty {
            answers = "<div class=\"answers\"><h4>Answers</h4><dl>"
            for a in f.answers {
                answers += "<dt>\(HTML.escape(a.question)) <span class=\"code\">\(HTML.escape(a.id))</span></dt><dd>\(HTML.escape(a.answer))</dd>"
            }
            answers += "</dl></div>"
        }
        return ChartFrame.figure(
            id: id, title: title, svg: svg.render(id: "chart-revenue", title: title, description: desc), caption: caption, extra: answers)
    }
}
