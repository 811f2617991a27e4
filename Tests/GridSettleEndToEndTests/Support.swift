import Foundation
import GridSettleCore
import GridSettleExamples
import GridSettleFormats

/// Shared inputs: the generated LA AFB month, its files, and a temporary directory helper.
enum E2E {
    static let tariffJSON = Array(ExampleTariffs.sceTOU8JSON.utf8)

    static func tariff() throws -> Tariff {
        try URDBReader.read(data: tariffJSON, file: "tariff.json", reference: TariffReference(urdbFile: "tariff.json")).tariff
    }

    static func example(month: Int = 11, seed: UInt64 = 2016) throws -> Dataset {
        var o = ExampleOptions()
        o.month = month
        o.seed = seed
        return ExampleGenerator.laAirForceBase(options: o, tariff: try tariff(), tariffFile: "tariff.json")
    }

    static func files(_ d: Dataset) -> [String: [UInt8]] { DatasetWriter.files(d, tariffJSON: tariffJSON) }

    static func tempDirectory() -> String {
        let p = NSTemporaryDirectory() + "gridsettle-test-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        try? FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true)
        return p
    }

    /// Runs the built `gridsettle` binary to its end; its exit status and standard output (standard error is
    /// dropped).
    static func gridsettle(_ arguments: [String]) throws -> (status: Int32, out: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: KilledRunTests.binary)
        p.arguments = arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Reads `files` after replacing one file's text; returns the issues or nil if it read cleanly.
    static func issues(_ files: [String: [UInt8]], replacing name: String, with text: String) -> [DatasetIssue]? {
        var f = files
        f[name] = Array(text.utf8)
        do {
            _ = try DatasetReader.read(files: f)
            return nil
        } catch {
            return error.issues
        }
    }
}
