import Foundation
import GridSettleCore
import Testing

@testable import GridSettleReports

/// The figures the charts are drawn from, and their stored form: a run's page draws its charts from stored figures,
/// so what is stored must draw exactly the report's charts, stay compact, and never crash on damaged bytes.
@Suite("Report figures")
struct ReportFiguresTests {
    /// The report's charts section, as `HTMLReport` wrote it.
    func chartsSection(_ html: String) -> Substring {
        let open = "<section id=\"charts\"><h2>Charts</h2>"
        let start = html.range(of: open)!.upperBound
        return html[start..<html.range(of: "</section>", range: start..<html.endIndex)!.lowerBound]
    }

    @Test("stored figures decode to the same figures and draw the report's charts byte for byte", arguments: ["threeDays", "withGap", "month"])
    func roundTrip(_ name: String) throws {
        let r = name == "threeDays" ? Fixtures.threeDays : (name == "withGap" ? Fixtures.withGap : Fixtures.month)
        let figures = ReportFigures(r)
        let decoded = try ReportFiguresCoding.decode(ReportFiguresCoding.encode(figures))
        #expect(decoded == figures)
        #expect(ReportCharts.render(decoded) == String(chartsSection(HTMLReport.render(r))))
        // the figures carry what the charts label: the revenue stack's net is the statement's section total
        #expect(decoded.revenue.reduce(Money.zero) { $0 + $1.amount } == r.statement.total(.revenueStack))
        #expect(decoded.bill.last?.adjusted == r.statement.total(.retailAdjusted))
        #expect(decoded.answers == r.statement.answers)
    }

    @Test("a month of 5-minute figures is stored in under a sixth of the bytes of plain 8-byte columns")
    func compact() {
        let f = ReportFigures(Fixtures.month)
        // three energy columns (as metered, adjusted, storage net) plus add-back and back-out
        let plain = (f.unadjusted.grid.count + f.adjusted.grid.count + 3 * f.storage.count) * 8
        let bytes = ReportFiguresCoding.encode(f).count
        #expect(f.storage.count > 8_600)
        #expect(bytes * 6 < plain, "\(bytes) bytes against \(plain) as plain columns")
    }

    @Test("damaged figures throw with the byte where they stop making sense; none traps")
    func damaged() {
        let good = ReportFiguresCoding.encode(ReportFigures(Fixtures.threeDays))
        for cut in stride(from: 0, to: good.count, by: max(1, good.count / 400)) {
            #expect(throws: ReportFiguresCoding.Corrupt.self) { try ReportFiguresCoding.decode(Array(good[0..<cut])) }
        }
        #expect(throws: ReportFiguresCoding.Corrupt.self) { try ReportFiguresCoding.decode(good + [0]) }
        // a zone no site may name (an offset far beyond a day would overflow the time arithmetic): refused
        var foreign = ReportFigures(Fixtures.threeDays)
        foreign.zone = MarketTimeZone(identifier: "America/Los_Angeles", standardOffsetSeconds: Int64.max / 2)
        #expect(throws: ReportFiguresCoding.Corrupt.self) { try ReportFiguresCoding.decode(ReportFiguresCoding.encode(foreign)) }
        // a period longer than a settlement period can be: refused, not drawn day by day
        var long = ReportFigures(Fixtures.threeDays)
        long.period = SettlementPeriod(start: LocalDate(year: 2016, month: 1, day: 1), end: LocalDate(year: 2017, month: 6, day: 1))
        #expect(throws: ReportFiguresCoding.Corrupt.self) { try ReportFiguresCoding.decode(ReportFiguresCoding.encode(long)) }
        #expect(throws: ReportFiguresCoding.Corrupt.self) { try ReportFiguresCoding.decode(Array("GSF1".utf8) + good.dropFirst(4)) }
        // single-byte changes anywhere: each either decodes (to figures whose columns match their grids) or throws
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2_000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            var bytes = good
            let at = Int(seed >> 33) % bytes.count
            bytes[at] = UInt8(truncatingIfNeeded: seed >> 13)
            if let f = try? ReportFiguresCoding.decode(bytes) {
                #expect(f.unadjusted.microKWh.count == f.unadjusted.grid.count && f.storage.addBack.count == f.storage.count)
                _ = ReportCharts.render(f)
            }
        }
    }

    @Test("axis ticks far from zero end, and a label beyond micro-units in 64 bits is written, not trapped on")
    func ticksFarFromZero() {
        // a tick index beyond 2⁵³ no longer changes by adding 1: the ticks are counted, not stepped
        let t = NiceTicks(lo: 1.1e14, hi: 1.1e14 + 1e-5, target: 5)
        #expect(!t.values.isEmpty && t.values.count <= 1_000)
        #expect(NiceTicks(lo: 0, hi: 9e15, target: 5).label(9e15) == "9000000000000000.0")
        #expect(NiceTicks(lo: 0, hi: 10, target: 5).values == [0, 2, 4, 6, 8, 10])
    }

    @Test("the report's stylesheet scoped for another page: variables move to the scope, document rules and at-rules drop out")
    func scopedStylesheet() {
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
            a:after{content:"</style>"}
            """
        #expect(ScopedStylesheet.scoped(css, under: ".report-charts") == """
            .report-charts{--ink:#000}
            .report-charts *{box-sizing:border-box}
            .report-charts h2{font-size:19px}
            .report-charts svg .tick,.report-charts svg .note{fill:red}
            .report-charts svg .after{fill:blue}
            .report-charts a:after{content:"<\\/style>"}

            """)
        #expect(ReportCharts.stylesheet(scopedTo: ".x").contains(".x .chart-figure"))
    }
}
