/// Writes the compact binary layouts runs are stored in (``StatementCoding``, the report figures, a line's interval
/// runs): whole numbers as LEB128 varints, signed ones zig-zag encoded so small negative numbers stay short; text as a
/// varint byte count and its UTF-8. One writer for every stored layout, read back by ``CompactReader``.
public struct CompactWriter: Sendable {
    public var bytes: [UInt8] = []

    public init(reservingCapacity n: Int = 0) { bytes.reserveCapacity(n) }

    public mutating func unsigned(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    public mutating func signed(_ v: Int64) { unsigned(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }
    public mutating func flag(_ b: Bool) { bytes.append(b ? 1 : 0) }
    public mutating func byte(_ b: UInt8) { bytes.append(b) }
    public mutating func count(_ n: Int) { unsigned(UInt64(n)) }

    public mutating func text(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            unsigned(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// A zone as ``CompactReader/zone()`` reads it back: identifier, standard offset, whether it observes DST.
    public mutating func zone(_ z: MarketTimeZone) {
        text(z.identifier)
        signed(z.standardOffsetSeconds)
        flag(z.observesDST)
    }

    /// A value that may be absent: a flag, then the value when present.
    public mutating func optional<T>(_ v: T?, _ write: (inout CompactWriter, T) -> Void) {
        flag(v != nil)
        if let v { write(&self, v) }
    }
}
