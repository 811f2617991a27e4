@testable import GridSettleServer
import Testing

/// The pages' small pieces on their own: money and quantity formatting, the sign-in redirect target, the
/// scoping of the stored report's stylesheet, and the bar chart's escaping.
@Suite("Pages units")
struct PagesUnitTests {
    @Test("money is written from cents with two decimals and separators; quantities keep every significant digit")
    func formats() {
        #expect(PageFormat.dollars(cents: 0) == "$0.00")
        #expect(PageFormat.dollars(cents: 123_456_789) == "$1,234,567.89")
        #expect(PageFormat.dollars(cents: -1_050) == "-$10.50")
        #expect(PageFormat.signedDollars(cents: 5) == "+$0.05")
        #expect(PageFormat.dollars(micros: 12_345) == "$0.01" && PageFormat.dollars(micros: -5_000) == "-$0.01" && PageFormat.dollars(micros: 4_999) == "$0.00")
        #expect(PageFormat.quantity(micro: 12_345_000_000) == "12,345.000")
        #expect(PageFormat.quantity(micro: 1) == "0.000001")
        #expect(PageFormat.quantity(micro: -1_500_000) == "-1.500")
        #expect(PageFormat.signedQuantity(micro: 250_000) == "+0.250")
        #expect(PageFormat.orderedSections(["revenue-stack", "x-new", "caiso", "retail-adjusted", "caiso"]) == ["retail-adjusted", "caiso", "revenue-stack", "x-new"])
    }

    @Test("after sign-in the browser goes to a /ui page of this server only")
    func safeNext() {
        #expect(LoginPage.safeNext("/ui/runs/3/difference?from=2") == "/ui/runs/3/difference?from=2")
        #expect(LoginPage.safeNext(nil) == "/ui")
        for bad in ["//evil.example", "/ui//evil", "https://x/ui", "/v1/runs", "/uix", "/ui/\"><script>", "/ui/\r\nSet-Cookie:x", "/ui\\evil"] {
            #expect(LoginPage.safeNext(bad) == "/ui", "\(bad)")
        }
    }

    @Test("the stored report's stylesheet is scoped: variables move to the scope, document rules and at-rules drop out")
    func scopedCSS() {
        let css = """
            :root{--ink:#000}
            *{box-sizing:border-box}
            body{margin:0}
            h2{font-size:19px}
            svg .tick,svg .note{fill:red}
            @media print{
              body{background:#fff}
              h2{break-after:avoid}
            }
            svg .after{fill:blue}
            """
        let scoped = StoredReportCharts.scoped(css)
        #expect(scoped == """
            .report-charts{--ink:#000}
            .report-charts *{box-sizing:border-box}
            .report-charts h2{font-size:19px}
            .report-charts svg .tick,.report-charts svg .note{fill:red}
            .report-charts svg .after{fill:blue}

            """)
        let html = "<html><head><style>\(css)</style></head><body><section id=\"charts\"><h2>Charts</h2><figure id=\"fig-a\"><svg></svg></figure></section><section id=\"x\"></section></body></html>"
        let extract = StoredReportCharts.extract(from: html)
        #expect(extract?.figures == "<figure id=\"fig-a\"><svg></svg></figure>")
        #expect(StoredReportCharts.extract(from: "<html>no charts</html>") == nil)
    }

    @Test("the bar chart escapes its labels and draws negative bars left of zero")
    func barChart() {
        let svg = BarChart(title: "T <1>", bars: [.init(label: "<b>", cents: -500, detail: "d&"), .init(label: "ok", cents: 1_000, detail: "e")]).render()
        #expect(svg.contains("&lt;b&gt;") && svg.contains("d&amp;") && svg.contains("T &lt;1&gt;") && !svg.contains("<b>"))
        #expect(svg.contains("class=\"bar-neg\"") && svg.contains("class=\"bar-pos\"") && svg.contains(">-$5.00<") && svg.contains(">$10.00<"))
        #expect(BarChart(title: "empty", bars: []).render().isEmpty)
    }
}
