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
    public func serialized() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(&out, indent: 0)
        out.append(10)
        return String(decoding: out, as: UTF8.self)
    }

    /// Written as bytes: a statement with its interval lineage is megabytes of JSON, and appending to a
    /// `String` scalar by scalar was a seventh of a portfolio's settlement time.
    func write(_ out: inout [UInt8], indent: Int) {
        func pad(_ n: Int) { for _ in 0..<(2 * n) { out.append(32) } }
        switch self {
        case .object(let kv):
            if kv.isEmpty { out += Array("{}".utf8); return }
            out += [123, 10]
            for (i, (k, v)) in kv.enumerated() {
                pad(indent + 1)
                JSONValue.escape(k, into: &out)
                out += [58, 32]
                v.write(&out, indent: indent + 1)
                if i != kv.count - 1 { out.append(44) }
                out.append(10)
            }
            pad(indent)
            out.append(125)
        case .array(let a):
            if a.isEmpty { out += [91, 93]; return }
            out += [91, 10]
            for (i, v) in a.enumerated() {
                pad(indent + 1)
                v.write(&out, indent: indent + 1)
                if i != a.count - 1 { out.append(44) }
                out.append(10)
            }
            pad(indent)
            out.append(93)
        case .string(let s): JSONValue.escape(s, into: &out)
        case .number(let n): out += n.utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .null: out += "null".utf8
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
