import Foundation
import GridSettleCore
import GridSettleFormats
import Testing

/// Corrupted variants of every file of the example dataset, as an adversarial user would send them: cut short,
/// one byte replaced, a line deleted, a line repeated. Each variant is refused with located issues, or it reads;
/// and a dataset that reads and validates must settle (`SettlementEngine.settle` throws its refusals, and a trap
/// would end the test process). ``ExtremeValuePropertyTests`` does the same for extreme numbers.
@Suite("Dataset files: corrupted variants")
struct DatasetCorruptionTests {
    /// A small seeded generator: the same seed gives the same variants.
    struct Mutator {
        var state: UInt64
        mutating func below(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return n <= 1 ? 0 : Int((state >> 11) % UInt64(n))
        }

        mutating func variant(_ bytes: [UInt8]) -> [UInt8] {
            guard !bytes.isEmpty else { return bytes }
            var lines = bytes.split(separator: 10, omittingEmptySubsequences: false).map(Array.init)
            if lines.last?.isEmpty == true { lines.removeLast() }
            switch below(4) {
            case 0:
                return Array(bytes[..<below(bytes.count)])
            case 1:
                var b = bytes
                let junk: [UInt8] = [UInt8(ascii: "x"), UInt8(ascii: "\""), UInt8(ascii: ","), 0, UInt8(ascii: "-"), UInt8(ascii: "9"), 0xFF, 10, UInt8(ascii: "{")]
                b[below(b.count)] = junk[below(junk.count)]
                return b
            case 2:
                lines.remove(at: below(lines.count))
                return Array(lines.joined(separator: [10])) + [10]
            default:
                let k = below(lines.count)
                lines.insert(lines[k], at: k)
                return Array(lines.joined(separator: [10])) + [10]
            }
        }
    }

    @Test("each file of the example: 24 variants, each refused with located issues or settled without a trap")
    func corruptedFiles() throws {
        let files = E2E.files(try E2E.example())
        var refused = 0
        var settled = 0
        for name in files.keys.sorted() {
            var m = Mutator(state: UInt64(name.utf8.reduce(0) { $0 &* 31 &+ UInt64($1) }))
            for _ in 0..<24 {
                var f = files
                f[name] = m.variant(files[name]!)
                do {
                    let d = try DatasetReader.read(files: f)
                    do {
                        _ = try SettlementEngine.settle(d)
                        settled += 1
                    } catch {
                        // refused by validation: located like a reader's issues
                        refused += 1
                        for i in error.issues where i.location.isEmpty || i.expected.isEmpty { Issue.record("\(name): unlocated issue \(i)") }
                    }
                } catch {
                    refused += 1
                    #expect(!error.issues.isEmpty)
                    for i in error.issues where i.location.isEmpty || i.expected.isEmpty { Issue.record("\(name): unlocated issue \(i)") }
                }
            }
        }
        #expect(refused + settled == files.count * 24)
        #expect(refused > 0 && settled > 0, "refused \(refused), settled \(settled)")
    }
}
