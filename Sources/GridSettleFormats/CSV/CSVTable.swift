import GridSettleCore

/// A strict, byte-level reader for the dataset's CSV files.
///
/// The interval files are the big inputs (a month of 5-minute data for three meters is ~27k rows per
/// resource), so rows are scanned in place over one `[UInt8]` buffer with no per-field allocation;
/// research swift_architecture.md §4 measured this kind of reader at ~25× the speed of the CSV libraries.
/// The format is a header row and comma-separated fields, CRLF or LF, with RFC 4180 quoting as
/// ``CSVWriter`` writes it (docs/dataset-format.md "CSV dialect"): a field enclosed in double quotes may hold
/// commas, line breaks and quotes written twice. Rows without a `"` are split by the plain byte scan; rows
/// with one were parsed once by ``CSVQuotedRows`` when the table was made.
/// Every problem becomes a ``DatasetIssue`` naming file, line, column, field, the value and what was
/// expected.
public struct CSVTable {
    public let file: String
    /// The file's bytes, followed by the unescaped values of quoted fields that contained doubled quotes
    /// (nothing follows for a file without such fields). Every ``Row`` field is a range into this array.
    public let bytes: [UInt8]
    /// Column index of each required and optional column, by name.
    public let columns: [String: Int]
    public let columnNames: [String]
    /// Byte offset where data rows start.
    let dataStart: Int
    /// The file's length: where the unescaped values in ``bytes`` begin.
    let fileEnd: Int
    /// Rows that contain a double quote, parsed when the table was made.
    let quotedRows: [Int: CSVQuotedRows.Row]
    /// The file line of the first data row: 2, or further on when the table is one block of a file that is
    /// read in blocks (the header line, then the block), so every issue still names the file's own line.
    let firstDataLine: Int

    /// Parses the header and checks it has every required column and no unknown one.
    public init(file: String, bytes: [UInt8], required: [String], optional: [String] = [], firstDataLine: Int = 2) throws(DatasetInvalid) {
        self.file = file
        self.firstDataLine = firstDataLine
        var i = 0
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { i = 3 }  // UTF-8 BOM
        var lineEnd = i
        while lineEnd < bytes.count && bytes[lineEnd] != 10 { lineEnd += 1 }
        var headerEnd = lineEnd
        if headerEnd > i && bytes[headerEnd - 1] == 13 { headerEnd -= 1 }
        let header = String(decoding: bytes[i..<headerEnd], as: UTF8.self)
        let names = header.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
        var cols: [String: Int] = [:]
        var issues: [DatasetIssue] = []
        if bytes.isEmpty || header.isEmpty {
            issues.append(DatasetIssue(location: "\(file):1", field: "header", value: "", expected: "a header row: \(Self.listed(required, separator: ","))"))
        }
        // a set: a series-layout readings header has thousands of columns, and each block of the file parses it
        let known = Set(required + optional)
        for (k, n) in names.enumerated() where !n.isEmpty || !header.isEmpty {
            if !known.contains(n) {
                issues.append(DatasetIssue(location: "\(file):1:\(k + 1)", field: "header", value: n,
                                           expected: "one of the columns \(Self.listed(required + optional))"))
            } else if cols[n] != nil {
                issues.append(DatasetIssue(location: "\(file):1:\(k + 1)", field: "header", value: n, expected: "each column once"))
            } else {
                cols[n] = k
            }
        }
        for r in required where cols[r] == nil && !header.isEmpty {
            issues.append(DatasetIssue(location: "\(file):1", field: "header", value: header, expected: "a column named \(r)"))
        }
        if !issues.isEmpty { throw DatasetInvalid(issues: issues) }
        self.columns = cols
        self.columnNames = names
        let dataStart = min(lineEnd + 1, bytes.count)
        let quoted = bytes.withUnsafeBufferPointer { CSVQuotedRows($0, from: dataStart, file: file, firstLine: firstDataLine) }
        self.dataStart = dataStart
        self.fileEnd = bytes.count
        self.quotedRows = quoted.rows
        self.bytes = quoted.unescaped.isEmpty ? bytes : bytes + quoted.unescaped
    }

    /// Column names for a message; a long list (a series-layout readings file has up to 8,933 columns) is shortened
    /// to its first eight and its last.
    static func listed(_ names: [String], separator: String = ", ") -> String {
        guard names.count > 12 else { return names.joined(separator: separator) }
        return (names.prefix(8) + ["…", names[names.count - 1]]).joined(separator: separator)
    }

    /// One data row: field byte ranges into ``CSVTable/bytes``.
    public struct Row {
        public var line: Int
        public var fields: [Range<Int>]
    }

    /// Calls `body` for each non-empty data row. A row with the wrong number of fields or a malformed quoted
    /// field is an issue (reported through `onIssue`), and `body` is not called for it.
    public func forEachRow(onIssue: (DatasetIssue) -> Void, _ body: (Row) -> Void) {
        var i = dataStart
        var line = firstDataLine
        var fields: [Range<Int>] = []
        fields.reserveCapacity(columnNames.count)
        let n = fileEnd
        bytes.withUnsafeBufferPointer { b in
            while i < n {
                var j = i
                fields.removeAll(keepingCapacity: true)
                var fieldStart = i
                var quote = false
                while j < n && b[j] != 10 {
                    if b[j] == 44 {
                        fields.append(fieldStart..<j)
                        fieldStart = j + 1
                    } else if b[j] == 34 {
                        quote = true
                    }
                    j += 1
                }
                var end = j
                if end > fieldStart && b[end - 1] == 13 { end -= 1 }
                fields.append(fieldStart..<end)
                if quote {
                    guard let q = quotedRows[i] else {  // cannot happen: the same scan found the row's start
                        onIssue(DatasetIssue(location: "\(file):\(line)", field: "row", value: text(i..<end), expected: "a row the reader can split"))
                        i = j + 1
                        line += 1
                        continue
                    }
                    if let issue = q.issue {
                        onIssue(issue)
                    } else if q.fields.count != columnNames.count {
                        var e = q.next
                        while e > i && (b[e - 1] == 10 || b[e - 1] == 13) { e -= 1 }
                        onIssue(DatasetIssue(location: "\(file):\(line)", field: "row", value: text(i..<e),
                                             expected: "\(columnNames.count) fields (\(Self.listed(columnNames, separator: ","))), saw \(q.fields.count)"))
                    } else {
                        body(Row(line: line, fields: q.fields))
                    }
                    i = q.next
                    line += q.lineBreaks
                    continue
                }
                let blank = fields.count == 1 && fields[0].isEmpty
                if !blank {
                    if fields.count != columnNames.count {
                        onIssue(DatasetIssue(location: "\(file):\(line)", field: "row", value: text(i..<end),
                                             expected: "\(columnNames.count) fields (\(Self.listed(columnNames, separator: ","))), saw \(fields.count)"))
                    } else {
                        body(Row(line: line, fields: fields))
                    }
                }
                i = j + 1
                line += 1
            }
        }
    }

    public func text(_ r: Range<Int>) -> String { String(decoding: bytes[r], as: UTF8.self) }

    /// The location string `file:line:column` of a field.
    public func location(_ row: Row, _ column: String) -> String {
        "\(file):\(row.line):\((columns[column] ?? 0) + 1)"
    }

    /// The byte range of a named field. A linear scan of the (at most eight) column names: comparing short
    /// strings is cheaper than hashing one for every field of every row.
    public func field(_ row: Row, _ column: String) -> Range<Int>? {
        for k in columnNames.indices where columnNames[k] == column { return row.fields[k] }
        return nil
    }
}

extension Substring {
    var trimmingSpaces: String {
        var s = self
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" || s.last == "\r" { s = s.dropLast() }
        return String(s)
    }
}
