import Foundation
import GridSettleCore
import GridSettleExamples
import Testing

@testable import GridSettleReports

/// Cached settlements: settling builds ledgers for every interval, so each shape is settled once.
enum Fixtures {
    static let threeDays: SettlementResult = try! ReportFixture.result()
    static let withGap: SettlementResult = {
        var o = ReportFixture.Options()
        o.m1Gap = 300..<312  // day 2, 01:00–02:00 local: 12 intervals, too long for VEE to estimate
        return try! ReportFixture.result(o)
    }()
    static let month: SettlementResult = {
        var o = ReportFixture.Options()
        o.days = 30
        return try! ReportFixture.result(o)
    }()
}

/// The polylines of a series class, as arrays of (x, y).
func polylines(_ html: String, cls: String) -> [[(Double, Double)]] {
    var out: [[(Double, Double)]] = []
    var rest = Substring(html)
    let marker = "<polyline class=\"\(cls)\" points=\""
    while let r = rest.range(of: marker) {
        rest = rest[r.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { break }
        let pts = rest[..<end].split(separator: " ").map { p -> (Double, Double) in
            let xy = p.split(separator: ",")
            return (Double(xy[0])!, Double(xy[1])!)
        }
        out.append(pts)
        rest = rest[end...]
    }
    return out
}

func occurrences(_ needle: String, in html: String) -> Int {
    html.components(separatedBy: needle).count - 1
}

@Suite("HTML report")
struct HTMLReportTests {
    @Test func pageIsSelfContainedHTML() {
        let html = HTMLReport.render(Fixtures.threeDays)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.hasSuffix("</html>\n"))
        #expect(html.contains("<style>"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("src=\""))
        #expect(!html.contains("<link"))
        #expect(occurrences("<svg ", in: html) == 4)
        #expect(occurrences("</svg>", in: html) == 4)
    }

    @Test func headerShowsSiteMarketPeriodAndStatus() {
        let r = Fixtures.threeDays
        let html = HTMLReport.render(r)
        let s = r.statement
        #expect(html.contains(s.siteName))
        #expect(html.contains(s.siteID))
        #expect(html.contains(s.resourceID))
        #expect(html.contains("CAISO"))
        #expect(html.contains("America/Los_Angeles"))
        #expect(html.contains("2016-11-01 – 2016-11-03"))
        #expect(html.contains(">\(s.status.rawValue)</span>"))
        for reason in s.statusReasons { #expect(html.contains(HTML.escape(reason))) }
    }

    @Test func everyChartHasItsSVGAndLegend() {
        let html = HTMLReport.render(Fixtures.threeDays)
        for id in ["chart-meters", "chart-addback", "chart-bill", "chart-revenue"] {
            #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"\(id)\""), "missing \(id)")
        }
        #expect(occurrences("<g class=\"legend\">", in: html) == 4)
        for text in [
            "The month&#39;s meters", "M1 master meter net import, kW", "M2 storage meter net, discharge +, kW", "CAISO award period",
            "BESS idle", "billed net import as metered (kWh/h)", "billed net import with adjustment (kWh/h)", "add-back (kWh per hour)",
            "as metered (no adjustment)", "with dual-use adjustment (billed)", "adds value (positive)", "costs (negative)",
            "net value to the resource", "Power, kW (average per interval)", "Amount, $",
        ] {
            #expect(html.contains(text), "missing \(text)")
        }
    }

    @Test func meterChartShadesAwardsAndMarksIdleAndQuality() {
        let r = Fixtures.threeDays
        let html = HTMLReport.render(r)
        let meters = String(html[html.range(of: "id=\"chart-meters\"")!.lowerBound..<html.range(of: "id=\"chart-addback\"")!.lowerBound])
        // regulation 10:00–12:00 and energy 14:00–15:00 each day: 2 award spans a day, drawn as rectangles
        #expect(occurrences("class=\"award\"", in: meters) >= 2 * 3)
        #expect(r.ledger.idleSeconds.contains { $0 > 0 })
        #expect(meters.contains("class=\"idle\""))
        // the 2-interval M2 gap is estimated and the M1 edit is marked
        #expect(meters.contains("M2: 2 interval(s) estimated"))
        #expect(meters.contains("M1: 1 interval(s) edited"))
    }

    @Test func violationBannerAppearsExactlyWhenThereAreViolations() {
        var clean = Fixtures.threeDays
        clean.statement.checks = clean.statement.checks.map {
            var c = $0
            if c.status == .violation { c.status = .pass }
            return c
        }
        let cleanHTML = HTMLReport.render(clean)
        #expect(cleanHTML.contains("All checks pass"))
        #expect(!cleanHTML.contains("class=\"banner banner-violation\""))
        #expect(!cleanHTML.contains("check VIOLATION"))

        var bad = clean
        bad.statement.checks.append(
            CheckResult(
                id: "TEST-DOUBLE-PAY", question: "Is anything paid twice?", status: .violation, energyMicroKWh: 12_345_678,
                amount: Money(cents: 98_765), detail: "3 intervals <paid> twice", rule: "T1"))
        let badHTML = HTMLReport.render(bad)
        #expect(badHTML.contains("class=\"banner banner-violation\""))
        #expect(!badHTML.contains("All checks pass"))
        let banner = String(badHTML[badHTML.range(of: "id=\"checks-banner\"")!.lowerBound...].prefix(4000))
        #expect(banner.contains("1 check VIOLATION"))
        #expect(banner.contains("TEST-DOUBLE-PAY"))
        #expect(banner.contains("Is anything paid twice?"))
        #expect(banner.contains(">12.346<"))
        #expect(banner.contains(">987.65<"))
        #expect(banner.contains("3 intervals &lt;paid&gt; twice"))

        // the real settlement: banner iff the statement has violations
        let real = HTMLReport.render(Fixtures.threeDays)
        #expect(real.contains("class=\"banner banner-violation\"") == !Fixtures.threeDays.statement.violations.isEmpty)
        for v in Fixtures.threeDays.statement.violations { #expect(real.contains(v.id)) }
    }

    @Test func tableNumbersEqualTheStatement() {
        let r = Fixtures.threeDays
        let html = HTMLReport.render(r)
        let s = r.statement
        for section in StatementSection.allCases where s.lines.contains(where: { $0.section == section }) {
            #expect(html.contains(">\(s.total(section).description)</td>"), "section total \(section)")
            #expect(html.contains(HTML.escape(section.title)))
        }
        for l in s.lines {
            #expect(html.contains(">\(l.roundedAmount.description)</td>"), "line \(l.code)")
            #expect(html.contains(">\(HTML.escape(l.code))</span>"), "code \(l.code)")
        }
        // the adjusted bill total, in the table, the KPI and the bill chart
        let adjusted = r.billsAdjusted.reduce(Money.zero) { $0 + $1.total }
        #expect(adjusted == s.total(.retailAdjusted))
        #expect(html.contains(">\(adjusted.description)</td>"))
        #expect(html.contains("with the adjustment <strong>$\(adjusted.description)</strong>"))
        // ledger totals in kWh and the policies in force
        #expect(html.contains(">\(Units.formatKWh(s.ledgerTotals.delivered))</td>"))
        #expect(html.contains(">\(Units.formatKWh(s.ledgerTotals.addBack))</td>"))
        for p in s.policies { #expect(html.contains(">\(HTML.escape(p.name))</span></td><td>\(HTML.escape(p.value))</td>")) }
        // data quality counts
        for q in s.dataQuality { #expect(html.contains(">\(q.meterID)</span></td><td>\(q.role.rawValue)</td><td class=\"num\">\(ReportFormat.count(q.actual))</td>")) }
        // checks
        for c in s.checks { #expect(html.contains("<div class=\"code strong\">\(HTML.escape(c.id))</div><div>\(HTML.escape(c.question))</div>")) }
        #expect(occurrences("badge badge-pass", in: html) == s.checks.filter { $0.status == .pass }.count)
        #expect(occurrences("badge badge-violation\">VIOLATION", in: html) == s.violations.count)
    }

    @Test func revenueWaterfallEndsAtTheSectionTotalAndShowsAnswers() {
        let r = Fixtures.threeDays
        let (steps, net) = RevenueStackChart.steps(ReportFigures(r).revenue)
        #expect(steps.count == r.statement.lines.filter { $0.section == .revenueStack }.count)
        #expect(steps.last!.to == net)
        #expect(net == r.statement.total(.revenueStack))
        let html = HTMLReport.render(r)
        #expect(html.contains("Net value: \(ReportFormat.dollars(net).replacingOccurrences(of: "$", with: "$"))"))
        for a in r.statement.answers {
            #expect(html.contains(HTML.escape(a.question)))
            #expect(html.contains(HTML.escape(a.answer)))
        }
    }

    @Test func billChartTotalsEqualTheBills() {
        let r = Fixtures.threeDays
        let comps = ReportFigures(r).bill
        #expect(comps.last!.code == "TOTAL")
        #expect(comps.last!.asMetered == r.statement.total(.retailAsMetered))
        #expect(comps.last!.adjusted == r.statement.total(.retailAdjusted))
        let parts = comps.dropLast().reduce(Money.zero) { $0 + $1.adjusted }
        #expect(parts == comps.last!.adjusted)
        // energy components come first, the fixed charge last
        #expect(comps.first!.kind == .energy)
        #expect(comps[comps.count - 2].kind == .fixed)
    }

    @Test func gapsBreakThePolylines() throws {
        let r = Fixtures.withGap
        #expect(r.unadjustedNetImport.quality[300..<312].allSatisfy { $0 == .missing })
        let html = HTMLReport.render(r)
        let axis = ChartFrame.timeAxis(ReportFigures(r))
        let g = r.unadjustedNetImport.grid
        let gapX0 = axis.x(g.startOf(300))
        let gapX1 = axis.x(g.startOf(312))
        let master = polylines(html, cls: "s-master")
        #expect(master.count >= 2)
        for line in master {
            for (x, _) in line { #expect(!(x > gapX0 + 0.05 && x < gapX1 - 0.05), "point at x=\(x) inside the gap \(gapX0)…\(gapX1)") }
        }
        // the line ends before the gap and resumes after it
        #expect(master.contains { $0.last!.0 <= gapX0 + 0.05 && $0.last!.0 > gapX0 - 3 })
        #expect(master.contains { $0.first!.0 >= gapX1 - 0.05 && $0.first!.0 < gapX1 + 3 })
        // the storage meter has no gap there: one unbroken line
        #expect(polylines(html, cls: "s-storage").count == 1)
        // hourly lines of the add-back chart: the gap hour (01:00–02:00) has no point
        for cls in ["s-unadjusted", "s-adjusted"] {
            let lines = polylines(html, cls: cls)
            #expect(lines.count >= 2)
            for line in lines { for (x, _) in line { #expect(!(x > gapX0 + 0.05 && x < gapX1 - 0.05)) } }
        }
        // the gap is shaded and marked missing
        #expect(html.contains("M1: 12 interval(s) missing"))
        preview(html, name: "report-gap")
    }

    @Test func outputIsDeterministic() throws {
        let a = HTMLReport.render(Fixtures.threeDays)
        let b = HTMLReport.render(Fixtures.threeDays)
        #expect(a == b)
        let again = try ReportFixture.result()
        #expect(HTMLReport.render(again) == a)
    }

    @Test func textFromTheDataIsEscaped() throws {
        var o = ReportFixture.Options()
        o.days = 1
        o.siteName = "Base <script>alert(\"x\")</script> & Sons' Annex"
        o.editReason = "reset <b>bold</b> & co"
        let r = try ReportFixture.result(o)
        let html = HTMLReport.render(r)
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<b>bold"))
        #expect(html.contains("Base &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons&#39; Annex"))
        #expect(html.contains("reset &lt;b&gt;bold&lt;/b&gt; &amp; co"))
        #expect(html.contains("<title>Settlement Base &lt;script&gt;"))
    }

    @Test func aMonthOfFiveMinuteDataStaysSmall() {
        let r = Fixtures.month
        #expect(r.ledger.count == 30 * 288 + 12)  // November 2016 includes the 25-hour fall-back day
        let html = HTMLReport.render(r)
        let size = html.utf8.count
        #expect(size < 400_000, "page is \(size) bytes")
        // every series is downsampled: at most two points per pixel column
        for cls in ["s-master", "s-storage", "s-unadjusted", "s-adjusted"] {
            let points = polylines(html, cls: cls).reduce(0) { $0 + $1.count }
            #expect(points > 0 && points <= 2 * 1010, "\(cls): \(points) points")
        }
        preview(html, name: "report-month")
    }

    @Test func exampleGeneratorMonthRenders() throws {
        let d = ExampleGenerator.laAirForceBase(options: .init(), tariff: ReportFixture.tariff())
        let r = try SettlementEngine.settle(d)
        let html = HTMLReport.render(r)
        #expect(html.utf8.count < 400_000, "page is \(html.utf8.count) bytes")
        #expect(html.contains(ExampleGenerator.siteName))
        #expect(html.contains(">\(r.statement.total(.retailAdjusted).description)</td>"))
        #expect(html.contains("class=\"banner banner-violation\"") == !r.statement.violations.isEmpty)
        preview(html, name: "report-example")
    }

    /// Writes the page to `$GRIDSETTLE_REPORT_PREVIEW/<name>.html` when that variable is set (for a look).
    func preview(_ html: String, name: String) {
        guard let dir = ProcessInfo.processInfo.environment["GRIDSETTLE_REPORT_PREVIEW"] else { return }
        try? html.write(toFile: dir + "/" + name + ".html", atomically: true, encoding: .utf8)
    }
}
