import Foundation
import GridSettleCore
import GridSettleStore
import Testing

@testable import GridSettleFormats

/// A portfolio's parsed meter data and awards live in the scratch space (``ColumnSpill``), not in memory:
/// what goes in comes back exactly, from a scratch file or from memory, whatever the blocks and cores.
@Suite struct PortfolioScratchTests {
    /// Columns written by several threads at ranges they reserved come back byte for byte, from a file and
    /// from memory alike.
    @Test(arguments: [true, false]) func columnsComeBackExactly(file: Bool) async throws {
        let spill = file ? ColumnSpill.scratchFile() : ColumnSpill.inMemory()
        #expect(spill.backing.contains(file ? "scratch file" : "memory"))
        let written = await withTaskGroup(of: (Int, MeterReadingColumns, ReadingsSegment).self) { group in
            for k in 0..<16 {
                group.addTask {
                    var c = MeterReadingColumns(file: "readings/\(k).csv")
                    for i in 0..<(k * 37 + 1) {
                        let t = Int64(1_700_000_000 + (i % 5 == 4 ? -i : i) * 300)
                        c.append(start: t, delivered: Int64(i * k) - 7, received: Int64.max - Int64(i), quality: DataQuality.allCases[i % 4], line: Int32(i + 2))
                    }
                    return (k, c, try! c.spill(into: spill))
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(written.count == 16)
        for (k, c, segment) in written {
            let back = try MeterReadingColumns(segment, from: spill)
            #expect(back.file == "readings/\(k).csv")
            #expect(back.starts == c.starts && back.delivered == c.delivered && back.received == c.received)
            #expect(back.quality == c.quality && back.lines == c.lines && back.ascending == c.ascending)
            #expect(segment.earliest == c.starts.min() && segment.latest == c.starts.max())
        }
    }

    /// Where no scratch file can be made the columns stay in memory, the reason is named where `settle` shows
    /// it, and the portfolio settles the same.
    @Test func noScratchDirectoryKeepsTheColumnsInMemory() throws {
        let spill = ColumnSpill.scratchFile(directory: "/nonexistent-scratch-directory")
        #expect(spill.backing.hasPrefix("memory (no scratch file in /nonexistent-scratch-directory: "))
        let fleet = try PortfolioFixture.fleet(1)
        let dir = try PortfolioFixture.portfolio(fleet, tag: "no-scratch")
        let inMemory = try PortfolioReader.read(directory: dir, blockSize: 1000, digest: InputDigest.sha256, spill: spill)
        let onFile = try PortfolioReader.read(directory: dir, blockSize: 1000, digest: InputDigest.sha256)
        #expect(inMemory.scratch == spill.backing && onFile.scratch.contains("scratch file"))
        let unit = try #require(onFile.units(.allComplete).first)
        #expect(try inMemory.dataset(unit).meters == onFile.dataset(unit).meters)
        #expect(inMemory.fileDigests.map(\.sha256) == onFile.fileDigests.map(\.sha256))
    }

    /// Awards read in blocks of a few hundred bytes on several cores are the awards a format 1 reader finds, in
    /// file order, with their `file:line` sources; a unit gets its own period's awards only.
    @Test func awardsReadInBlocksAreTheAwardsOfTheFile() throws {
        let fleet = try PortfolioFixture.fleet(2)
        let dir = try PortfolioFixture.portfolio(fleet, tag: "award-blocks")
        let whole = try PortfolioReader.read(directory: dir, digest: InputDigest.sha256)
        let small = try PortfolioReader.read(directory: dir, parallelism: 3, blockSize: 300, digest: InputDigest.sha256)
        for (k, unit) in whole.units(.allComplete).enumerated() {
            let a = try whole.dataset(unit).awards
            let b = try small.dataset(unit).awards
            #expect(!a.isEmpty)
            #expect(a == b)
            #expect(a.map(\.start) == fleet[k].awards.map(\.start))
            #expect(a.map(\.microMW) == fleet[k].awards.map(\.microMW))
            #expect(a.allSatisfy { $0.source.hasPrefix("awards.csv:") })
        }
    }

    /// A second row for the same resource, market, product and interval is refused at the later line, naming
    /// the first, even when the two are in different blocks read on different cores; the first line of three
    /// copies is the one named for both repeats.
    @Test func repeatedAwardsAcrossBlocksAreNamedWithBothLines() throws {
        let fleet = try PortfolioFixture.fleet(2)
        let dir = try PortfolioFixture.portfolio(fleet, tag: "award-dup")
        var lines = PortfolioFixture.text(dir, "awards.csv").split(separator: "\n").map(String.init)
        let copied = lines[1]
        lines.append(copied)
        lines.append(copied)
        try PortfolioFixture.write(dir, "awards.csv", lines.joined(separator: "\n") + "\n")
        do {
            _ = try PortfolioReader.read(directory: dir, parallelism: 2, blockSize: 256, digest: InputDigest.sha256)
            Issue.record("repeated award rows must be refused")
        } catch {
            let repeats = error.issues.filter { $0.expected.contains("(duplicate)") }
            #expect(repeats.map(\.location) == ["awards.csv:\(lines.count - 1)", "awards.csv:\(lines.count)"])
            #expect(repeats.allSatisfy { $0.expected.contains("line 2 already has it") })
        }
    }

    /// A bad award row in a late block is named with its own line in the file.
    @Test func awardErrorsNameTheFileLineAcrossBlocks() throws {
        let fleet = try PortfolioFixture.fleet(1)
        let dir = try PortfolioFixture.portfolio(fleet, tag: "award-lines")
        var lines = PortfolioFixture.text(dir, "awards.csv").split(separator: "\n").map(String.init)
        let k = lines.count - 2
        lines[k] = lines[k].replacingOccurrences(of: ",EN,", with: ",XX,").replacingOccurrences(of: ",RU,", with: ",XX,").replacingOccurrences(of: ",RD,", with: ",XX,")
        try PortfolioFixture.write(dir, "awards.csv", lines.joined(separator: "\n") + "\n")
        do {
            _ = try PortfolioReader.read(directory: dir, parallelism: 2, blockSize: 256, digest: InputDigest.sha256)
            Issue.record("an unknown product must be refused")
        } catch {
            #expect(error.issues.contains { $0.location.hasPrefix("awards.csv:\(k + 1):") && $0.field == "product" && $0.value == "XX" }, "\(error.issues)")
        }
    }
}
