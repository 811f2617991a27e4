import Foundation
import GRDB
import GridSettleCore
@testable import GridSettleStore
import Testing

/// Interval columns stored with a unit (schema v5 `unit_series`): exact round trip of any Int64, written with the
/// unit's `done` and never for a failed unit, immutable, and a damaged row is an error rather than a shorter series.
@Suite("Work queue: unit series (schema v5)")
struct UnitSeriesTests {
    static let values: ContiguousArray<Int64> = [0, 1, -1, 1_234_567, Int64.max, Int64.min, 42, -999_999_999_999]

    @Test("encoding is 8 little-endian bytes per value and decodes to the same values; a wrong length is refused")
    func encoding() {
        let s = UnitSeries(name: "x", start: "2024-07-16T07:00:00Z", intervalSeconds: 900, values: Self.values)
        let bytes = s.encoded
        #expect(bytes.count == 64)
        #expect(Array(bytes[8..<16]) == [1, 0, 0, 0, 0, 0, 0, 0])
        #expect(Array(bytes[16..<24]) == [UInt8](repeating: 0xFF, count: 8))
        #expect(UnitSeries.decode(bytes, count: 8) == Self.values)
        #expect(UnitSeries.decode(bytes, count: 7) == nil)
        #expect(UnitSeries.decode(Array(bytes.dropLast()), count: 8) == nil)
        #expect(UnitSeries.decode([], count: 0) == [])
    }

    @Test("SQLite: series are stored with a done unit, none with a failed one, and refuse UPDATE and DELETE")
    func sqliteRoundTrip() async throws {
        let path = NSTemporaryDirectory() + "unit-series-\(UUID().uuidString).sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let queue = try SQLiteWorkQueue(path: path)
        let units = ["A", "B"].map { PlannedUnit(resourceID: $0, periodStart: "2024-07-16", periodEnd: "2024-07-17", inputLocation: "/d") }
        let job = try await queue.plan(tenant: "default", job: "s", units: units).job
        let series = [
            UnitSeries(name: "received_micro_kwh", start: "2024-07-16T07:00:00Z", intervalSeconds: 900, values: Self.values),
            UnitSeries(name: "delivered_micro_kwh", start: "2024-07-16T07:00:00Z", intervalSeconds: 900, values: ContiguousArray(Self.values.reversed())),
        ]
        for _ in 0..<2 {
            _ = try await queue.workNext(jobID: job.id, worker: "w", options: WorkOptions()) { u in
                u.resourceID == "A"
                    ? .settled(UnitResult(lines: [], sectionTotals: [], statementStatus: "FINAL", violationCount: 0, series: series))
                    : .failed("broken")
            }
        }
        let stored = try await queue.series(jobID: job.id)
        #expect(stored.map(\.resourceID) == ["A", "A"])
        #expect(stored.map(\.series.name) == ["delivered_micro_kwh", "received_micro_kwh"])
        #expect(stored.first { $0.series.name == "received_micro_kwh" }?.series == series[0])
        #expect(stored.first { $0.series.name == "delivered_micro_kwh" }?.series == series[1])
        #expect(stored.allSatisfy { $0.unitKey == "A@2024-07-16/2024-07-17" })

        let db = try DatabaseQueue(path: path)
        for sql in ["UPDATE unit_series SET value_count = 1", "DELETE FROM unit_series"] {
            #expect(throws: (any Error).self, "\(sql) is refused") { try db.write { try $0.execute(sql: sql) } }
        }
        // a damaged row (bytes that do not match the count) is an error naming the unit
        try await db.write { db in
            try db.execute(sql: "DROP TRIGGER unit_series_no_update")
            try db.execute(sql: "UPDATE unit_series SET value_count = 9 WHERE name = 'received_micro_kwh'")
        }
        await #expect(throws: UnitSeriesCorrupt.self) { _ = try await queue.series(jobID: job.id) }
    }
}
