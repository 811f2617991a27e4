/// Each key's segments (a meter's readings, a resource's awards), in the order they were added, all in one
/// array and chained key by key.
///
/// A portfolio of 10,000 resources has 30,000 keys (two meters and one resource each). A dictionary of arrays
/// held one heap block per key for the whole run, and with their allocator overhead those blocks were most of
/// what made peak memory grow with the number of resources (Benchmarks/README.md, "Memory and 10,000
/// resource-months"); here a key costs one dictionary entry.
struct SegmentIndex<Segment: Sendable>: Sendable {
    /// Per key, the positions in ``segments`` of its first and last segment.
    private var ends: [String: (first: Int, last: Int)] = [:]
    private var segments: [Segment] = []
    /// Per segment, the position of its key's next segment; -1 after the last.
    private var next: [Int] = []

    init() {}

    var isEmpty: Bool { ends.isEmpty }

    /// The keys, in no particular order.
    var keys: Dictionary<String, (first: Int, last: Int)>.Keys { ends.keys }

    mutating func append(_ segment: Segment, to key: String) {
        let k = segments.count
        segments.append(segment)
        next.append(-1)
        if let e = ends[key] {
            next[e.last] = k
            ends[key] = (e.first, k)
        } else {
            ends[key] = (k, k)
        }
    }

    /// Adds `other`'s segments after this one's, key by key, each key's in its order.
    mutating func append(contentsOf other: SegmentIndex) {
        for key in other.keys {
            for s in other[key] { append(s, to: key) }
        }
    }

    /// `key`'s segments in the order they were added; none for a key never added.
    subscript(key: String) -> [Segment] {
        guard var k = ends[key]?.first else { return [] }
        var out: [Segment] = []
        while k >= 0 {
            out.append(segments[k])
            k = next[k]
        }
        return out
    }
}
