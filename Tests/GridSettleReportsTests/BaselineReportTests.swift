import Foundation
import Testing

@testable import GridSettleCore
@testable import GridSettleReports

/// The baseline report from a hand-made result, so every expected number is known: hourly slots on
/// Monday 2014-09-22, an event 13:00–16:00, gaps in the actual at 03:00, 10:00 and 14:00 and in the
/// adjusted baseline at 00:00.
@Suite("Baseline report")
struct BaselineReportTests {
    static let day = LocalDate(year: 2014, month: 9, day: 22)
    static let method = "caiso<test>"

    static func result() -> BaselineResult {
        let actual: [Int64?] = (0..<24).map { [3, 10, 14].contains($0) ? nil : Int64(500 + $0) * 1_000_000 + 250_000 }
        let unadjusted: [Int64?] = (0..<24).map { Int64(600 + $0) * 1_000_000 }
        let adjusted: [Int64?] = (0..<24).map { $0 == 0 ? nil : Int64(700 + $0) * 1_000_000 }
        func d(_ day: Int, rank: Int? = nil, _ why: BaselineResult.Rejection? = nil, kW: Int64?, fallback: Bool = false) -> BaselineResult.DayDecision {
            BaselineResult.DayDecision(date: LocalDate(year: 2014, month: 9, day: day), rank: rank, rejection: why, eventWindowKW: kW, addedByFallback: fallback)
        }
        let days = [
            d(21, .notLikeDay, kW: 400_500_000),
            d(20, .notLikeDay, kW: 401_000_000),
            d(19, rank: 1, kW: 612_345_678),
            d(18, .eventDay, kW: 300_000_000),
            d(17, rank: 2, kW: 598_000_001, fallback: true),
            d(16, .incompleteData, kW: nil),
            d(15, .holiday, kW: 450_000_000),
        ]
        let audit = BaselineResult.AdjustmentAudit(
            kind: .multiplicative, slots: [9, 10, 11], actualSum: 1_530_750_000, baselineSum: 1_830_000_000, raw: 1_234_567, applied: 1_200_000,
            capped: true, note: nil)
        var r = BaselineResult(
            method: method, eventDay: day, slotMinutes: 60, eventSlots: 13..<16, days: days, selected: [days[2].date, days[4].date],
            fallback: "1 like day(s) in the 45-day look-back, fewer than the minimum 2: 1 event day(s) added back, most recent first",
            unadjusted: unadjusted, adjustment: audit, adjusted: adjusted, actual: actual)
        r.notes = ["1 event slot(s) without actual data: no performance there"]
        return r
    }

    static func page(_ r: BaselineResult = result(), quantity: BaselineQuantity = .siteLoad, meters: BaselineReport.Meters? = nil) -> String {
        BaselineReport.html(results: [r], quantity: quantity, siteName: "Test <Site> & Co", method: method, zone: "America/Los_Angeles", meters: meters)
    }

    /// The point lists of every `<polyline>` of a class.
    static func lines(_ html: String, cls: String) -> [[(x: Double, y: Double)]] {
        let marker = "<polyline class=\"\(cls)\" points=\""
        return html.components(separatedBy: marker).dropFirst().map { chunk in
            chunk.prefix { $0 != "\"" }.split(separator: " ").map { p in
                let xy = p.split(separator: ",")
                return (Double(xy[0])!, Double(xy[1])!)
            }
        }
    }

    /// An hourly series of one UTC day, kW per hour, `nil` = a missing interval.
    static func profiles(_ kW: [Int64?], slotMinutes: Int = 60) -> DayProfiles {
        let grid = IntervalGrid(start: MarketTimeZone.utc.startOfDay(day), seconds: 3600, count: kW.count)
        let e = ContiguousArray(kW.map { ($0 ?? 0) * 1_000_000 })
        let q = ContiguousArray(kW.map { $0 == nil ? DataQuality.missing : .actual })
        return DayProfiles(EnergySeries(grid: grid, microKWh: e, quality: q), timeZone: .utc, slotMinutes: slotMinutes)
    }

    @Test func eachSeriesIsOnePolylinePerRunOfData() {
        let html = Self.page()
        // actual: gaps at 3, 10, 14 → runs 0–2, 4–9, 11–13, 15–23
        #expect(Self.lines(html, cls: "s-actual").map(\.count) == [3, 6, 3, 9])
        #expect(Self.lines(html, cls: "s-unadjusted").map(\.count) == [24])
        #expect(Self.lines(html, cls: "s-adjusted").map(\.count) == [23])
        // performance only in the event (13–15), split by the gap at 14: two lone slots, each a level stroke
        let perf = Self.lines(html, cls: "s-performance")
        #expect(perf.map(\.count) == [2, 2])
        #expect(perf.allSatisfy { $0[0].y == $0[1].y })
        #expect(perf[0][0].x == BaselineChart.slotX(13, of: 24) && perf[0][1].x == BaselineChart.slotX(14, of: 24))
        // no meter lines for a site-load page without meters
        #expect(Self.lines(html, cls: "s-site").isEmpty && Self.lines(html, cls: "s-facility").isEmpty)
    }

    @Test func missingSlotsAreGapsNotZeros() {
        let html = Self.page()
        let gap = BaselineChart.slotX(3, of: 24)...BaselineChart.slotX(4, of: 24)
        #expect(!Self.lines(html, cls: "s-actual").joined().contains { gap.contains($0.x) })
        // slot 14 has no actual and no performance: dashes in the table, never 0
        #expect(html.contains("<tr><td>14:00</td><td class=\"num\"><span class=\"muted\">—</span></td><td class=\"num\">614.000000</td><td class=\"num\">714.000000</td><td class=\"num\"><span class=\"muted\">—</span></td></tr>"))
    }

    @Test func eventWindowIsShaded() {
        let html = Self.page()
        // slots 13..<16 of 24 across x 76…1084: x = 76 + 13/24 × 1008 = 622, width 3/24 × 1008 = 126
        let marker = " class=\"event-window\"><title>event window 13:00–16:00</title></rect>"
        #expect(Self.occurrences(marker, in: html) == 1)
        let before = html.components(separatedBy: marker)[0]
        let rect = before[before.range(of: "<rect ", options: .backwards)!.upperBound...]
        #expect(rect.hasPrefix("x=\"622\" y=\"") && rect.hasSuffix("width=\"126\" height=\"280\""))
        // the adjustment window 09:00–12:00 in its strip
        #expect(html.contains("class=\"adj-window\"><title>adjustment window 09:00–12:00</title>"))
        #expect(html.contains("Event 2014-09-22 Mon 13:00–16:00 (America/Los_Angeles) · method caiso&lt;test&gt;"))
    }

    @Test func dayTableListsEveryAuditedDayWithItsReason() {
        let html = Self.page()
        let rows: [(String, String, String, String, String, String)] = [
            ("2014-09-21", "Sun", "rejected", "<span class=\"muted\">—</span>", "not a like day", "400.500000"),
            ("2014-09-20", "Sat", "rejected", "<span class=\"muted\">—</span>", "not a like day", "401.000000"),
            ("2014-09-19", "Fri", "selected", "1", "<span class=\"muted\">—</span>", "612.345678"),
            ("2014-09-18", "Thu", "rejected", "<span class=\"muted\">—</span>", "event day", "300.000000"),
            ("2014-09-17", "Wed", "selected", "2", "added back by the fallback", "598.000001"),
            ("2014-09-16", "Tue", "rejected", "<span class=\"muted\">—</span>", "incomplete data", "<span class=\"muted\">—</span>"),
            ("2014-09-15", "Mon", "rejected", "<span class=\"muted\">—</span>", "holiday", "450.000000"),
        ]
        for r in rows {
            #expect(html.contains("<td>\(r.0)</td><td>\(r.1)</td><td>\(r.2)</td><td class=\"num\">\(r.3)</td><td>\(r.4)</td><td class=\"num\">\(r.5)</td></tr>"), "\(r.0)")
        }
        #expect(Self.occurrences("<td>2014-09-", in: html) == rows.count)
        #expect(Self.occurrences("<tr class=\"row-selected\">", in: html) == 2)
        #expect(Self.occurrences("<tr class=\"row-muted\">", in: html) == 2)
    }

    @Test func numbersAreFormattedAsInBaselineOutput() {
        let html = Self.page()
        // kW with six decimals, factors with six, kWh with three (BaselineOutput.kW / .text)
        #expect(html.contains("<td>13:00</td><td class=\"num\">513.250000</td><td class=\"num\">613.000000</td><td class=\"num\">713.000000</td><td class=\"num\">199.750000</td>"))
        #expect(html.contains("<td>Window (local)</td><td>09:00–12:00</td>"))
        #expect(html.contains("<td class=\"num\">1530.750000</td>") && html.contains("<td class=\"num\">1830.000000</td>"))
        #expect(html.contains("<td>Factor, raw</td><td class=\"num\">1.234567</td>"))
        #expect(html.contains("<td>Factor, applied</td><td class=\"num\">1.200000</td>"))
        #expect(html.contains("<td>Capped</td><td>yes</td>"))
        // performance: (713 − 513.25) + (715 − 515.25) kW × 1 h; slot 14 has none
        #expect(html.contains("<div class=\"kpi-value\">399.500 kWh</div>"))
        #expect(html.contains("<td colspan=\"4\">Event performance</td><td class=\"num\">399.500 kWh</td>"))
    }

    @Test func everyTextIsEscapedAndThereIsNoScript() {
        let html = Self.page()
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
        #expect(!html.contains("<script") && !html.contains("src=\"") && !html.contains("<link"))
        #expect(!html.contains("caiso<test>") && !html.contains("<Site>"))
        #expect(html.contains("<title>Baselines Test &lt;Site&gt; &amp; Co — caiso&lt;test&gt; — site-load</title>"))
        #expect(html.contains("<h1>Test &lt;Site&gt; &amp; Co</h1>"))
        #expect(Self.occurrences("<svg ", in: html) == 1 && Self.occurrences("</svg>", in: html) == 1)
        // same input, same bytes
        #expect(html == Self.page())
    }

    @Test func deviceOutputAddsSiteMeterAndFacilityLoad() {
        // N has a missing hour at 05:00; the output is the result's actual (−G), gaps at 3, 10, 14
        let n: [Int64?] = (0..<24).map { $0 == 5 ? nil : Int64(700 + $0) }
        let meters = BaselineReport.Meters(siteNet: Self.profiles(n))
        let r = Self.result()
        let series = BaselineChart.series(r, quantity: .deviceOutput, meters: meters)
        #expect(series.map(\.cls) == ["s-site", "s-facility", "s-actual", "s-unadjusted", "s-adjusted", "s-performance"])
        let site = series[0].values
        let load = series[1].values
        for k in 0..<24 {
            #expect(site[k] == n[k].map { $0 * 1_000_000 })
            // L = N − G = N + output
            let expected: Int64? = [3, 5, 10, 14].contains(k) ? nil : site[k]! + r.actual[k]!
            #expect(load[k] == expected, "slot \(k)")
        }
        // device performance is output − typical: 513.25 − 713 at 13:00
        #expect(series[5].values[13] == 513_250_000 - 713_000_000)
        let html = Self.page(r, quantity: .deviceOutput, meters: meters)
        #expect(Self.lines(html, cls: "s-site").map(\.count) == [5, 18])
        // L has the gaps of both: 3, 5, 10, 14; the lone slot 4 is a level stroke of two points
        #expect(Self.lines(html, cls: "s-facility").map(\.count) == [3, 2, 4, 3, 9])
        #expect(html.contains("site meter N, kW") && html.contains("facility load L = N − G, kW"))
    }

    @Test func meterProfilesOfAnotherSlotLengthAreNotDrawn() {
        // hourly profiles against a result of 30-minute slots: drawing them would put 13:00 at 06:30
        let hourly = Self.profiles((0..<24).map { Int64(700 + $0) })
        var r = Self.result()
        r.slotMinutes = 30
        r.actual += r.actual
        r.unadjusted += r.unadjusted
        r.adjusted += r.adjusted
        let series = BaselineChart.series(r, quantity: .deviceOutput, meters: BaselineReport.Meters(siteNet: hourly, storageOutput: hourly))
        #expect(!series.contains { $0.cls == "s-site" || $0.cls == "s-facility" })
    }

    static func occurrences(_ needle: String, in html: String) -> Int { html.components(separatedBy: needle).count - 1 }
}
