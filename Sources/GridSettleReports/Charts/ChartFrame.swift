import GridSettleCore

/// Shared geometry of the report's charts: a 1100-px-wide viewBox scaled to the page width.
enum ChartFrame {
    static let width = 1100.0
    static let left = 76.0
    static let right = 1084.0
    static let legendY = 20.0

    /// The time axis of the settlement period.
    static func timeAxis(_ f: ReportFigures) -> TimeAxis {
        let b = f.period.bounds(in: f.zone)
        return TimeAxis(start: b.start, end: b.end, period: f.period, zone: f.zone, x0: left, x1: right)
    }

    /// `<figure>` with a heading, the SVG and a caption.
    /// `caption` and `extra` are markup (already escaped).
    static func figure(id: String, title: String, svg: String, caption: String, extra: String = "") -> String {
        "<figure class=\"chart-figure\" id=\"fig-\(HTML.escape(id))\"><h3>\(HTML.escape(title))</h3>\(svg)<figcaption>\(caption)</figcaption>\(extra)</figure>"
    }
}
