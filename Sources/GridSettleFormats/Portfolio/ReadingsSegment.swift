import GridSettleCore

/// Where one meter's rows from one block of a readings file are kept in the ``ColumnSpill``, and what a
/// portfolio needs to know of them without reading them back: how many, their first and last instants.
struct ReadingsSegment: Sendable {
    var file: String
    var offset: Int
    var count: Int
    var ascending: Bool
    /// The earliest and the latest interval start among the rows.
    var earliest: Int64
    var latest: Int64

    /// Bytes per row: start, delivered, received (8 each), line (4), quality and channels (1 each).
    static let rowBytes = 8 + 8 + 8 + 4 + 1 + 1
}

extension MeterReadingColumns {
    /// Writes the columns to `spill`, one after the other, and says where.
    func spill(into spill: ColumnSpill) throws(ColumnSpill.Failure) -> ReadingsSegment {
        var lo = Int64.max
        var hi = Int64.min
        if ascending, let f = starts.first, let l = starts.last {
            lo = f
            hi = l
        } else {
            for t in starts { lo = min(lo, t); hi = max(hi, t) }
        }
        let offset = spill.reserve(count * ReadingsSegment.rowBytes)
        var at = try spill.write(starts, at: offset)
        at = try spill.write(delivered, at: at)
        at = try spill.write(received, at: at)
        at = try spill.write(lines, at: at)
        at = try spill.write(quality, at: at)
        _ = try spill.write(channels, at: at)
        return ReadingsSegment(file: file, offset: offset, count: count, ascending: ascending, earliest: lo, latest: hi)
    }

    /// The columns of `segment`, read back from `spill`.
    init(_ segment: ReadingsSegment, from spill: ColumnSpill) throws(ColumnSpill.Failure) {
        self.init(file: segment.file)
        let n = segment.count
        var at = segment.offset
        starts = try spill.array(of: Int64.self, at: at, count: n)
        at += n * 8
        delivered = try spill.array(of: Int64.self, at: at, count: n)
        at += n * 8
        received = try spill.array(of: Int64.self, at: at, count: n)
        at += n * 8
        lines = try spill.array(of: Int32.self, at: at, count: n)
        at += n * 4
        quality = try spill.array(of: DataQuality.self, at: at, count: n)
        at += n
        channels = try spill.array(of: UInt8.self, at: at, count: n)
        ascending = segment.ascending
    }
}
