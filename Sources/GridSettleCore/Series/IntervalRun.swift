/// A run of consecutive intervals `[start, start + count·seconds)`: the compact lineage a statement line
/// carries so an analyst can find the exact meter intervals behind a number.
public struct IntervalRun: Sendable, Hashable, Codable, CustomStringConvertible {
    public var start: Instant
    public var seconds: Int64
    public var count: Int

    public init(start: Instant, seconds: Int64, count: Int) {
        self.start = start
        self.seconds = seconds
        self.count = count
    }

    public var end: Instant { start.adding(seconds: seconds * Int64(count)) }
    public var description: String { "\(start)/\(end)" }

    enum CodingKeys: String, CodingKey { case start, end, intervalMinutes, count }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(start.description, forKey: .start)
        try c.encode(end.description, forKey: .end)
        try c.encode(seconds / 60, forKey: .intervalMinutes)
        try c.encode(count, forKey: .count)
    }

    public init(from decoder: any Decoder) throws {
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "IntervalRun is output only"))
    }
}

/// Builds runs from intervals added in time order, merging adjacent ones.
public struct IntervalRunBuilder: Sendable, Hashable {
    public private(set) var runs: [IntervalRun] = []
    public private(set) var intervalCount = 0

    public init() {}

    public mutating func add(start: Instant, seconds: Int64) {
        intervalCount += 1
        if var last = runs.last, last.seconds == seconds, last.end == start {
            last.count += 1
            runs[runs.count - 1] = last
        } else {
            runs.append(IntervalRun(start: start, seconds: seconds, count: 1))
        }
    }
}
