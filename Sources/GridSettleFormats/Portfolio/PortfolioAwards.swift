import GridSettleCore

/// Every resource's awards of a portfolio, read once in blocks (``read(path:name:scope:parallelism:blockSize:digest:spill:)``)
/// and kept in the scratch space; a unit reads back its own resource's awards for its period.
public struct PortfolioAwards: Sendable {
    /// The awards file's name inside the portfolio (`awards.csv`).
    var file: String
    /// Per resource id, its segments in file order.
    var segments: SegmentIndex<AwardsSegment>
    var spill: ColumnSpill

    static func empty(file: String) -> PortfolioAwards { PortfolioAwards(file: file, segments: SegmentIndex(), spill: .inMemory()) }

    /// `resource`'s awards that start in `[start, end)`, in file order.
    func awards(of resource: String, from start: Instant, to end: Instant) throws(ColumnSpill.Failure) -> [Award] {
        var out: [Award] = []
        let (s, e) = (start.secondsSinceEpoch, end.secondsSinceEpoch)
        for segment in segments[resource] where segment.latest >= s && segment.earliest < e {
            let c = try AwardColumns(segment, from: spill)
            for i in 0..<c.count where c.start[i] >= s && c.start[i] < e { out.append(c.award(i, file: file)) }
        }
        return out
    }

    struct Read: Sendable {
        var awards: PortfolioAwards
        var issues: [DatasetIssue]
        var digest: [UInt8]
        var bytesRead: Int
    }

    /// Reads the awards file at `path` (docs/dataset-format.md §4.3) in blocks on every core. Every row is checked
    /// as a format 1 dataset's are; a repeated (resource, market, product, start, length) is found afterwards,
    /// one resource at a time, and named with both lines.
    static func read(
        path: String, name: String, scope: ResourceScope, parallelism: Int, blockSize: Int, digest: @escaping ByteDigest, spill: ColumnSpill
    ) -> Read {
        var awards = PortfolioAwards(file: name, segments: SegmentIndex(), spill: spill)
        var issues: [DatasetIssue] = []
        let read = CSVBlockReader.read(
            path: path, name: name, columns: DatasetFiles.Columns.awards, parallelism: parallelism, blockSize: blockSize, digest: digest,
            parse: { bytes, firstLine in
                let table: CSVTable
                do throws(DatasetInvalid) {
                    table = try CSVTable(file: name, bytes: bytes, required: DatasetFiles.Columns.awards, firstDataLine: firstLine)
                } catch {
                    return SpilledBlock<AwardsSegment>(issues: error.issues)
                }
                let found = IssueCollector(limit: 200)
                var columns: [String: AwardColumns] = [:]
                var order: [String] = []
                RecordReaders.forEachAward(table, scope: scope, issues: found) { _, resource, run, product, start, seconds, microMW, line in
                    if columns[resource] == nil { order.append(resource) }
                    columns[resource, default: AwardColumns()].append(run: run, product: product, start: start, seconds: seconds, microMW: microMW, line: line)
                }
                return SpilledBlock(order: order, columns: columns, issues: found.issues, dropped: found.dropped, file: name, spill: spill) {
                    (c: AwardColumns, spill) throws(ColumnSpill.Failure) in try c.spill(into: spill)
                }
            },
            collect: { $0.merge(into: &awards.segments, issues: &issues, file: name) })
        return Read(awards: awards, issues: read.issues + issues + awards.repeatedRows(), digest: read.digest, bytesRead: read.bytesRead)
    }

    /// A second row for the same resource, market, product, start and length, at the later line, naming the first.
    func repeatedRows() -> [DatasetIssue] {
        var found: [(line: Int32, issue: DatasetIssue)] = []
        for resource in segments.keys {
            let segs = segments[resource]
            var rows: [(key: (UInt8, UInt8, Int64, Int64), line: Int32)] = []
            for segment in segs {
                let c: AwardColumns
                do throws(ColumnSpill.Failure) {
                    c = try AwardColumns(segment, from: spill)
                } catch {
                    found.append((0, error.readIssue(location: file, what: "the parsed rows")))
                    continue
                }
                for i in 0..<c.count { rows.append(((c.run[i], c.product[i], c.start[i], c.seconds[i]), c.line[i])) }
            }
            rows.sort { $0.key != $1.key ? $0.key < $1.key : $0.line < $1.line }
            var first = 0
            for k in rows.indices.dropFirst() {
                guard rows[k].key == rows[first].key else { first = k; continue }
                found.append((rows[k].line, DatasetIssue(
                    location: "\(file):\(rows[k].line)", field: "interval_start", value: "\(Instant(secondsSinceEpoch: rows[k].key.2))",
                    expected: "one row per market, product, interval start and length; line \(rows[first].line) already has it (duplicate)")))
            }
        }
        return found.sorted { $0.line < $1.line }.map(\.issue)
    }
}
