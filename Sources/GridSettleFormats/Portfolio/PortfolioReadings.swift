import GridSettleCore

/// Every meter's readings of a portfolio, read once; each unit takes its meters' rows for its period.
///
/// The rows are in a ``ColumnSpill`` and only their places are held here, a few words per meter and file
/// block, so the memory a portfolio takes does not grow with its meter data.
public struct PortfolioReadings: Sendable {
    /// Per meter id, its segments (one per readings file block it appears in), in file order.
    var segments: SegmentIndex<ReadingsSegment>
    var spill: ColumnSpill

    /// The first interval start and the last interval end of `meter`'s rows, whatever their quality.
    func span(of meter: String, seconds: Int64) -> (start: Int64, end: Int64)? {
        var lo = Int64.max
        var hi = Int64.min
        for s in segments[meter] where s.count > 0 {
            lo = min(lo, s.earliest)
            hi = max(hi, s.latest)
        }
        guard lo <= hi else { return nil }
        let (end, overflow) = hi.addingReportingOverflow(seconds)
        return overflow ? nil : (lo, end)
    }

    /// `meter`'s rows inside `grid`, placed on it. A row between grid points (clock misalignment) or a second
    /// row for an interval is an issue naming file and line; intervals without a row stay missing.
    ///
    /// A series-layout row gives one channel of its intervals: an interval takes its delivered and its received
    /// kWh from two rows, which must agree on the quality, and an interval that has only one of them is an issue
    /// (the other is never taken as zero). A row of many intervals is reported once per kind of problem.
    ///
    /// `siteFile` names where the meter is declared in the message for a meter without a row.
    func channels(of meter: MeterSpec, grid: IntervalGrid, siteFile: String = "the site", issues: inout [DatasetIssue]) -> MeterChannels {
        var del = ContiguousArray<Int64>(repeating: 0, count: grid.count)
        var rec = ContiguousArray<Int64>(repeating: 0, count: grid.count)
        var qd = ContiguousArray<DataQuality>(repeating: .missing, count: grid.count)
        // the channels given so far for each interval, and per interval and channel (index 2i: delivered, 2i + 1:
        // received) the row that gave it: its segment + 1 (0: none) and line, for the messages
        var seenChannels = ContiguousArray<UInt8>(repeating: 0, count: grid.count)
        var seenSegment = ContiguousArray<Int32>(repeating: 0, count: 2 * grid.count)
        var seenLine = ContiguousArray<Int32>(repeating: 0, count: 2 * grid.count)
        let start = grid.start.secondsSinceEpoch
        let end = grid.end.secondsSinceEpoch
        let step = grid.seconds
        var rows = 0
        var halves = false
        let segs = segments[meter.id]
        // (segment, line, kind) already reported: a series row's intervals share its line
        var reported = Set<ReportedRow>()
        func report(_ k: Int, _ line: Int32, _ kind: UInt8, _ issue: () -> DatasetIssue) {
            if reported.insert(ReportedRow(segment: Int32(k), line: line, kind: kind)).inserted { issues.append(issue()) }
        }
        /// Where the row is that gave interval `i` the channel of `bits` (delivered when it has that bit), as
        /// `line N` in `file` itself, else `file:N`.
        func place(_ i: Int, _ bits: UInt8, from file: String) -> String {
            let c = 2 * i + (bits & MeterReadingColumns.Channels.delivered != 0 ? 0 : 1)
            let first = segs[Int(seenSegment[c]) - 1].file
            return first == file ? "line \(seenLine[c])" : "\(first):\(seenLine[c])"
        }
        for (k, segment) in segs.enumerated() {
            let s: MeterReadingColumns
            do throws(ColumnSpill.Failure) {
                s = try MeterReadingColumns(segment, from: spill)
            } catch {
                issues.append(Self.unreadable(segment, error))
                continue
            }
            for r in s.candidateRows(from: start, to: end) {
                let t = s.starts[r]
                guard t >= start && t < end else { continue }
                let offset = t - start
                guard offset % step == 0 else {
                    report(k, s.lines[r], 0) {
                        DatasetIssue(location: "\(s.file):\(s.lines[r])", field: "interval_start", value: "\(Instant(secondsSinceEpoch: t))",
                                     expected: "a start on meter \(meter.id)'s \(meter.intervalMinutes)-minute grid (clock misalignment?)")
                    }
                    continue
                }
                let i = Int(offset / step)
                let given = s.channels[r]
                if seenChannels[i] & given != 0 {
                    report(k, s.lines[r], 1) {
                        DatasetIssue(location: "\(s.file):\(s.lines[r])", field: "interval_start", value: "\(Instant(secondsSinceEpoch: t))",
                                     expected: "one row per meter and interval\(given == MeterReadingColumns.Channels.both ? "" : " and channel"); \(place(i, seenChannels[i] & given, from: s.file)) already has meter \(meter.id) at this interval (duplicate)")
                    }
                    continue
                }
                var agrees = true
                if seenChannels[i] != 0 {
                    // the other channel of an interval one row has given already
                    if s.quality[r] != qd[i] {
                        report(k, s.lines[r], 2) {
                            DatasetIssue(location: "\(s.file):\(s.lines[r])", field: "quality", value: s.quality[r].code,
                                         expected: "the quality of the other channel of meter \(meter.id) at \(Instant(secondsSinceEpoch: t)): \(qd[i].code) (\(place(i, seenChannels[i], from: s.file)))")
                        }
                        agrees = false
                    }
                } else {
                    qd[i] = s.quality[r]
                    rows += 1
                }
                // given even when its quality disagrees: that interval is not also reported as lacking the channel
                for c in 0..<2 where given & (c == 0 ? MeterReadingColumns.Channels.delivered : MeterReadingColumns.Channels.received) != 0 {
                    seenSegment[2 * i + c] = Int32(k + 1)
                    seenLine[2 * i + c] = s.lines[r]
                }
                seenChannels[i] |= given
                guard agrees else { continue }
                if given & MeterReadingColumns.Channels.delivered != 0 { del[i] = s.delivered[r] }
                if given & MeterReadingColumns.Channels.received != 0 { rec[i] = s.received[r] }
                if seenChannels[i] != MeterReadingColumns.Channels.both { halves = true }
            }
        }
        if halves {
            // an interval with one channel: reported, and missing rather than read as zero in the other
            var lastRow: (Int32, Int32) = (-1, -1)
            for i in 0..<grid.count where seenChannels[i] != 0 && seenChannels[i] != MeterReadingColumns.Channels.both {
                let delivered = seenChannels[i] == MeterReadingColumns.Channels.delivered
                let c = 2 * i + (delivered ? 0 : 1)
                if lastRow != (seenSegment[c], seenLine[c]) {
                    lastRow = (seenSegment[c], seenLine[c])
                    let t = Instant(secondsSinceEpoch: start + Int64(i) * step)
                    issues.append(DatasetIssue(location: "\(segs[Int(seenSegment[c]) - 1].file):\(seenLine[c])", field: "channel", value: delivered ? "delivered" : "received",
                                               expected: "both channels of meter \(meter.id) at \(t): a \(delivered ? "received" : "delivered") row for this interval too (write 0 for a channel that recorded nothing)"))
                }
                qd[i] = .missing
                del[i] = 0
                rec[i] = 0
            }
        }
        if rows == 0 {
            let files = Set(segs.map(\.file)).sorted()
            issues.append(DatasetIssue(location: files.count == 1 ? files[0] : "readings", field: "meter_id", value: meter.id,
                                       expected: "readings for every meter in \(siteFile) (meter \(meter.id) has no row in the period \(grid.start)…\(grid.end))"))
        }
        return MeterChannels(delivered: EnergySeries(grid: grid, microKWh: del, quality: qd),
                             received: EnergySeries(grid: grid, microKWh: rec, quality: qd))
    }

    /// A row already reported for one kind of problem (0 misaligned, 1 duplicate, 2 quality).
    private struct ReportedRow: Hashable {
        var segment: Int32
        var line: Int32
        var kind: UInt8
    }

    /// Rows outside `[start, end)` and the place of the first one: a format 1 dataset reports them once.
    func outside(_ start: Instant, _ end: Instant) -> (count: Int, first: String?) {
        var count = 0
        var first: (String, Int32)? = nil
        for meter in segments.keys {
            for segment in segments[meter] {
                guard let s = try? MeterReadingColumns(segment, from: spill) else { continue }  // the unit has reported it
                for r in 0..<s.count where s.starts[r] < start.secondsSinceEpoch || s.starts[r] >= end.secondsSinceEpoch {
                    count += 1
                    if first.map({ s.lines[r] < $0.1 }) ?? true { first = (s.file, s.lines[r]) }
                }
            }
        }
        return (count, first.map { "\($0.0):\($0.1)" })
    }

    /// A segment the scratch space cannot give back (a disk error): the unit cannot be settled.
    static func unreadable(_ segment: ReadingsSegment, _ error: ColumnSpill.Failure) -> DatasetIssue {
        error.readIssue(location: segment.file, what: "the parsed rows")
    }
}
