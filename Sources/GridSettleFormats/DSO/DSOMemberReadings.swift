import Foundation
import GridSettleCore

/// Where a DSO dataset's member readings come from.
///
/// A DSO settles thousands of members; at scale each member's meter data is one unit of work
/// (docs/scaling.md): a worker reads one member's readings file, checks it and stores its received and delivered
/// energy per interval with the unit; the DSO's interface settlement is then the reduce over those units
/// (`gridsettle dso DIR --db … --job …`), reading everything else from the dataset.
public enum DSOMemberReadings: Sendable {
    /// `member_readings.csv`, or one file per member in `member_readings/` (never both).
    case files
    /// Supplied by the caller, by member id, on the dataset's grid (µkWh ≥ 0 per interval); `source` names where
    /// they came from in messages (e.g. `job 2024-07-16 (postgres)`). Every member must have both columns,
    /// complete; ids that are not members are warned about and not used.
    case supplied(source: String, received: [String: ContiguousArray<Int64>], delivered: [String: ContiguousArray<Int64>])
}

/// What planning and a member unit need of a DSO dataset: `dso.json` and `members.csv` only.
public struct DSOHeader: Sendable {
    public var zone: MarketTimeZone
    public var period: SettlementPeriod
    public var grid: IntervalGrid
    public var dsos: [DSO]
    public var members: [DSODataset.Member]
    public var memberIndex: [String: Int]
}

extension DSODatasetReader {
    /// Reads `dso.json` and `members.csv` of the dataset in `directory` (all problems at once, as ``read(directory:readings:)``).
    public static func readHeader(directory: String) throws(DatasetInvalid) -> DSOHeader {
        let issues = IssueCollector()
        func bytes(_ name: String) -> [UInt8]? {
            guard let d = FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent(name)) else {
                issues.add(DatasetIssue(location: name, field: "(file)", value: "missing", expected: "the file \(name) (docs/dso-dataset.md)"))
                return nil
            }
            return [UInt8](d)
        }
        guard let mb = bytes(Files.manifest), let manifest = DSOManifestReader.read(mb, issues: issues), let members = bytes(Files.members) else {
            throw DatasetInvalid(issues: issues.all)
        }
        let bounds = manifest.period.bounds(in: manifest.zone)
        let grid = IntervalGrid(start: bounds.start, end: bounds.end, seconds: manifest.intervalSeconds)
        var parsed: ([DSODataset.Member], [String: Int]) = ([], [:])
        do {
            let t = try CSVTable(file: Files.members, bytes: members, required: Columns.members)
            parsed = readMembers(t, manifest: manifest, issues: issues)
        } catch {
            for i in error.issues { issues.add(i) }
        }
        if issues.hasErrors { throw DatasetInvalid(issues: issues.all) }
        return DSOHeader(zone: manifest.zone, period: manifest.period, grid: grid, dsos: manifest.dsos, members: parsed.0, memberIndex: parsed.1)
    }

    /// The path of one member's readings file in the per-member layout.
    public static func memberReadingsPath(directory: String, memberID: String) -> String {
        ((directory as NSString).appendingPathComponent(Files.readingsDirectory) as NSString).appendingPathComponent("\(memberID).csv")
    }

    /// Reads one member's readings from `member_readings/<member_id>.csv` onto the dataset's grid: every interval
    /// present, no duplicates, quality A/E/S (an `M` row leaves the interval missing, which is an error).
    public static func readMemberReadings(directory: String, header: DSOHeader, memberID: String) throws(DatasetInvalid)
        -> (received: ContiguousArray<Int64>, delivered: ContiguousArray<Int64>)
    {
        let name = "\(Files.readingsDirectory)/\(memberID).csv"
        guard let k = header.memberIndex[memberID] else {
            throw DatasetInvalid(issues: [DatasetIssue(location: Files.members, field: "member_id", value: memberID, expected: "a member of the dataset")])
        }
        guard let d = FileManager.default.contents(atPath: memberReadingsPath(directory: directory, memberID: memberID)) else {
            let single = FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(Files.readings))
            throw DatasetInvalid(issues: [DatasetIssue(
                location: name, field: "(file)", value: "missing",
                expected: "the member's readings file (members.csv:\(header.members[k].line))"
                    + (single ? "; this dataset has the single \(Files.readings), and a job's units read one member each: "
                        + "write one file per member (`gridsettle generate --example dso --member-files` shows the layout)" : ""))])
        }
        let issues = IssueCollector()
        let r = readOneMember(file: name, bytes: [UInt8](d), grid: header.grid, member: header.members[k], issues: issues)
        if issues.hasErrors { throw DatasetInvalid(issues: issues.all) }
        return r
    }

    /// One member's readings file onto that member's two columns (problems go to `issues`).
    static func readOneMember(file name: String, bytes: [UInt8], grid: IntervalGrid, member: DSODataset.Member, issues: IssueCollector)
        -> (received: ContiguousArray<Int64>, delivered: ContiguousArray<Int64>)
    {
        var rec = [ContiguousArray<Int64>(repeating: 0, count: grid.count)]
        var del = rec
        do {
            let t = try CSVTable(file: name, bytes: bytes, required: Columns.readings)
            readReadings(t, grid: grid, members: [member], memberIndex: [member.id: 0], received: &rec, delivered: &del,
                         issues: issues, memberExpected: "\(member.id), the member this file is named after")
        } catch {
            for i in error.issues { issues.add(i) }
        }
        return (rec[0], del[0])
    }

    /// The per-member layout inside ``read(files:readings:)``: each member's file onto its columns; a member without a
    /// file is an error at its `members.csv` line; a file for an id that is no member is warned about and not used.
    static func readPerMemberFiles(
        _ files: [String: [UInt8]], names: [String], grid: IntervalGrid, members: [DSODataset.Member],
        received: inout [ContiguousArray<Int64>], delivered: inout [ContiguousArray<Int64>], issues: IssueCollector
    ) {
        var unused = Set(names)
        for (k, member) in members.enumerated() {
            let name = "\(Files.readingsDirectory)/\(member.id).csv"
            unused.remove(name)
            guard let b = files[name] else {
                issues.add(DatasetIssue(location: "\(Files.members):\(member.line)", field: "member_id", value: member.id,
                                        expected: "a readings file \(name) for every member (the per-member layout)"))
                continue
            }
            (received[k], delivered[k]) = readOneMember(file: name, bytes: b, grid: grid, member: member, issues: issues)
        }
        if let first = unused.sorted().first {
            issues.add(DatasetIssue(severity: .warning, location: first, field: "(file)", value: "\(unused.count) file(s) in \(Files.readingsDirectory)/",
                                    expected: "files named after members in members.csv (<member_id>.csv); these are not used"))
        }
    }

    /// Supplied readings onto the members' columns: both columns for every member, each the grid's length.
    static func takeSupplied(
        source: String, received rec: [String: ContiguousArray<Int64>], delivered del: [String: ContiguousArray<Int64>], grid: IntervalGrid,
        members: [DSODataset.Member], into received: inout [ContiguousArray<Int64>], _ delivered: inout [ContiguousArray<Int64>],
        issues: IssueCollector
    ) {
        var missing: [String] = []
        for (k, member) in members.enumerated() {
            guard let r = rec[member.id], let d = del[member.id] else {
                missing.append(member.id)
                continue
            }
            guard r.count == grid.count, d.count == grid.count else {
                issues.add(DatasetIssue(location: source, field: "member_id", value: member.id,
                                        expected: "\(grid.count) intervals on the dataset's grid; received has \(r.count), delivered \(d.count)"))
                continue
            }
            if let bad = r.firstIndex(where: { $0 < 0 }) ?? d.firstIndex(where: { $0 < 0 }) {
                issues.add(DatasetIssue(location: source, field: "member_id", value: member.id,
                                        expected: "energy ≥ 0 in every interval; negative at \(grid.startOf(bad))"))
                continue
            }
            received[k] = r
            delivered[k] = d
        }
        if !missing.isEmpty {
            issues.add(DatasetIssue(location: source, field: "member_id", value: "\(missing.count) member(s): \(missing.prefix(10).joined(separator: ", "))\(missing.count > 10 ? ", …" : "")",
                                    expected: "received and delivered energy for every member in members.csv"))
        }
        let known = Set(members.map(\.id))
        let extra = Set(rec.keys).union(del.keys).subtracting(known).sorted()
        if !extra.isEmpty {
            issues.add(DatasetIssue(severity: .warning, location: source, field: "member_id", value: "\(extra.count) id(s): \(extra.prefix(10).joined(separator: ", "))",
                                    expected: "ids of members in members.csv; these readings are not used"))
        }
    }
}
