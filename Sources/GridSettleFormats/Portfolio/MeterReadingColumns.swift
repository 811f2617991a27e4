import GridSettleCore

/// One meter's readings from one part of one readings file, as read, in file order: six columns rather than
/// a value per row, so a month of 5-minute data is six arrays and no per-row object.
///
/// A row of the interval layout gives both channels of its interval; a row of the series layout gives one
/// channel of many intervals (docs/dataset-format.md §4.1), so each entry says which channels it holds and a
/// unit joins the two channels of an interval when it places the entries on its grid.
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
    /// Which channels the entry gives: ``Channels/delivered``, ``Channels/received`` or both.
    var channels = ContiguousArray<UInt8>()
    var lines = ContiguousArray<Int32>()
    /// Whether `starts` ascend, so that a period's rows are found by binary search rather than a scan.
    var ascending = true

    init(file: String) { self.file = file }

    /// The bits of ``channels``.
    enum Channels {
        static let delivered: UInt8 = 1
        static let received: UInt8 = 2
        static let both: UInt8 = 3
    }

    mutating func append(start: Int64, delivered d: Int64, received r: Int64, quality q: DataQuality, line: Int32, channels c: UInt8 = Channels.both) {
        if let last = starts.last, last >= start { ascending = false }
        starts.append(start)
        delivered.append(d)
        received.append(r)
        quality.append(q)
        channels.append(c)
        lines.append(line)
    }

    /// Appends the values of one series row as entries holding `channel`: `values[k]` is the energy of the interval
    /// starting at `start + k × step`, or negative where the row gives none; `given` counts the others.
    mutating func appendSeries(start: Int64, step: Int64, values: UnsafeBufferPointer<Int64>, given: Int, channel: UInt8, quality q: DataQuality, line: Int32) {
        if let last = starts.last, last >= start { ascending = false }
        // Room for the row in every column, growing geometrically: reserving exactly `count + given` for each row
        // would copy a meter's columns once per row.
        let n = count + given
        if starts.capacity < n {
            let room = Swift.max(n, 2 * starts.capacity)
            starts.reserveCapacity(room)
            delivered.reserveCapacity(room)
            received.reserveCapacity(room)
            quality.reserveCapacity(room)
            channels.reserveCapacity(room)
            lines.reserveCapacity(room)
        }
        // a row's values are at most 8,928 and step at most 3,600 s: no overflow from an instant of the years 0–9999
        for k in 0..<values.count where values[k] >= 0 { starts.append(start + Int64(k) * step) }
        let zeros = repeatElement(Int64(0), count: given)
        if channel == Channels.delivered {
            for v in values where v >= 0 { delivered.append(v) }
            received.append(contentsOf: zeros)
        } else {
            delivered.append(contentsOf: zeros)
            for v in values where v >= 0 { received.append(v) }
        }
        quality.append(contentsOf: repeatElement(q, count: given))
        channels.append(contentsOf: repeatElement(channel, count: given))
        lines.append(contentsOf: repeatElement(line, count: given))
    }

    /// Gives entries `first ..< first + values.count`, appended by ``appendSeries`` from a row that gave every value,
    /// the other channel: `values` of the next row, for the same intervals.
    mutating func joinSeries(first: Int, values: UnsafeBufferPointer<Int64>, channel: UInt8) {
        let range = first..<(first + values.count)
        if channel == Channels.received {
            received.replaceSubrange(range, with: values)
        } else {
            delivered.replaceSubrange(range, with: values)
        }
        channels.replaceSubrange(range, with: repeatElement(Channels.both, count: values.count))
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
