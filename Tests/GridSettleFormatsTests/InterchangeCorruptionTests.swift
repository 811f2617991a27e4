import Foundation
import GridSettleCore
import Testing

@testable import GridSettleFormats

/// Hundreds of corrupted variants of a real file of every interchange format, as an adversarial user would send
/// them: cut short anywhere, one byte replaced by a byte that breaks most formats, a line deleted, a line
/// repeated, the lines shuffled. Each variant either reads or is refused with every issue located in the file;
/// none traps or hangs (a trap would end the test process). The coverage-guided fuzzers (docs/fuzzing.md) go
/// further; this is the deterministic floor every `swift test` keeps.
@Suite("Interchange readers: corrupted variants")
struct InterchangeCorruptionTests {
    struct Case: CustomStringConvertible, Sendable {
        let format: InterchangeFormat
        let folder: String
        let name: String
        var description: String { "\(format.rawValue) \(name)" }
    }

    static let cases: [Case] = [
        Case(format: .espi, folder: "greenbutton/greenbutton-cityssm", name: "intervals_APUC000000_electric.xml"),
        Case(format: .greenButtonCSV, folder: "greenbutton-csv", name: "usage_hourly_2023-07-04.csv"),
        Case(format: .cmep, folder: "cmep", name: "cmep.dat"),
        Case(format: .oasis, folder: "oasis", name: "PRC_LMP_DAM_20240115.csv"),
        Case(format: .pjmDataMiner, folder: "pjm-dataminer", name: "da_hrl_lmps_20241103.csv"),
        Case(format: .openADR2b, folder: "openadr", name: "oadrDistributeEvent.xml"),
    ]

    /// Every option set, so no variant is refused only for a missing `--zone` or `--market-run`.
    static let options = ImportOptions(zone: .losAngeles, resourceID: "R1", awardRun: .dayAhead)

    /// `count` variants of `bytes` of each of the five kinds, deterministic from `seed`.
    static func variants(_ bytes: [UInt8], seed: UInt64, count: Int) -> [[UInt8]] {
        var fuzz = FuzzCases(seed: seed)
        var out: [[UInt8]] = []
        for cut in fuzz.offsets(bytes.count, count: count) { out.append(Array(bytes[..<cut])) }
        for _ in 0..<count { out.append(fuzz.corrupt(bytes)) }
        var lines = bytes.split(separator: 10, omittingEmptySubsequences: false).map(Array.init)
        if lines.last?.isEmpty == true { lines.removeLast() }
        for _ in 0..<count where !lines.isEmpty {
            var fewer = lines
            fewer.remove(at: fuzz.below(lines.count))
            out.append(Array(fewer.joined(separator: [10])) + [10])
            var more = lines
            let k = fuzz.below(lines.count)
            more.insert(lines[k], at: k)
            out.append(Array(more.joined(separator: [10])) + [10])
        }
        for _ in 0..<(count / 4) { out.append(fuzz.shuffledLines(bytes, keep: 1)) }
        return out
    }

    @Test("every variant reads or is refused with located issues", arguments: cases)
    func corruptedVariants(c: Case) throws {
        let bytes = try interchangeFixture(c.folder, c.name)
        let all = Self.variants(bytes, seed: UInt64(c.name.utf8.count), count: 60)
        #expect(all.count >= 250)
        var refused = 0
        for v in all {
            if let issues = readerIssues({ () throws(DatasetInvalid) in try c.format.read(v, file: c.name, options: Self.options) }) {
                refused += 1
                expectIssuesLocated(issues, in: c.name, "\(c)")
                for i in issues where i.expected.isEmpty { Issue.record("issue without an expectation: \(i)") }
            }
        }
        // a cut through the middle of the file, a NUL or a high byte in a value: most variants are refused
        #expect(refused > 0, "\(c): no variant refused")
    }
}
