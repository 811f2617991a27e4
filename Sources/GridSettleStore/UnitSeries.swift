/// An interval column a worker stores with its unit (schema v5, table `unit_series`), for reduces that need more
/// than a statement's totals: a DSO's interface settlement needs every member's net injection interval by interval
/// (docs/dso-dataset.md, "Settling through a job").
///
/// Stored as `value_count` little-endian `Int64`s in one BLOB / BYTEA (8 bytes per interval, no per-interval rows),
/// with the grid it is on: the first interval's start (UTC, `…Z`) and the interval length. Written in the same
/// transaction that marks the unit done, keyed by (job, unit, name), and immutable like the unit's lines.
public struct UnitSeries: Sendable, Hashable {
    /// e.g. `received_micro_kwh`.
    public var name: String
    /// Start of the first interval, UTC instant text (`2024-07-16T07:00:00Z`).
    public var start: String
    public var intervalSeconds: Int64
    public var values: ContiguousArray<Int64>

    public init(name: String, start: String, intervalSeconds: Int64, values: ContiguousArray<Int64>) {
        self.name = name
        self.start = start
        self.intervalSeconds = intervalSeconds
        self.values = values
    }

    /// The values as stored: little-endian `Int64`s, whatever the host's byte order.
    public var encoded: [UInt8] {
        var out = [UInt8](repeating: 0, count: values.count * 8)
        out.withUnsafeMutableBytes { raw in
            for (i, v) in values.enumerated() { raw.storeBytes(of: v.littleEndian, toByteOffset: i * 8, as: Int64.self) }
        }
        return out
    }

    /// Decodes stored bytes; nil when their length is not `count × 8` (a truncated or foreign value is an error for the
    /// caller to name, never a shorter series).
    public static func decode(_ bytes: [UInt8], count: Int) -> ContiguousArray<Int64>? {
        guard count >= 0, bytes.count == count * 8 else { return nil }
        var out = ContiguousArray<Int64>(repeating: 0, count: count)
        bytes.withUnsafeBytes { raw in
            for i in 0..<count { out[i] = Int64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: Int64.self)) }
        }
        return out
    }
}

/// A stored series with the unit it belongs to.
public struct UnitSeriesRow: Sendable, Hashable {
    public var unitKey: String
    public var resourceID: String
    public var series: UnitSeries
}

/// A stored series whose bytes do not match its recorded length (only a damaged database does this).
public struct UnitSeriesCorrupt: Error, CustomStringConvertible {
    public var unitKey: String
    public var name: String
    public var bytes: Int
    public var count: Int
    public var description: String {
        "unit_series of \(unitKey), '\(name)': \(bytes) bytes stored for \(count) values (expected \(count * 8)); the row is damaged"
    }
}
