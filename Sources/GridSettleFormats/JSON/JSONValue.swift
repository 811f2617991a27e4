import GridSettleCore

/// A minimal JSON document model with a deterministic serializer: keys stay in the order they were
/// written, numbers are written from their exact decimal text. Statements must be byte-identical for the
/// same inputs, and money must never pass through `Double`.
public indirect enum JSONValue: Sendable, Hashable {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    /// A number already rendered as JSON text (e.g. "123.45").
    case number(String)
    case bool(Bool)
    case null

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.serialized() == b.serialized() }
    public func hash(into h: inout Hasher) { h.combine(serialized()) }

    public static func int(_ v: Int) -> JSONValue { .number(String(v)) }
    public static func int64(_ v: Int64) -> JSONValue { .number(String(v)) }

    /// Pretty-printed with two-space indentation and a trailing newline.
    public func serialized() -> String { String(decoding: serializedBytes(), as: UTF8.self) }

    /// ``serialized()`` as UTF-8, for a file: no copy into a `String` and back.
    public func serializedBytes(reservingCapacity capacity: Int = 4096) -> [UInt8] {
        var w = JSONWriter(reservingCapacity: capacity)
        write(to: &w)
        return w.finished()
    }

    /// Written through ``JSONWriter``, the one JSON layout.
    func write(to w: inout JSONWriter) {
        switch self {
        case .object(let kv):
            w.beginObject()
            for (k, v) in kv {
                w.key(k)
                v.write(to: &w)
            }
            w.endObject()
        case .array(let a):
            w.beginArray()
            for v in a {
                w.element()
                v.write(to: &w)
            }
            w.endArray()
        case .string(let s): w.string(s)
        case .number(let n): w.number(n)
        case .bool(let b): w.bool(b)
        case .null: w.null()
        }
    }

    public static func escape(_ s: String) -> String {
        var out: [UInt8] = []
        escape(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `s` as a JSON string: quote, backslash and control characters escaped, everything else as its UTF-8.
    static func escape(_ s: String, into out: inout [UInt8]) {
        out.append(34)
        // Nearly every string in a statement (codes, instants, decimals) needs no escape: copied whole.
        var text = s
        let plain = text.withUTF8 { bytes in
            if bytes.contains(where: { $0 == 34 || $0 == 92 || $0 < 0x20 }) { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if plain {
            out.append(34)
            return
        }
        for b in s.utf8 {
            switch b {
            case 34: out += [92, 34]
            case 92: out += [92, 92]
            case 10: out += [92, 110]
            case 13: out += [92, 114]
            case 9: out += [92, 116]
            case 0..<0x20:
                out += [92, 117, 48, 48]
                Hex.append(b, to: &out)
            default: out.append(b)
            }
        }
        out.append(34)
    }
}
