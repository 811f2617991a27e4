/// A stylesheet confined to one part of a page: every top-level rule's selectors are prefixed with a scope, so the
/// report's chart styles can sit inside another page (the run page) without restyling it.
enum ScopedStylesheet {
    /// `:root` (the report's colour variables) becomes the scope itself, rules for the document (`html`, `body`,
    /// `main`) are dropped, and at-rules (`@media` print and small-screen layouts of the whole report) are left out.
    /// `</` is escaped so the result can sit in a `<style>` element.
    static func scoped(_ css: String, under scope: String) -> String {
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
            let selectors = selector.split(separator: ",").map { trim($0) }.compactMap { scopedSelector($0, scope) }
            guard !selectors.isEmpty else { continue }
            out += selectors.joined(separator: ",") + "{" + body + "}\n"
        }
        return out.split(separator: "</", omittingEmptySubsequences: false).joined(separator: "<\\/")
    }

    static func scopedSelector(_ s: String, _ scope: String) -> String? {
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
