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
        var out = ""
        write(&out, indent: 0)
        out += "\n"
        return out
    }

    func write(_ out: inout String, indent: Int) {
        let pad = String(repeating: "  ", count: indent)
        let pad1 = String(repeating: "  ", count: indent + 1)
        switch self {
        case .object(let kv):
            if kv.isEmpty { out += "{}"; return }
            out += "{\n"
            for (i, (k, v)) in kv.enumerated() {
                out += pad1 + JSONValue.escape(k) + ": "
                v.write(&out, indent: indent + 1)
                out += i == kv.count - 1 ? "\n" : ",\n"
            }
            out += pad + "}"
        case .array(let a):
            if a.isEmpty { out += "[]"; return }
            out += "[\n"
            for (i, v) in a.enumerated() {
                out += pad1
                v.write(&out, indent: indent + 1)
                out += i == a.count - 1 ? "\n" : ",\n"
            }
            out += pad + "]"
        case .string(let s): out += JSONValue.escape(s)
        case .number(let n): out += n
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        }
    }

    public static func escape(_ s: String) -> String {
        var r = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": r += "\\\""
            case "\\": r += "\\\\"
            case "\n": r += "\\n"
            case "\r": r += "\\r"
            case "\t": r += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    r += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    r.unicodeScalars.append(u)
                }
            }
        }
        return r + "\""
    }
}
