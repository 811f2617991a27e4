import GridSettleCore

/// Every meter's readings of a portfolio, read once; each unit takes its meters' rows for its period.
///
/// The rows are in a ``ColumnSpill`` and only their places are held here, a few words per meter and file
/// block, so the memory a portfolio takes does not grow with its meter data.
public struct PortfolioReadings: Sendable {
    /// Per meter id, its segments (one per readings file block it appears in), in file order.
    var segments: [String: [ReadingsSegment]]
    var spill: ColumnSpill

    /// The first interval start and the last interval end of `meter`'s rows, whatever their quality.
    func span(of meter: String, seconds: Int64) -> (start: Int64, end: Int64)? {
        var lo = Int64.max
        var hi = Int64.min
        for s in segments[meter] ?? [] where s.count > 0 {
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
    /// `siteFile` names where the meter is declared in the message for a meter without a row.
    func channels(of meter: MeterSpec, grid: IntervalGrid, siteFile: String = "the site", issues: inout [DatasetIssue]) -> MeterChannels {
        var del = ContiguousArray<Int64>(repeating: 0, count: grid.count)
        var rec = ContiguousArray<Int64>(repeating: 0, count: grid.count)
        var qd = ContiguousArray<DataQuality>(repeating: .missing, count: grid.count)
        // the first row seen for each interval: its segment + 1 (0: none) and line, for a duplicate's message
        var seenSegment = ContiguousArray<Int32>(repeating: 0, count: grid.count)
        var seenLine = ContiguousArray<Int32>(repeating: 0, count: grid.count)
        let start = grid.start.secondsSinceEpoch
        let end = grid.end.secondsSinceEpoch
        let step = grid.seconds
        var rows = 0
        let segs = segments[meter.id] ?? []
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
                    issues.append(DatasetIssue(location: "\(s.file):\(s.lines[r])", field: "interval_start", value: "\(Instant(secondsSinceEpoch: t))",
                                               expected: "a start on meter \(meter.id)'s \(meter.intervalMinutes)-minute grid (clock misalignment?)"))
                    continue
                }
                let i = Int(offset / step)
                if seenSegment[i] != 0 {
                    let first = segs[Int(seenSegment[i]) - 1].file
                    issues.append(DatasetIssue(location: "\(s.file):\(s.lines[r])", field: "interval_start", value: "\(Instant(secondsSinceEpoch: t))",
                                               expected: "one row per meter and interval; \(first == s.file ? "line \(seenLine[i])" : "\(first):\(seenLine[i])") already has meter \(meter.id) at this interval (duplicate)"))
                    continue
                }
                seenSegment[i] = Int32(k + 1)
                seenLine[i] = s.lines[r]
                del[i] = s.delivered[r]
                rec[i] = s.received[r]
                qd[i] = s.quality[r]
                rows += 1
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

    /// Rows outside `[start, end)` and the place of the first one: a format 1 dataset reports them once.
    func outside(_ start: Instant, _ end: Instant) -> (count: Int, first: String?) {
        var count = 0
        var first: (String, Int32)? = nil
        for (_, segs) in segments {
            for segment in segs {
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
