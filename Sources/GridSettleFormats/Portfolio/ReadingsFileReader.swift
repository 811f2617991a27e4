import GridSettleCore

/// Reads one readings file of a portfolio (``CSVBlockReader``): each block is parsed into per-meter columns
/// (``ReadingsBlockParser``) and written to the scratch space at once, so what is held is where each meter's
/// rows are, never the rows.
enum ReadingsFileReader {
    struct Result: Sendable {
        /// Per meter, its segments in file order.
        var segments = SegmentIndex<ReadingsSegment>()
        var issues: [DatasetIssue] = []
        var digest: [UInt8] = []
        var bytesRead = 0
    }

    static func read(
        path: String, name: String, meters: [String: Int64], parallelism: Int, blockSize: Int = CSVBlockReader.blockSize,
        digest: @escaping ByteDigest, spill: ColumnSpill
    ) -> Result {
        let parser = ReadingsBlockParser(meters: meters, file: name)
        var result = Result()
        let read = CSVBlockReader.read(
            path: path, name: name, columns: DatasetFiles.Columns.readings, parallelism: parallelism, blockSize: blockSize, digest: digest,
            blockSizeAfter: { header in
                // a series block parses into about six times its bytes (30 bytes per value of about 5 characters),
                // the interval layout into less than its bytes: a quarter of the size keeps the blocks in flight,
                // and so the peak memory, about where the interval layout has them
                guard case .success(.series) = ReadingsLayout.of(fileStartingWith: header, file: name) else { return blockSize }
                return blockSize / 4
            },
            parse: { bytes, firstLine in
                let out = parser.parse(bytes, firstLine: firstLine)
                return SpilledBlock(order: out.order, columns: out.columns, issues: out.issues, dropped: out.dropped, file: name, spill: spill) {
                    (c: MeterReadingColumns, spill) throws(ColumnSpill.Failure) in try c.spill(into: spill)
                }
            },
            collect: { $0.merge(into: &result.segments, issues: &result.issues, file: name) })
        result.issues = read.issues + result.issues
        result.digest = read.digest
        result.bytesRead = read.bytesRead
        return result
    }
}
