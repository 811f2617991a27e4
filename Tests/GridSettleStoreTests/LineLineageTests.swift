import Foundation
import GRDB
import GridSettleCore
@testable import GridSettleStore
import Testing

/// Every stored line and check keeps its whole interval lineage (schema v7), not only its first start and last
/// end: the runs read back are the statement's, on both backends; runs stored before v7 say they have none.
@Suite("Store: full interval lineage of lines and checks (schema v7)")
struct LineLineageTests {
    static func t(_ s: Int64) -> Instant { Instant(secondsSinceEpoch: s) }

    @Test("runs round-trip exactly: ordered, gapped, out of order, extreme instants, none")
    func coding() {
        let cases: [[IntervalRun]] = [
            [],
            [IntervalRun(start: Self.t(1_478_000_000), seconds: 300, count: 12)],
            [IntervalRun(start: Self.t(1_478_000_000), seconds: 300, count: 12), IntervalRun(start: Self.t(1_478_086_400), seconds: 300, count: 60),
             IntervalRun(start: Self.t(1_478_172_800), seconds: 900, count: 1)],
            [IntervalRun(start: Self.t(2_000_000_000), seconds: 60, count: 3), IntervalRun(start: Self.t(-2_208_988_800), seconds: 3600, count: 0)],
            [IntervalRun(start: Self.t(Int64.min), seconds: 1, count: 1), IntervalRun(start: Self.t(Int64.max - 10), seconds: 5, count: 2)],
        ]
        for runs in cases {
            let bytes = IntervalRunsCoding.encode(runs)
            #expect(IntervalRunsCoding.decode(bytes) == runs)
        }
        // a month of weekday on-peak hours: 22 runs in six bytes each, after the first (nine: its start from 1970)
        let month = (0..<22).map { IntervalRun(start: Self.t(1_478_016_000 + Int64($0) * 86_400), seconds: 300, count: 60) }
        #expect(IntervalRunsCoding.encode(month).count == 1 + 8 + 21 * 6)
    }

    @Test("damaged bytes are refused, never a shorter lineage and never a trap")
    func damaged() {
        let good = IntervalRunsCoding.encode([IntervalRun(start: Self.t(1_478_000_000), seconds: 300, count: 12)])
        #expect(IntervalRunsCoding.decode([]) == nil)
        #expect(IntervalRunsCoding.decode([9] + good.dropFirst()) == nil)  // unknown version
        #expect(IntervalRunsCoding.decode(Array(good.dropLast())) == nil)  // cut inside a run
        #expect(IntervalRunsCoding.decode([1] + [UInt8](repeating: 0xFF, count: 11)) == nil)  // a varint beyond 64 bits
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let bytes = [1] + (0..<Int.random(in: 0...40, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            if let runs = IntervalRunsCoding.decode(bytes) { _ = runs.map(\.end) }  // whatever decodes has instants for ends
        }
    }

    @Test("a saved run's lines and checks read back with every run of their lineage", arguments: RepositoryContractTests.backends)
    func stored(_ backend: String) async throws {
        var s = try SettlementStoreTests.statement()
        // give the first line and check a lineage of several runs
        let runs = (0..<5).map { IntervalRun(start: Self.t(1_468_306_800 + Int64($0) * 7_200), seconds: 300, count: 6) }
        s.lines[0].runs = runs
        s.lines[0].intervalCount = 30
        if !s.checks.isEmpty { s.checks[0].runs = runs }
        try await TestRepositories.with(backend) { repo in
            let saved = try await repo.save(NewRun(tenant: "t", statement: s, inputDigest: "d"))
            let lines = try await repo.lines(runID: saved.id)
            #expect(lines.map(\.intervals) == s.lines.map { Optional($0.runs) })
            #expect(lines[0].intervals?.count == 5)
            let checks = try await repo.checks(runID: saved.id)
            for c in s.checks { #expect(checks.first { $0.id == c.id }?.intervals == c.runs) }
        }
    }

    @Test("runs stored before v7 keep reading: their lines say the lineage was not stored")
    func beforeV7() async throws {
        let path = NSTemporaryDirectory() + "gridsettle-v6-\(UInt32.random(in: 0...UInt32.max)).sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let q = try TestRepositories.sqliteDatabase(at: 6, path: path)
            try await q.write { db in
                try db.execute(
                    sql: "INSERT INTO run (site_id, resource_id, market, period_start, period_end, status, violation_count, input_digest, policies, statement_json, statement_csv, report_html) VALUES ('S', 'R', 'CAISO', '2016-07-12', '2016-07-13', 'FINAL', 0, 'a', '', '', '', '')")
                try db.execute(
                    sql: "INSERT INTO statement_line VALUES (1, 0, 'caiso', 'CC6011', 'd', 1, 'MWh', NULL, 'p', 5, 0, 'r', 12, '2016-07-12T07:00:00Z', '2016-07-12T08:00:00Z', '')")
            }
        }
        let store = try SettlementStore(path: path)
        let lines = try await store.lines(runID: 1)
        #expect(lines.count == 1)
        #expect(lines[0].intervals == nil)
        #expect(lines[0].firstIntervalStart == "2016-07-12T07:00:00Z")
    }
}
