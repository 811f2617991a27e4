import GridSettleCore

/// A JSON value as the OpenADR 3.0 reader sees it: numbers keep their decimal text (no `Double` on the way to
/// µMW) and every value keeps the line it starts on, so an issue can say `file:line` as well as the path.
struct OpenADRJSONNode: Sendable {
    enum Kind: Sendable {
        case object([(key: String, value: OpenADRJSONNode)])
        case array([OpenADRJSONNode])
        case string(String)
        case number(String)
        case bool(Bool)
        case null
    }

    var kind: Kind
    var line: Int

    subscript(key: String) -> OpenADRJSONNode? {
        if case .object(let kv) = kind { return kv.first { $0.key == key }?.value }
        return nil
    }

    var string: String? {
        if case .string(let s) = kind { return s }
        return nil
    }

    var array: [OpenADRJSONNode]? {
        if case .array(let a) = kind { return a }
        return nil
    }

    var isObject: Bool {
        if case .object = kind { return true }
        return false
    }

    var isNull: Bool {
        if case .null = kind { return true }
        return false
    }

    /// What the value is, for an issue: `an array`, `the number 12`, `the string "x"`, …
    var described: String {
        switch kind {
        case .object: return "an object"
        case .array(let a): return "an array of \(a.count)"
        case .string(let s): return "the string \"\(OpenADRFields.shown(s, limit: 40))\""
        case .number(let n): return "the number \(OpenADRFields.shown(n, limit: 40))"
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        }
    }
}

/// A small strict JSON (RFC 8259) parser over UTF-8 bytes: no comments, no trailing commas, no duplicate keys,
/// nesting at most 64 deep. A syntax error is one issue naming `file:line`, the column and what was expected.
struct OpenADRJSONParser {
    static let maxDepth = 64

    let bytes: [UInt8]
    let file: String
    var i = 0
    var line = 1
    var lineStart = 0
    var depth = 0

    static func parse(_ bytes: [UInt8], file: String) throws(DatasetInvalid) -> OpenADRJSONNode {
        var p = OpenADRJSONParser(bytes: bytes, file: file)
        // A UTF-8 byte order mark is tolerated.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { p.i = 3 }
        p.skipWhitespace()
        let v = try p.value()
        p.skipWhitespace()
        if p.i != bytes.count { throw p.syntax("the end of the document after the top-level value") }
        return v
    }

    func syntax(_ expected: String) -> DatasetInvalid {
        let saw: String
        if i >= bytes.count {
            saw = "the end of the document"
        } else {
            let end = min(bytes.count, i + 20)
            saw = String(decoding: bytes[i..<end], as: UTF8.self)
        }
        return DatasetInvalid(issues: [
            DatasetIssue(location: "\(file):\(line):\(i - lineStart + 1)", field: "json", value: saw, expected: expected)
        ])
    }

    mutating func skipWhitespace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0D: i += 1
            case 0x0A:
                i += 1
                line += 1
                lineStart = i
            default: return
            }
        }
    }

    mutating func value() throws(DatasetInvalid) -> OpenADRJSONNode {
        guard i < bytes.count else { throw syntax("a JSON value") }
        let at = line
        switch bytes[i] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return OpenADRJSONNode(kind: .string(try string()), line: at)
        case UInt8(ascii: "t"):
            try literal("true")
            return OpenADRJSONNode(kind: .bool(true), line: at)
        case UInt8(ascii: "f"):
            try literal("false")
            return OpenADRJSONNode(kind: .bool(false), line: at)
        case UInt8(ascii: "n"):
            try literal("null")
            return OpenADRJSONNode(kind: .null, line: at)
        default: return OpenADRJSONNode(kind: .number(try number()), line: at)
        }
    }

    mutating func literal(_ word: String) throws(DatasetInvalid) {
        let w = Array(word.utf8)
        guard i + w.count <= bytes.count, Array(bytes[i..<(i + w.count)]) == w else { throw syntax("a JSON value") }
        i += w.count
    }

    mutating func enter() throws(DatasetInvalid) {
        depth += 1
        if depth > Self.maxDepth { throw syntax("JSON nested at most \(Self.maxDepth) deep") }
    }

    mutating func object() throws(DatasetInvalid) -> OpenADRJSONNode {
        let at = line
        try enter()
        i += 1
        var kv: [(key: String, value: OpenADRJSONNode)] = []
        var keys = Set<String>()
        skipWhitespace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "}") {
            i += 1
            depth -= 1
            return OpenADRJSONNode(kind: .object(kv), line: at)
        }
        while true {
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw syntax("a quoted key") }
            let keyLine = line
            let key = try string()
            guard keys.insert(key).inserted else {
                throw DatasetInvalid(issues: [
                    DatasetIssue(location: "\(file):\(keyLine)", field: "json", value: key, expected: "each key once per object (duplicate key)")
                ])
            }
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw syntax("':' after the key") }
            i += 1
            skipWhitespace()
            kv.append((key, try value()))
            skipWhitespace()
            guard i < bytes.count else { throw syntax("',' or '}'") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            if bytes[i] == UInt8(ascii: "}") {
                i += 1
                depth -= 1
                return OpenADRJSONNode(kind: .object(kv), line: at)
            }
            throw syntax("',' or '}'")
        }
    }

    mutating func array() throws(DatasetInvalid) -> OpenADRJSONNode {
        let at = line
        try enter()
        i += 1
        var out: [OpenADRJSONNode] = []
        skipWhitespace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "]") {
            i += 1
            depth -= 1
            return OpenADRJSONNode(kind: .array(out), line: at)
        }
        while true {
            skipWhitespace()
            out.append(try value())
            skipWhitespace()
            guard i < bytes.count else { throw syntax("',' or ']'") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            if bytes[i] == UInt8(ascii: "]") {
                i += 1
                depth -= 1
                return OpenADRJSONNode(kind: .array(out), line: at)
            }
            throw syntax("',' or ']'")
        }
    }

    mutating func hex4() throws(DatasetInvalid) -> UInt32 {
        guard i + 4 <= bytes.count else { throw syntax("four hex digits after \\u") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[i]
            let d: UInt32
            switch c {
            case 48...57: d = UInt32(c - 48)
            case 65...70: d = UInt32(c - 55)
            case 97...102: d = UInt32(c - 87)
            default: throw syntax("four hex digits after \\u")
            }
            v = v * 16 + d
            i += 1
        }
        return v
    }

    mutating func string() throws(DatasetInvalid) -> String {
        i += 1  // opening quote
        var out = String()
        var run = i  // start of the current run of plain bytes
        func flush(_ s: inout String, _ from: Int, _ to: Int) throws(DatasetInvalid) {
            if to > from {
                guard let piece = String(validating: bytes[from..<to], as: UTF8.self) else {
                    throw DatasetInvalid(issues: [
                        DatasetIssue(location: "\(file):\(line)", field: "json", value: "(bytes)", expected: "UTF-8 text")
                    ])
                }
                s += piece
            }
        }
        while true {
            guard i < bytes.count else { throw syntax("a closing '\"'") }
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                try flush(&out, run, i)
                i += 1
                return out
            }
            if c < 0x20 { throw syntax("no control characters inside a string (escape them)") }
            if c != UInt8(ascii: "\\") {
                i += 1
                continue
            }
            try flush(&out, run, i)
            i += 1
            guard i < bytes.count else { throw syntax("an escape after '\\'") }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""): out += "\""
            case UInt8(ascii: "\\"): out += "\\"
            case UInt8(ascii: "/"): out += "/"
            case UInt8(ascii: "b"): out += "\u{08}"
            case UInt8(ascii: "f"): out += "\u{0C}"
            case UInt8(ascii: "n"): out += "\n"
            case UInt8(ascii: "r"): out += "\r"
            case UInt8(ascii: "t"): out += "\t"
            case UInt8(ascii: "u"):
                var u = try hex4()
                if (0xD800...0xDBFF).contains(u) {
                    guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                        throw syntax("a low surrogate \\uDC00–\\uDFFF after a high surrogate")
                    }
                    i += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw syntax("a low surrogate \\uDC00–\\uDFFF") }
                    u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(u) else { throw syntax("a Unicode scalar (not a lone surrogate)") }
                out.unicodeScalars.append(scalar)
            default: throw syntax("one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX")
            }
            run = i
        }
    }

    mutating func number() throws(DatasetInvalid) -> String {
        let start = i
        func digit(_ k: Int) -> Bool { k < bytes.count && bytes[k] >= 48 && bytes[k] <= 57 }
        if i < bytes.count && bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard digit(i) else { throw syntax("a JSON value") }
        if bytes[i] == 48 {
            i += 1
            if digit(i) { throw syntax("a number without leading zeros") }
        } else {
            while digit(i) { i += 1 }
        }
        if i < bytes.count && bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard digit(i) else { throw syntax("digits after the decimal point") }
            while digit(i) { i += 1 }
        }
        if i < bytes.count && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            i += 1
            if i < bytes.count && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
            guard digit(i) else { throw syntax("digits in the exponent") }
            while digit(i) { i += 1 }
        }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }
}
