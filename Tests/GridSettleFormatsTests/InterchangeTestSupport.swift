import Foundation
import GridSettleCore
import Testing

@testable import GridSettleFormats

/// Fixture files under Tests/GridSettleFormatsTests/Fixtures/<folder>/<name>.
func interchangeFixture(_ folder: String, _ name: String) throws -> [UInt8] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        .appendingPathComponent(folder).appendingPathComponent(name)
    return Array(try Data(contentsOf: url))
}

/// `YYYY-MM-DDTHH:MM:SSZ` → Instant, for expectations.
func utcInstant(_ text: String) -> Instant { TimestampParser.parse(text)! }

/// Runs a reader and returns its issues, or nil when it accepted the input.
func readerIssues(_ body: () throws(DatasetInvalid) -> ImportedRecords) -> [DatasetIssue]? {
    do {
        _ = try body()
        return nil
    } catch {
        return error.issues
    }
}

/// Seeded, deterministic mutations for fuzz-style reader tests: the same seed gives the same cases.
struct FuzzCases {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 11
    }

    mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }

    /// `count` byte offsets spread over `0..<length`, always including the first and last few.
    mutating func offsets(_ length: Int, count: Int) -> [Int] {
        var out = Set([0, 1, max(0, length - 1), max(0, length - 2)])
        while out.count < min(count, length) { out.insert(below(length)) }
        return out.sorted()
    }

    /// The input with one byte replaced by a byte that breaks most formats (a letter, a quote, a comma, a
    /// NUL, a minus sign, a digit, a high byte, a newline).
    mutating func corrupt(_ bytes: [UInt8]) -> [UInt8] {
        guard !bytes.isEmpty else { return bytes }
        var b = bytes
        let junk: [UInt8] = [UInt8(ascii: "x"), UInt8(ascii: "\""), UInt8(ascii: ","), 0, UInt8(ascii: "-"), UInt8(ascii: "9"), 0xFF, 10, UInt8(ascii: "<")]
        b[below(b.count)] = junk[below(junk.count)]
        return b
    }

    /// The lines of `bytes` shuffled (Fisher–Yates), keeping the first `keep` lines in place.
    mutating func shuffledLines(_ bytes: [UInt8], keep: Int) -> [UInt8] {
        var lines = bytes.split(separator: 10, omittingEmptySubsequences: false).map(Array.init)
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard lines.count > keep + 1 else { return bytes }
        for i in stride(from: lines.count - 1, to: keep, by: -1) {
            let j = keep + below(i - keep + 1)
            lines.swapAt(i, j)
        }
        return Array(lines.joined(separator: [10])) + [10]
    }
}

/// Every issue of a refused input must point into the file: `file`, `file:line` or `file:line:column`.
func expectIssuesLocated(_ issues: [DatasetIssue], in file: String, _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(!issues.isEmpty, comment, sourceLocation: sourceLocation)
    for i in issues where !(i.location == file || i.location.hasPrefix(file + ":")) {
        Issue.record("issue not located in \(file): \(i)", sourceLocation: sourceLocation)
    }
}
