import Foundation
import GridSettleCore
import GridSettleExamples
import Testing

@testable import GridSettleFormats

/// `gridsettle export` → another party → `gridsettle import`: the settled channels survive the trip through
/// Green Button ESPI XML exactly, the XML is schema-valid, and a dataset rebuilt from the exported meters
/// settles to the same statement.
@Suite struct SettledExportRoundTripTests {
    static let tariffJSON = Array(ExampleTariffs.sceTOU8JSON.utf8)

    static func settledExample() throws -> (Dataset, SettlementResult) {
        let tariff = try URDBReader.read(data: tariffJSON, file: "tariff.json", reference: TariffReference(urdbFile: "tariff.json")).tariff
        var o = ExampleOptions()
        o.month = 11  // November 2016: the fall-back day is in the month
        let d = ExampleGenerator.laAirForceBase(options: o, tariff: tariff, tariffFile: "tariff.json")
        return (d, try SettlementEngine.settle(d))
    }

    @Test func everyExportedChannelReadsBackExactly() throws {
        let (d, result) = try Self.settledExample()
        let channels = SettledChannels.of(result)
        let xml = SettledChannelsESPI.feed(channels, zone: d.config.zone, site: d.config.site.id, updated: d.periodBounds.end)
        let back = try ESPIReader.read(Array(xml.utf8), file: "settled.xml", options: ImportOptions())
        // Group what came back by usage point and direction; each channel's intervals and values must match.
        // (The reader gives one reading per channel and interval; the importer joins them later.)
        var delivered: [String: [Instant: ImportedReading]] = [:]
        var received: [String: [Instant: ImportedReading]] = [:]
        for r in back.readings {
            if r.deliveredMicroKWh != nil { delivered[r.meterID, default: [:]][r.start] = r }
            if r.receivedMicroKWh != nil { received[r.meterID, default: [:]][r.start] = r }
        }
        #expect(channels.count == 11)
        for c in channels where c.flow != .net {
            let s = c.series
            var present = 0
            for i in 0..<s.count where s.quality[i] != .missing {
                present += 1
                let got = c.flow == .delivered ? delivered : received
                let r = try #require(got[c.usagePoint]?[s.grid.startOf(i)], "\(c.usagePoint) \(c.name) \(s.grid.startOf(i))")
                #expect((c.flow == .delivered ? r.deliveredMicroKWh : r.receivedMicroKWh) == s.microKWh[i])
                #expect(r.quality == s.quality[i])
            }
            #expect(present > 0)
        }
        // The ownership channels are the ledger's accounts: wholesale + retail + end use = the storage meter.
        let l = result.ledger
        let storage = try #require(d.config.meter(role: .storage)?.id)
        for i in stride(from: 0, to: l.count, by: 97) {
            let t = l.grid.startOf(i)
            let w = delivered[storage + "-wholesale"]?[t]
            let r = delivered[storage + "-retail"]?[t]
            #expect((w?.deliveredMicroKWh ?? 0) + (r?.deliveredMicroKWh ?? 0) + l.chargeEndUse[i] == l.delivered[i])
        }
        // The net billing channel comes back split into its import and export sides, and says so.
        #expect(back.warnings.contains { $0.description.contains("net") })
    }

    @Test func aDatasetRebuiltFromTheExportedMetersSettlesTheSame() throws {
        let (d, result) = try Self.settledExample()
        let channels = SettledChannels.of(result).filter { c in d.config.meters.contains { $0.id == c.usagePoint } }
        let xml = SettledChannelsESPI.feed(channels, zone: d.config.zone, site: d.config.site.id, updated: d.periodBounds.end)
        let imported = try ESPIReader.read(Array(xml.utf8), file: "meters.xml", options: ImportOptions())
        let dir = NSTemporaryDirectory() + "gridsettle-roundtrip-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, bytes) in DatasetWriter.files(d, tariffJSON: Self.tariffJSON) where name != DatasetFiles.readings {
            try Data(bytes).write(to: URL(fileURLWithPath: dir).appendingPathComponent(name))
        }
        let summary = try DatasetImporter.merge(imported, into: dir)
        #expect(summary.files.map(\.file) == [DatasetFiles.readings])
        #expect(summary.warnings.isEmpty)
        let rebuilt = try DatasetReader.read(directory: dir)
        let again = try SettlementEngine.settle(rebuilt)
        // The meters exported were already validated; every statement line comes out to the same cent.
        #expect(again.statement.lines.count == result.statement.lines.count)
        for (a, b) in zip(again.statement.lines, result.statement.lines) {
            #expect(a.code == b.code && a.amount == b.amount && a.quantityMicro == b.quantityMicro && a.roundedAmount == b.roundedAmount, "\(a.code)")
        }
    }

    @Test(.enabled(if: GreenButtonESPITests.XSD.available || GreenButtonESPITests.XSD.required, "python3 with xmlschema is not installed; set GRIDSETTLE_REQUIRE_XSD=1 to make this a failure"))
    func theExportIsValidESPI() throws {
        let (d, result) = try Self.settledExample()
        let xml = SettledChannelsESPI.feed(SettledChannels.of(result), zone: d.config.zone, site: d.config.site.id, updated: d.periodBounds.end)
        let path = NSTemporaryDirectory() + "gridsettle-settled-\(ProcessInfo.processInfo.processIdentifier).xml"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(xml.utf8).write(to: URL(fileURLWithPath: path))
        let r = try GreenButtonESPITests.XSD.check([path], strictAtom: true)
        #expect(r.status == 0, "\(r.output)")
    }
}
