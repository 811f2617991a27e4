import GridSettleCore

/// Scans the text of a JSON document for what the parser either hides or reports without a place:
/// - a key given twice in one object: `JSONSerialization` and `JSONDecoder` keep one of the values without a
///   word, so `"idleMinimumMinutes": 2, … "idleMinimumMinutes": 30` would settle under a policy the author may
///   not have meant;
/// - a value that is not JSON (`NaN`, `inf`, `1.e5`): the parser only says the document is malformed, so the
///   scan names the key path and line.
/// The scan is tolerant: it is a reporting aid next to the real parser, never a parser itself.
struct JSONTextScan {
    private let bytes: [UInt8]
    private let file: String
    private var i = 0
    private var line = 1
    private(set) var issues: [DatasetIssue] = []
    /// Deeper documents are refused (a site file is four levels deep): the scan recurses per level, and a
    /// scan that merely returned at the limit would leave the bracket unread and loop on it forever.
    static let maximumDepth = 256
    /// Set once the limit is met: the rest of the document is not scanned.
    private var stopped = false

    /// Issues naming the key path and line: of each repeated key (with the line of the first occurrence) and of
    /// each scalar that is not a JSON value.
    static func issues(in bytes: [UInt8], file: String) -> [DatasetIssue] {
        var s = JSONTextScan(bytes: bytes, file: file)
        s.value(path: "", depth: 0)
        return s.issues
    }

    private init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    private var current: UInt8? { i < bytes.count ? bytes[i] : nil }

    private mutating func skipSpace() {
        while let c = current, c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D {
            if c == 0x0A { line += 1 }
            i += 1
        }
    }

    /// The raw text between the quotes (escapes kept as written); `i` is on the opening quote.
    private mutating func string() -> String {
        i += 1
        let start = i
        while let c = current, c != 0x22 {
            i += c == 0x5C ? 2 : 1
        }
        let s = String(decoding: bytes[start..<min(i, bytes.count)], as: UTF8.self)
        i += 1
        return s
    }

    private mutating func value(path: String, depth: Int) {
        skipSpace()
        guard !stopped, let c = current else { return }
        guard depth < Self.maximumDepth else {
            stopped = true
            issues.append(DatasetIssue(location: "\(file):\(line)", field: path.isEmpty ? "(document)" : path, value: "nested more than \(Self.maximumDepth) levels deep",
                                       expected: "JSON nested at most \(Self.maximumDepth) levels (a site file nests four)"))
            return
        }
        switch c {
        case 0x7B:  // {
            i += 1
            var firstLine: [String: Int] = [:]
            while true {
                skipSpace()
                guard !stopped, let k = current else { return }
                if k == 0x7D { i += 1; return }  // }
                if k == 0x2C { i += 1; continue }  // ,
                let keyLine = line
                let key = string()
                let child = path.isEmpty ? key : "\(path).\(key)"
                if let first = firstLine[key] {
                    issues.append(DatasetIssue(location: "\(file):\(keyLine)", field: child, value: key,
                                               expected: "each key once in an object; line \(first) already has '\(key)' (which value was meant?)"))
                } else {
                    firstLine[key] = keyLine
                }
                skipSpace()
                if current == 0x3A { i += 1 }  // :
                value(path: child, depth: depth + 1)
            }
        case 0x5B:  // [
            i += 1
            var n = 0
            while true {
                skipSpace()
                guard !stopped, let k = current else { return }
                if k == 0x5D { i += 1; return }  // ]
                if k == 0x2C { i += 1; continue }
                value(path: "\(path)[\(n)]", depth: depth + 1)
                n += 1
            }
        case 0x22:
            _ = string()
        default:
            let start = i
            while let d = current, d != 0x2C && d != 0x5D && d != 0x7D && d != 0x20 && d != 0x0A && d != 0x0D && d != 0x09 { i += 1 }
            let token = bytes[start..<i]
            if !Self.isLiteral(token) {
                issues.append(DatasetIssue(location: "\(file):\(line)", field: path.isEmpty ? "(document)" : path,
                                           value: String(decoding: token.prefix(40), as: UTF8.self),
                                           expected: "a JSON value: a number such as 15 or 0.85, a string, true, false or null (JSON has no NaN or infinity)"))
            }
            if i == start { i += 1 }
        }
    }

    /// `true`, `false`, `null` or a number in JSON's grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    static func isLiteral(_ t: ArraySlice<UInt8>) -> Bool {
        if t.elementsEqual("true".utf8) || t.elementsEqual("false".utf8) || t.elementsEqual("null".utf8) { return true }
        var k = t.startIndex
        func digits() -> Int {
            let s = k
            while k < t.endIndex, (0x30...0x39).contains(t[k]) { k += 1 }
            return k - s
        }
        if k < t.endIndex, t[k] == 0x2D { k += 1 }
        guard k < t.endIndex else { return false }
        if t[k] == 0x30 { k += 1 } else if digits() == 0 { return false }
        if k < t.endIndex, t[k] == 0x2E {
            k += 1
            if digits() == 0 { return false }
        }
        if k < t.endIndex, t[k] == 0x65 || t[k] == 0x45 {
            k += 1
            if k < t.endIndex, t[k] == 0x2B || t[k] == 0x2D { k += 1 }
            if digits() == 0 { return false }
        }
        return k == t.endIndex
    }
}
