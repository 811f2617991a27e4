@testable import GridSettleServer
import Testing

/// The pages' small pieces on their own: money and quantity formatting, the sign-in redirect target and the
/// bar chart's escaping.
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

    @Test("the bar chart escapes its labels and draws negative bars left of zero")
    func barChart() {
        let svg = BarChart(title: "T <1>", bars: [.init(label: "<b>", cents: -500, detail: "d&"), .init(label: "ok", cents: 1_000, detail: "e")]).render()
        #expect(svg.contains("&lt;b&gt;") && svg.contains("d&amp;") && svg.contains("T &lt;1&gt;") && !svg.contains("<b>"))
        #expect(svg.contains("class=\"bar-neg\"") && svg.contains("class=\"bar-pos\"") && svg.contains(">-$5.00<") && svg.contains(">$10.00<"))
        #expect(BarChart(title: "empty", bars: []).render().isEmpty)
    }
}
