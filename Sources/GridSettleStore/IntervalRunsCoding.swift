import GridSettleCore

/// A statement line's or check's full interval lineage as stored (schema v7, `statement_line.interval_runs` and
/// `check_result.interval_runs`): every run of consecutive intervals behind the figure, not only the first
/// start and the last end.
///
/// Compact binary, because a month of 5-minute data can give a line hundreds of runs: a version byte (1), then
/// per run three LEB128 varints — the start's distance in seconds from the previous run's end (from 0, i.e.
/// 1970-01-01T00:00:00Z, for the first run), zigzag-signed; the interval length in seconds; the number of
/// intervals. Runs are in time order, so a distance is the gap between them: usually two or three bytes, about
/// six bytes per run in all. Distances use wrapping arithmetic on both sides, so no value can trap; every run
/// whose end is an instant (every run a statement holds) round-trips exactly.
public enum IntervalRunsCoding {
    static let version: UInt8 = 1

    public static func encode(_ runs: [IntervalRun]) -> [UInt8] {
        var w = CompactWriter(reservingCapacity: 1 + runs.count * 6)
        w.byte(version)
        var previousEnd: Int64 = 0
        for r in runs {
            w.signed(r.start.secondsSinceEpoch &- previousEnd)
            w.unsigned(UInt64(bitPattern: r.seconds))
            w.unsigned(UInt64(r.count))
            previousEnd = r.start.secondsSinceEpoch &+ r.seconds &* Int64(r.count)
        }
        return w.bytes
    }

    /// The runs, or nil when the bytes are not a value ``encode(_:)`` wrote (a damaged row: the caller names it).
    public static func decode(_ bytes: [UInt8]) -> [IntervalRun]? {
        guard bytes.first == version else { return nil }
        var r = CompactReader(bytes, what: "stored interval runs")
        r.at = 1
        var previousEnd: Int64 = 0
        var out: [IntervalRun] = []
        while !r.atEnd {
            guard let gap = try? r.signed(), let seconds = try? r.unsigned(), let count = try? r.unsigned(), count <= UInt64(Int.max) else {
                return nil
            }
            let start = previousEnd &+ gap
            // a run whose end is not an instant (only a damaged row has one) would trap wherever its end is used
            let (length, o1) = Int64(bitPattern: seconds).multipliedReportingOverflow(by: Int64(count))
            let (end, o2) = start.addingReportingOverflow(length)
            guard !o1, !o2 else { return nil }
            out.append(IntervalRun(start: Instant(secondsSinceEpoch: start), seconds: Int64(bitPattern: seconds), count: Int(count)))
            previousEnd = end
        }
        return out
    }
}
