import Foundation
import GridSettleCore
import Testing

@testable import GridSettleReports

/// The stored form of a whole statement (schema v9): a stored run's documents are rendered from it, so it must give
/// back every field, and damaged bytes must be refused where they stop making sense, never trapped on — whether
/// decoding them or rendering what they decode to.
@Suite("Stored statements")
struct StatementCodingTests {
    @Test("a stored statement decodes to the statement and renders the report byte for byte", arguments: ["threeDays", "withGap", "month"])
    func roundTrip(_ name: String) throws {
        let r = name == "threeDays" ? Fixtures.threeDays : (name == "withGap" ? Fixtures.withGap : Fixtures.month)
        let s = r.statement
        let bytes = StatementCoding.encode(s)
        let back = try StatementCoding.decode(bytes)
        #expect(StatementCoding.encode(back) == bytes)
        #expect(back.lines == s.lines && back.checks == s.checks && back.dataQuality == s.dataQuality && back.answers == s.answers)
        #expect(back.veeFindings == s.veeFindings && back.veeAudit == s.veeAudit && back.ledgerTotals == s.ledgerTotals)
        #expect(back.inventory == s.inventory && back.facts == s.facts && back.facts != nil)
        #expect(back.policies.map { "\($0.name)=\($0.value)" } == s.policies.map { "\($0.name)=\($0.value)" })
        #expect(back.statusReasons == s.statusReasons && back.status == s.status && back.period == s.period && back.timeZone == s.timeZone)
        #expect(HTMLReport.render(back, figures: ReportFigures(r)) == HTMLReport.render(r))
        // far smaller than the statement JSON it replaces in the store
        #expect(bytes.count > 500)
    }

    @Test("a carried opening balance and a statement without facts round-trip")
    func carriedAndWithoutFacts() throws {
        var s = Fixtures.threeDays.statement
        #expect(s.inventory != nil)
        s.inventory?.opening.source = .carried(from: "2016-10")
        s.inventory?.opening.demandHistory = DemandHistories(
            asMetered: [DemandHistoryEntry(billMonth: 10, peak: 512_000_000)], addedBack: [DemandHistoryEntry(billMonth: 10, peak: 530_000_000)])
        s.facts = nil
        let back = try StatementCoding.decode(StatementCoding.encode(s))
        #expect(back.inventory == s.inventory && back.facts == nil)
    }

    @Test("damaged statements throw with the byte where they stop making sense; none traps, decoding or rendering")
    func damaged() {
        let r = Fixtures.withGap
        let good = StatementCoding.encode(r.statement)
        for cut in stride(from: 0, to: good.count, by: max(1, good.count / 400)) {
            #expect(throws: StatementCoding.Corrupt.self) { try StatementCoding.decode(Array(good[0..<cut])) }
        }
        #expect(throws: StatementCoding.Corrupt.self) { try StatementCoding.decode(good + [0]) }
        #expect(throws: StatementCoding.Corrupt.self) { try StatementCoding.decode(Array("GSS0".utf8) + good.dropFirst(4)) }
        // amounts that would add up beyond 64 bits in the section totals are refused
        var huge = r.statement
        for k in huge.lines.indices { huge.lines[k].amount = Money(micros: 900_000_000_000_000_000) }
        #expect(throws: StatementCoding.Corrupt.self) { try StatementCoding.decode(StatementCoding.encode(huge)) }
        // a run of intervals past the year 9999 is refused, not turned into local time
        var late = r.statement
        late.lines[0].runs = [IntervalRun(start: Instant(secondsSinceEpoch: 253_402_300_000), seconds: 3_600, count: 10)]
        #expect(throws: StatementCoding.Corrupt.self) { try StatementCoding.decode(StatementCoding.encode(late)) }
        let figures = ReportFigures(r)
        var seed: UInt64 = 0x2545_F491_4F6C_DD1D
        var decoded = 0
        for _ in 0..<2_000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            var bytes = good
            let at = Int(seed >> 33) % bytes.count
            bytes[at] = UInt8(truncatingIfNeeded: seed >> 13)
            if let s = try? StatementCoding.decode(bytes) {
                decoded += 1
                _ = HTMLReport.render(s, figures: figures)
            }
        }
        #expect(decoded > 100)  // most changes land in text and numbers, which decode: rendering them was exercised
    }
}
