/// Byte checks for the text fields of the dataset CSV files (names, ids, free text).
enum TextFieldBytes {
    /// What is wrong with `bytes` as a text field, or nil when it is clean UTF-8 without control characters
    /// (C0, DEL, C1) and without a byte-order mark (U+FEFF) anywhere.
    static func problem(_ bytes: ArraySlice<UInt8>) -> String? {
        // fast path: printable ASCII, the common case for every row of a large file
        if bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return nil }
        var it = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        loop: while true {
            switch decoder.decode(&it) {
            case .scalarValue(let u):
                if u.value < 0x20 || (0x7F...0x9F).contains(u.value) { return "control character U+\(hex(u.value)) at character \(offset + 1)" }
                if u.value == 0xFEFF { return "byte-order mark at character \(offset + 1)" }
                offset += 1
            case .emptyInput: break loop
            case .error: return "invalid UTF-8 after character \(offset)"
            }
        }
        return nil
    }

    /// The bytes as text with every non-printable-ASCII byte written `\xHH`, e.g. `LAAFB\xEF\xBB\xBF`.
    static func escaped(_ bytes: ArraySlice<UInt8>) -> String {
        var out = ""
        for b in bytes {
            if b >= 0x20 && b < 0x7F && b != 0x5C { out.unicodeScalars.append(Unicode.Scalar(b)) } else { out += "\\x" + hex(UInt32(b), width: 2) }
        }
        return out
    }

    static func hex(_ v: UInt32, width: Int = 4) -> String {
        let h = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - h.count)) + h
    }
}
