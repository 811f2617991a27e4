import Foundation
import GridSettleCore
import GridSettleFormats
import Testing

/// `gridsettle validate` refuses everything `settle` refuses, and never traps on what it refuses.
@Suite("validate refuses what settle refuses")
struct ValidateMatchesSettleTests {
    /// The example with `site.json` changed by `edit`, written to a fresh directory.
    func directory(site edit: (String) -> String) throws -> String {
        let dir = E2E.tempDirectory()
        for (name, bytes) in E2E.files(try E2E.example()) {
            let out = name == DatasetFiles.site ? Array(edit(String(decoding: bytes, as: UTF8.self)).utf8) : bytes
            try Data(out).write(to: URL(fileURLWithPath: dir + "/" + name))
        }
        return dir
    }

    @Test("a weather baseline without temperature.csv reads and cross-checks cleanly but cannot settle: validate says so")
    func demandResponseThatCannotRun() throws {
        #expect(FileManager.default.isExecutableFile(atPath: KilledRunTests.binary), "build the gridsettle executable first (swift build)")
        let dir = try directory { $0.replacingFirst("\"formatVersion\" : 1,", "\"formatVersion\" : 1, \"demandResponse\" : { \"method\" : \"caiso-weather-4-of-90\" },") }
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // the reader and the cross-file checks accept it …
        let d = try DatasetReader.read(directory: dir)
        // … settlement does not …
        #expect(throws: DatasetInvalid.self) { try SettlementEngine.settle(d) }
        // … and neither does validate
        let (status, out) = try E2E.gridsettle(["validate", dir])
        #expect(status == 1)
        #expect(out.contains("demandResponse.method") && out.contains("temperature"))
    }

    @Test("validate exits 1 (not a trap) on numbers that used to trap settle", arguments: [
        ("\"idleMinimumMinutes\" : 2", "\"idleMinimumMinutes\" : 200000000000000000", "policies.idleMinimumMinutes"),
        ("\"intervalMinutes\" : 5", "\"intervalMinutes\" : 9223372036854775807", "meters[M1].intervalMinutes"),
        ("\"ratingKW\" : 1500", "\"ratingKW\" : 1e300", "meters[M1].ratingKW"),
        ("\"demandWindowMinutes\" : 15", "\"demandWindowMinutes\" : 9223372036854775807", "tariff.demandWindowMinutes"),
    ])
    func extremeSiteNumbers(_ from: String, _ to: String, _ field: String) throws {
        let dir = try directory { $0.replacingFirst(from, to) }
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (status, out) = try E2E.gridsettle(["validate", dir])
        #expect(status == 1)
        #expect(out.contains("field '\(field)'"))
    }
}
