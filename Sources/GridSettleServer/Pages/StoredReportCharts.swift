import Foundation

/// The charts of a run's stored report, for the run page. The report (GridSettleReports.HTMLReport) is
/// written once at settlement time and stored with the run; the charts need the settlement result, which a
/// stored run no longer has, so the page takes them from the stored document rather than drawing them again.
/// That also shows exactly what the report showed when the run was settled.
///
/// The report's charts are styled by the report's stylesheet, so that comes along too, scoped under
/// `.report-charts` so it cannot restyle the page around it. Only for roles that may see the whole statement:
/// the charts show wholesale figures.
enum StoredReportCharts {
    static let scope = ".report-charts"

    struct Extract: Sendable {
        /// The `<figure>`s of the report's charts section.
        var figures: String
        /// The report's stylesheet with every rule scoped to ``StoredReportCharts/scope``.
        var css: String
    }

    /// The charts and their styles, or nil when the document does not have the report's shape (then the
    /// page links to the full report instead).
    static func extract(from html: String) -> Extract? {
        guard let start = html.range(of: "<section id=\"charts\">"),
            let end = html.range(of: "</section>", range: start.upperBound..<html.endIndex)
        else { return nil }
        var figures = String(html[start.upperBound..<end.lowerBound])
        if let heading = figures.range(of: "<h2>Charts</h2>"), heading.lowerBound == figures.startIndex { figures.removeSubrange(heading) }
        guard figures.contains("<svg"), !figures.contains("<section"), !figures.lowercased().contains("<script") else { return nil }
        guard let styleStart = html.range(of: "<style>"), let styleEnd = html.range(of: "</style>", range: styleStart.upperBound..<html.endIndex) else {
            return nil
        }
        return Extract(figures: figures, css: scoped(String(html[styleStart.upperBound..<styleEnd.lowerBound])))
    }

    /// Every top-level rule's selectors prefixed with the scope: `:root` (the report's colour variables)
    /// becomes the scope itself, rules for the document (`html`, `body`, `main`) are dropped, and at-rules
    /// (`@media` print and small-screen layouts of the whole report) are left out.
    static func scoped(_ css: String) -> String {
        var out = ""
        var rest = Substring(css)
        while let open = rest.firstIndex(of: "{") {
            let selector = trim(rest[..<open])
            if selector.hasPrefix("@") {
                guard let close = matchingBrace(rest, open: open) else { break }
                rest = rest[rest.index(after: close)...]
                continue
            }
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let body = rest[rest.index(after: open)..<close]
            rest = rest[rest.index(after: close)...]
            let selectors = selector.split(separator: ",").map { trim($0) }.compactMap(scopedSelector)
            guard !selectors.isEmpty else { continue }
            out += selectors.joined(separator: ",") + "{" + body + "}\n"
        }
        return out.replacingOccurrences(of: "</", with: "<\\/")
    }

    static func scopedSelector(_ s: String) -> String? {
        if s.isEmpty { return nil }
        if s == ":root" { return scope }
        let first = s.prefix { $0 != " " && $0 != ":" && $0 != "." && $0 != "[" && $0 != ">" }
        if ["html", "body", "main"].contains(String(first)) { return nil }
        return scope + " " + s
    }

    /// The `}` that closes the block opened at `open`, counting nested blocks.
    static func matchingBrace(_ s: Substring, open: Substring.Index) -> Substring.Index? {
        var depth = 0
        var i = open
        while i < s.endIndex {
            if s[i] == "{" { depth += 1 }
            if s[i] == "}" {
                depth -= 1
                if depth == 0 { return i }
            }
            i = s.index(after: i)
        }
        return nil
    }

    static func trim(_ s: Substring) -> String {
        String(String(s.drop { $0.isWhitespace }.reversed()).drop { $0.isWhitespace }.reversed())
    }
}
