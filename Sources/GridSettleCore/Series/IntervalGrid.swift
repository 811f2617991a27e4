/// A fixed grid of equal intervals: `count` intervals of `seconds` each, starting at `start`
/// (interval-beginning, UTC).
public struct IntervalGrid: Hashable, Sendable, CustomStringConvertible {
    public var start: Instant
    public var seconds: Int64
    public var count: Int

    /// Lengths the engine accepts: 1, 5, 15, 30 and 60 minutes. Each divides an hour, so hours, days and
    /// months are whole numbers of intervals and resampling is exact.
    public static let supportedSeconds: [Int64] = [60, 300, 900, 1800, 3600]

    public init(start: Instant, seconds: Int64, count: Int) {
        precondition(seconds > 0 && count >= 0)
        self.start = start
        self.seconds = seconds
        self.count = count
    }

    /// The grid covering `[start, end)`; `end - start` must be a multiple of `seconds`.
    public init(start: Instant, end: Instant, seconds: Int64) {
        precondition((end.secondsSinceEpoch - start.secondsSinceEpoch) % seconds == 0, "period not on the grid")
        self.init(start: start, seconds: seconds, count: Int((end.secondsSinceEpoch - start.secondsSinceEpoch) / seconds))
    }

    public var end: Instant { start.adding(seconds: seconds * Int64(count)) }

    @inlinable
    public func startOf(_ index: Int) -> Instant { start.adding(seconds: seconds * Int64(index)) }

    /// The index of the interval containing `instant`, or nil outside the grid.
    @inlinable
    public func index(containing instant: Instant) -> Int? {
        let d = instant.secondsSinceEpoch - start.secondsSinceEpoch
        guard d >= 0 else { return nil }
        let i = Int(d / seconds)
        return i < count ? i : nil
    }

    /// The index of an instant that must lie exactly on an interval boundary.
    @inlinable
    public func index(startingAt instant: Instant) -> Int? {
        let d = instant.secondsSinceEpoch - start.secondsSinceEpoch
        guard d >= 0, d % seconds == 0 else { return nil }
        let i = Int(d / seconds)
        return i < count ? i : nil
    }

    /// The same period on a coarser grid.
    public func coarsened(to newSeconds: Int64) -> IntervalGrid {
        precondition(newSeconds % seconds == 0)
        let total = seconds * Int64(count)
        precondition(total % newSeconds == 0, "period is not a whole number of \(newSeconds)-s intervals")
        return IntervalGrid(start: start, seconds: newSeconds, count: Int(total / newSeconds))
    }

    public var description: String { "\(count)×\(seconds / 60)min from \(start)" }
}
