import GridSettleCore

/// One meter's readings from one part of one readings file, as read, in file order: five columns rather than
/// a value per row, so a month of 5-minute data is five arrays and no per-row object.
///
/// A portfolio's readings are read once for every period it settles; each (resource, period) unit then
/// places the rows inside its period on its meters' grids (``PortfolioReadings/channels(of:grid:)``), where
/// misaligned and repeated intervals are reported with the file and line kept here.
struct MeterReadingColumns: Sendable {
    var file: String
    var starts = ContiguousArray<Int64>()
    var delivered = ContiguousArray<Int64>()
    var received = ContiguousArray<Int64>()
    var quality = ContiguousArray<DataQuality>()
    var lines = ContiguousArray<Int32>()
    /// Whether `starts` ascend, so that a period's rows are found by binary search rather than a scan.
    var ascending = true

    init(file: String) { self.file = file }

    mutating func append(start: Int64, delivered d: Int64, received r: Int64, quality q: DataQuality, line: Int32) {
        if let last = starts.last, last >= start { ascending = false }
        starts.append(start)
        delivered.append(d)
        received.append(r)
        quality.append(q)
        lines.append(line)
    }

    var count: Int { starts.count }

    /// The rows whose start lies in `[from, to)`; all rows, to be filtered one by one, when not ascending.
    func candidateRows(from: Int64, to: Int64) -> Range<Int> {
        guard ascending else { return 0..<count }
        func firstIndex(notBelow t: Int64) -> Int {
            var lo = 0
            var hi = count
            while lo < hi {
                let mid = (lo + hi) / 2
                if starts[mid] < t { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        return firstIndex(notBelow: from)..<firstIndex(notBelow: to)
    }
}
