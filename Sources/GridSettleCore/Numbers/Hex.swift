/// Lower-case hexadecimal, written once for every place bytes become text: SHA-256 digests, byte strings sent to
/// PostgreSQL as `decode(…, 'hex')`, name-based UUIDs, and JSON's `\u00XX` escapes.
public enum Hex {
    public static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Two lower-case digits per byte, high nibble first.
    public static func lowercase(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for b in bytes { append(b, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the byte's two digits as UTF-8.
    @inlinable
    public static func append(_ byte: UInt8, to out: inout [UInt8]) {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0x0F)])
    }
}
