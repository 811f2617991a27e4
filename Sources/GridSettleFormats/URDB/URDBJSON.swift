import GridSettleCore

/// A JSON value as read by ``URDBJSONParser``: numbers keep their decimal text, so `0.08859` stays exactly
/// 0.08859 and never passes through `Double`.
enum URDBJSONValue: Sendable, Equatable {
    case object([String: URDBJSONValue], keys: [String])
    case array([URDBJSONValue])
    case string(String)
    /// The number exactly as written (JSON grammar already checked).
    case number(String)
    case bool(Bool)
    case null

    /// What an error message shows for this value: compact JSON, shortened when long.
    var shown: String { compactText(limit: 80) }

    func compactText(limit: Int) -> String {
        var out = ""
        write(into: &out, limit: limit)
        if out.count > limit { return String(out.prefix(limit)) + "…" }
        return out
    }

    private func write(into out: inout String, limit: Int) {
        if out.count > limit { return }
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let t): out += t
        case .string(let s): out += "\"" + s + "\""
        case .array(let a):
            out += "["
            for (i, v) in a.enumerated() {
                if i > 0 { out += ", " }
                v.write(into: &out, limit: limit)
                if out.count > limit { return }
            }
            out += "]"
        case .object(let d, let keys):
            out += "{"
            for (i, k) in keys.enumerated() {
                if i > 0 { out += ", " }
                out += "\"" + k + "\": "
                d[k]!.write(into: &out, limit: limit)
                if out.count > limit { return }
            }
            out += "}"
        }
    }

    /// A short name of the JSON type, for "expected … saw …" messages.
    var typeName: String {
        switch self {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        }
    }
}

/// A small strict JSON (RFC 8259) parser over UTF-8 bytes. Foundation's `JSONSerialization` turns numbers
/// into `Double`, which cannot hold 0.08859 exactly; this one keeps the text of every number.
struct URDBJSONParser {
    let bytes: [UInt8]
    let file: String
    var pos = 0
    var depth = 0

    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    static func parse(_ bytes: [UInt8], file: String) throws(URDBReadError) -> URDBJSONValue {
        var p = URDBJSONParser(bytes: bytes, file: file)
        // A UTF-8 byte order mark is tolerated.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { p.pos = 3 }
        p.skipWhitespace()
        let v = try p.value()
        p.skipWhitespace()
        if p.pos < bytes.count { throw p.syntax("end of the document") }
        return v
    }

    /// Line and column (1-based) of the current byte, for syntax errors.
    private var location: String {
        var line = 1
        var col = 1
        for b in bytes[0..<min(pos, bytes.count)] {
            if b == 0x0A { line += 1; col = 1 } else { col += 1 }
        }
        return "line \(line), column \(col)"
    }

    private func syntax(_ expected: String) -> URDBReadError {
        let seen: String
        if pos >= bytes.count {
            seen = "end of file"
        } else {
            let end = min(bytes.count, pos + 20)
            seen = "\"" + String(decoding: bytes[pos..<end], as: UTF8.self) + (end < bytes.count ? "…" : "") + "\""
        }
        return URDBReadError(
            file: file, field: "JSON text at \(location) (byte \(pos))", value: seen, expected: expected)
    }

    private mutating func skipWhitespace() {
        while pos < bytes.count {
            switch bytes[pos] {
            case 0x20, 0x09, 0x0A, 0x0D: pos += 1
            default: return
            }
        }
    }

    private mutating func value() throws(URDBReadError) -> URDBJSONValue {
        guard pos < bytes.count else { throw syntax("a JSON value") }
        switch bytes[pos] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw syntax("a JSON value")
        }
    }

    private mutating func literal(_ word: String) throws(URDBReadError) {
        let w = Array(word.utf8)
        guard pos + w.count <= bytes.count, Array(bytes[pos..<(pos + w.count)]) == w else {
            throw syntax("a JSON value")
        }
        pos += w.count
    }

    private mutating func enter() throws(URDBReadError) {
        depth += 1
        if depth > 256 { throw syntax("nesting at most 256 levels deep") }
    }

    private mutating func object() throws(URDBReadError) -> URDBJSONValue {
        try enter()
        pos += 1
        var dict: [String: URDBJSONValue] = [:]
        var keys: [String] = []
        skipWhitespace()
        if pos < bytes.count && bytes[pos] == UInt8(ascii: "}") {
            pos += 1
            depth -= 1
            return .object(dict, keys: keys)
        }
        while true {
            skipWhitespace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw syntax("a member name in quotes") }
            let key = try string()
            skipWhitespace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else { throw syntax("':' after a member name") }
            pos += 1
            skipWhitespace()
            let v = try value()
            if dict[key] != nil {
                throw URDBReadError(
                    file: file, field: "JSON text at \(location)", value: "a second member \"\(key)\"",
                    expected: "each member name once in an object")
            }
            dict[key] = v
            keys.append(key)
            skipWhitespace()
            guard pos < bytes.count else { throw syntax("',' or '}'") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "}") { pos += 1; break }
            throw syntax("',' or '}'")
        }
        depth -= 1
        return .object(dict, keys: keys)
    }

    private mutating func array() throws(URDBReadError) -> URDBJSONValue {
        try enter()
        pos += 1
        var out: [URDBJSONValue] = []
        skipWhitespace()
        if pos < bytes.count && bytes[pos] == UInt8(ascii: "]") {
            pos += 1
            depth -= 1
            return .array(out)
        }
        while true {
            skipWhitespace()
            out.append(try value())
            skipWhitespace()
            guard pos < bytes.count else { throw syntax("',' or ']'") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "]") { pos += 1; break }
            throw syntax("',' or ']'")
        }
        depth -= 1
        return .array(out)
    }

    private mutating func hex4() throws(URDBReadError) -> UInt32 {
        guard pos + 4 <= bytes.count else { throw syntax("four hex digits after \\u") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[pos]
            let d: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - 48)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - 87)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - 55)
            default: throw syntax("four hex digits after \\u")
            }
            v = v * 16 + d
            pos += 1
        }
        return v
    }

    private mutating func string() throws(URDBReadError) -> String {
        pos += 1  // opening quote
        var out: [UInt8] = []
        while true {
            guard pos < bytes.count else { throw syntax("a closing '\"'") }
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") { pos += 1; break }
            if b < 0x20 { throw syntax("no raw control characters in a string") }
            if b != UInt8(ascii: "\\") {
                out.append(b)
                pos += 1
                continue
            }
            pos += 1
            guard pos < bytes.count else { throw syntax("an escape after '\\'") }
            let e = bytes[pos]
            pos += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    // a high surrogate must be followed by \u + low surrogate
                    guard pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u")
                    else { throw syntax("a low surrogate \\uDC00…\\uDFFF") }
                    pos += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw syntax("a low surrogate \\uDC00…\\uDFFF") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let u = Unicode.Scalar(scalar) else { throw syntax("a valid Unicode scalar") }
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default:
                pos -= 1
                throw syntax("one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX")
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func number() throws(URDBReadError) -> String {
        let start = pos
        func digit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
        if bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        guard pos < bytes.count, digit(bytes[pos]) else { throw syntax("a digit") }
        if bytes[pos] == UInt8(ascii: "0") {
            pos += 1
        } else {
            while pos < bytes.count && digit(bytes[pos]) { pos += 1 }
        }
        if pos < bytes.count && bytes[pos] == UInt8(ascii: ".") {
            pos += 1
            guard pos < bytes.count, digit(bytes[pos]) else { throw syntax("a digit after '.'") }
            while pos < bytes.count && digit(bytes[pos]) { pos += 1 }
        }
        if pos < bytes.count && (bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E")) {
            pos += 1
            if pos < bytes.count && (bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-")) { pos += 1 }
            guard pos < bytes.count, digit(bytes[pos]) else { throw syntax("a digit in the exponent") }
            while pos < bytes.count && digit(bytes[pos]) { pos += 1 }
        }
        return String(decoding: bytes[start..<pos], as: UTF8.self)
    }
}

/// Exact conversion of JSON number text to fixed point.
enum URDBDecimal {
    /// `text · 10^scale` as an integer, or nil when that is not a whole number (more decimals than the
    /// scale holds) or does not fit in `Int64`. Accepts the JSON grammar, exponents included
    /// (`8.859e-2`).
    static func fixed(_ text: String, scale: Int) -> Int64? {
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[text.startIndex..<e]
            var expText = text[text.index(after: e)...]
            if expText.first == "+" { expText = expText.dropFirst() }
            guard let x = Int(expText), abs(x) < 400 else { return nil }
            exponent = x
        }
        var negative = false
        if mantissa.first == "-" { negative = true; mantissa = mantissa.dropFirst() }
        var digits: [UInt8] = []
        var fractionDigits = 0
        var seenDot = false
        for c in mantissa.utf8 {
            if c == UInt8(ascii: ".") { seenDot = true; continue }
            guard c >= 48 && c <= 57 else { return nil }
            digits.append(c - 48)
            if seenDot { fractionDigits += 1 }
        }
        guard !digits.isEmpty else { return nil }
        // value = digits · 10^(exponent − fractionDigits); we want value · 10^scale.
        var shift = exponent - fractionDigits + scale
        // drop trailing zeros while the shift is negative: they do not change the value
        while shift < 0, let last = digits.last, last == 0, digits.count > 1 {
            digits.removeLast()
            shift += 1
        }
        if shift < 0 {
            // remaining trailing digits are non-zero (or the value is 0): exact only for zero
            if digits.allSatisfy({ $0 == 0 }) { return 0 }
            return nil
        }
        var acc: Int128 = 0
        let limit = Int128(Int64.max)
        for d in digits {
            acc = acc * 10 + Int128(d)
            if acc > limit { return nil }
        }
        if acc != 0 {
            for _ in 0..<shift {
                acc *= 10
                if acc > limit { return nil }
            }
        }
        return Int64(negative ? -acc : acc)
    }
}
