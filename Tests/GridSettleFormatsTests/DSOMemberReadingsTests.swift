import Foundation
import GridSettleCore
import GridSettleExamples
import Testing

@testable import GridSettleFormats

/// The per-member readings layout (`member_readings/<member_id>.csv`, what a job's units read one member each) and
/// readings supplied by the caller (a job's stored series): the same dataset as the single `member_readings.csv`,
/// and every way of getting it wrong named.
@Suite("DSO member readings: per-member files and supplied series")
struct DSOMemberReadingsTests {
    static func files(memberFiles: Bool) -> [String: String] {
        var o = DSOExampleGenerator.Options()
        o.membersPerInterface = 4
        o.historyDays = 2
        o.memberFiles = memberFiles
        return DSOExampleGenerator.files(o)
    }

    static func write(_ files: [String: String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dso-split-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("member_readings"), withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
        return dir.path
    }

    static func bytes(_ files: [String: String]) -> [String: [UInt8]] { files.mapValues { Array($0.utf8) } }

    /// The errors `body` throws as ``DatasetInvalid`` (none when it reads); any other error fails the test.
    static func errors(_ body: () throws -> Void) -> [DatasetIssue] {
        do {
            try body()
            return []
        } catch let e as DatasetInvalid {
            return e.errors
        } catch {
            Issue.record("not a DatasetInvalid: \(error)")
            return []
        }
    }

    @Test("the generator's per-member layout holds exactly the single file's rows, one file per member")
    func splitIsTheSameRows() throws {
        let single = Self.files(memberFiles: false), split = Self.files(memberFiles: true)
        #expect(split["member_readings.csv"] == nil)
        let perMember = split.filter { $0.key.hasPrefix("member_readings/") }
        let members = single["members.csv"]!.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != "," }) }
        #expect(perMember.count == members.count && members.count == 28)
        #expect(Set(perMember.keys) == Set(members.map { "member_readings/\($0).csv" }))
        let header = single["member_readings.csv"]!.prefix { $0 != "\n" }
        var rows: [Substring] = []
        for m in members {
            let lines = perMember["member_readings/\(m).csv"]!.split(separator: "\n")
            #expect(lines.first == header)
            #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("\(m),") })
            rows += lines.dropFirst()
        }
        #expect(rows.sorted() == single["member_readings.csv"]!.split(separator: "\n").dropFirst().sorted())
        // everything but the readings is byte-identical
        for (name, text) in single where name != "member_readings.csv" { #expect(split[name] == text, "\(name)") }
    }

    @Test("both layouts read into the same columns, from files and from a directory")
    func bothLayoutsReadTheSame() throws {
        let a = try DSODatasetReader.read(files: Self.bytes(Self.files(memberFiles: false)))
        let b = try DSODatasetReader.read(files: Self.bytes(Self.files(memberFiles: true)))
        #expect(a.receivedMicroKWh == b.receivedMicroKWh && a.deliveredMicroKWh == b.deliveredMicroKWh)
        #expect(a.receivedMicroKWh.contains { $0.contains { $0 > 0 } } && a.deliveredMicroKWh.contains { $0.contains { $0 > 0 } })
        let dir = try Self.write(Self.files(memberFiles: true))
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let c = try DSODatasetReader.read(directory: dir)
        #expect(c.receivedMicroKWh == a.receivedMicroKWh && c.deliveredMicroKWh == a.deliveredMicroKWh)
        // one member alone, as a worker reads it
        let header = try DSODatasetReader.readHeader(directory: dir)
        #expect(header.members.map(\.id) == a.members.map(\.id) && header.grid == a.grid)
        for k in [0, 13, 27] {
            let r = try DSODatasetReader.readMemberReadings(directory: dir, header: header, memberID: a.members[k].id)
            #expect(r.received == a.receivedMicroKWh[k] && r.delivered == a.deliveredMicroKWh[k])
        }
    }

    @Test("a member without a file, both layouts at once, a row of another member, and a stray file are all named")
    func layoutProblems() throws {
        var split = Self.files(memberFiles: true)
        let members = split["members.csv"]!.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != "," }) }
        let gone = members[5], other = members[6]
        split["member_readings/\(gone).csv"] = nil
        var errs = Self.errors { _ = try DSODatasetReader.read(files: Self.bytes(split)) }
        #expect(errs.count == 1 && errs[0].location == "members.csv:7" && errs[0].value == gone && errs[0].expected.contains("member_readings/\(gone).csv"))

        var both = Self.files(memberFiles: true)
        both["member_readings.csv"] = Self.files(memberFiles: false)["member_readings.csv"]
        errs = Self.errors { _ = try DSODatasetReader.read(files: Self.bytes(both)) }
        #expect(errs.count == 1 && errs[0].expected.contains("not both"))

        var foreign = Self.files(memberFiles: true)
        let name = "member_readings/\(members[0]).csv"
        let lines = foreign[name]!.split(separator: "\n")
        foreign[name] = ([lines[0]] + [Substring(lines[1].replacingOccurrences(of: members[0] + ",", with: other + ","))] + lines.dropFirst(2))
            .joined(separator: "\n") + "\n"
        errs = Self.errors { _ = try DSODatasetReader.read(files: Self.bytes(foreign)) }
        #expect(errs.contains { $0.location.hasPrefix("\(name):2") && $0.value == other && $0.expected.contains("the member this file is named after") })
        // …and the interval that row should have filled is missing
        #expect(errs.contains { $0.value == members[0] && $0.expected.contains("1 of 96 missing") })

        var stray = Self.files(memberFiles: true)
        stray["member_readings/NOT-A-MEMBER.csv"] = stray["member_readings/\(members[0]).csv"]
        let d = try DSODatasetReader.read(files: Self.bytes(stray))
        #expect(d.warnings.contains { $0.location == "member_readings/NOT-A-MEMBER.csv" && $0.expected.contains("not used") })

        var none = Self.files(memberFiles: true)
        for k in none.keys where k.hasPrefix("member_readings/") { none[k] = nil }
        errs = Self.errors { _ = try DSODatasetReader.read(files: Self.bytes(none)) }
        #expect(errs.contains { $0.location == "member_readings.csv" && $0.value == "missing" && $0.expected.contains("one file per member") })
    }

    @Test("a worker reading one member of a single-file dataset is told which layout it needs")
    func singleFileDatasetCannotBeSplitByUnits() throws {
        let dir = try Self.write(Self.files(memberFiles: false))
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let header = try DSODatasetReader.readHeader(directory: dir)
        let errs = Self.errors { _ = try DSODatasetReader.readMemberReadings(directory: dir, header: header, memberID: header.members[0].id) }
        #expect(errs.count == 1 && errs[0].expected.contains("--member-files") && errs[0].location == "member_readings/\(header.members[0].id).csv")
    }

    @Test("supplied readings: taken as given for every member; a missing member, a short column or a negative value is an error")
    func suppliedReadings() throws {
        let a = try DSODatasetReader.read(files: Self.bytes(Self.files(memberFiles: false)))
        var rec: [String: ContiguousArray<Int64>] = [:], del: [String: ContiguousArray<Int64>] = [:]
        for (k, m) in a.members.enumerated() {
            rec[m.id] = a.receivedMicroKWh[k]
            del[m.id] = a.deliveredMicroKWh[k]
        }
        var noReadings = Self.files(memberFiles: false)
        noReadings["member_readings.csv"] = nil
        let b = try DSODatasetReader.read(files: Self.bytes(noReadings), readings: .supplied(source: "job t", received: rec, delivered: del))
        #expect(b.receivedMicroKWh == a.receivedMicroKWh && b.deliveredMicroKWh == a.deliveredMicroKWh)

        var extra = rec
        extra["STRANGER"] = a.receivedMicroKWh[0]
        let c = try DSODatasetReader.read(files: Self.bytes(noReadings), readings: .supplied(source: "job t", received: extra, delivered: del))
        #expect(c.warnings.contains { $0.location == "job t" && $0.value.contains("STRANGER") })

        var short = rec, negative = del, missing = rec
        short[a.members[3].id] = ContiguousArray(a.receivedMicroKWh[3].dropLast())
        negative[a.members[4].id]![10] = -1
        missing[a.members[1].id] = nil
        missing[a.members[2].id] = nil
        var errs = Self.errors { _ = try DSODatasetReader.read(files: Self.bytes(noReadings), readings: .supplied(source: "job t", received: short, delivered: negative)) }
        #expect(errs.count == 2)
        #expect(errs.contains { $0.value == a.members[3].id && $0.expected.contains("received has 95") })
        #expect(errs.contains { $0.value == a.members[4].id && $0.expected.contains("negative at \(a.grid.startOf(10))") })
        errs = Self.errors { _ = try DSODatasetReader.read(files: Self.bytes(noReadings), readings: .supplied(source: "job t", received: missing, delivered: del)) }
        #expect(errs.count == 1 && errs[0].location == "job t" && errs[0].value.hasPrefix("2 member(s)"))
    }
}
