#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GridSettleCore

/// The rows of a ``CSVTable`` that contain a double quote, parsed by RFC 4180 once when the table is made.
///
/// Quoted rows are rare (an id or a note with a comma in it), so the table's row loop stays a plain byte scan
/// and only looks here when a row has a `"`. A quoted field's value is a range like any other: into the file
/// itself when the value is the bytes between the quotes, or, when it had doubled quotes to undo, into the
/// unescaped copies appended after the file's bytes (see ``CSVTable/bytes``). So every reader keeps reading
/// fields as `table.bytes[range]`.
struct CSVQuotedRows {
    struct Row {
        /// Field ranges into the table's bytes; empty when `issue` is set.
        var fields: [Range<Int>]
        /// Offset where the next row starts.
        var next: Int
        /// Line breaks from the row's start to `next`: a quoted field may hold line breaks.
        var lineBreaks: Int
        /// Why the row could not be read.
        var issue: DatasetIssue?
    }

    /// Rows by the offset they start at.
    var rows: [Int: Row] = [:]
    /// Unescaped values of quoted fields that had doubled quotes; ranges into them start at the file's length.
    var unescaped: [UInt8] = []

    /// Parses every row from `start` on whose first line has a `"`. Nothing to do, and no allocation, for a
    /// file without quotes.
    init(_ b: UnsafeBufferPointer<UInt8>, from start: Int, file: String, firstLine: Int = 2) {
        let n = b.count
        var i = start
        var line = firstLine
        // memchr: a file without quotes (nearly every file) costs one vectorised pass and nothing else.
        guard start < n, let base = b.baseAddress, memchr(base + start, Int32(CSVWriter.quote), n - start) != nil else { return }
        while i < n {
            var j = i
            var quoted = false
            while j < n && b[j] != 10 {
                if b[j] == CSVWriter.quote { quoted = true }
                j += 1
            }
            if !quoted {
                i = j + 1
                line += 1
                continue
            }
            let row = parse(b, at: i, line: line, file: file)
            rows[i] = row
            i = row.next
            line += row.lineBreaks
        }
    }

    /// One RFC 4180 record starting at `start` (on `line`).
    private mutating func parse(_ b: UnsafeBufferPointer<UInt8>, at start: Int, line startLine: Int, file: String) -> Row {
        let n = b.count
        var fields: [Range<Int>] = []
        var p = start
        var line = startLine
        var column = 1

        func lineStart(_ at: Int) -> Int {
            var s = at
            while s > start && b[s - 1] != 10 { s -= 1 }
            return s
        }
        func lineEnd(_ from: Int) -> Int {
            var e = from
            while e < n && b[e] != 10 { e += 1 }
            return e
        }
        func breaks(_ from: Int, _ to: Int) -> Int {
            var c = 0
            for k in from..<min(to, n) where b[k] == 10 { c += 1 }
            return c
        }
        func text(_ from: Int, _ to: Int) -> String {
            var e = to
            if e > from && b[e - 1] == 13 { e -= 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: b[from..<e]), as: UTF8.self)
        }
        /// A row that cannot be read: the reader resumes on the line after `at`'s line.
        func failed(at: Int, line: Int, column: Int, value: String, expected: String) -> Row {
            let next = min(lineEnd(at) + 1, n)
            return Row(fields: [], next: next, lineBreaks: breaks(start, next),
                       issue: DatasetIssue(location: "\(file):\(line):\(column)", field: "row", value: value, expected: expected))
        }
        /// The row ends after the field just read, at the line break at `p` or the end of the file.
        func finished(_ next: Int) -> Row {
            Row(fields: fields, next: next, lineBreaks: breaks(start, next), issue: nil)
        }

        while true {
            if p < n && b[p] == CSVWriter.quote {
                let open = p
                let openLine = line
                p += 1
                let contentStart = p
                var doubled = false
                var closed = false
                while p < n {
                    if b[p] == CSVWriter.quote {
                        if p + 1 < n && b[p + 1] == CSVWriter.quote {
                            doubled = true
                            p += 2
                            continue
                        }
                        closed = true
                        break
                    }
                    if b[p] == 10 { line += 1 }
                    p += 1
                }
                guard closed else {
                    return failed(at: open, line: openLine, column: column, value: text(open, lineEnd(open)),
                                  expected: "a closing double quote for field \(column), which opens with one on this line (a quote inside a quoted field is written twice)")
                }
                let contentEnd = p
                p += 1
                if doubled {
                    let base = n + unescaped.count
                    var k = contentStart
                    while k < contentEnd {
                        unescaped.append(b[k])
                        k += b[k] == CSVWriter.quote ? 2 : 1
                    }
                    fields.append(base..<(n + unescaped.count))
                } else {
                    fields.append(contentStart..<contentEnd)
                }
                if p >= n { return finished(n) }
                if b[p] == CSVWriter.comma {
                    p += 1
                    column += 1
                    continue
                }
                if b[p] == 10 { return finished(p + 1) }
                if b[p] == 13 && (p + 1 == n || b[p + 1] == 10) { return finished(min(p + 2, n)) }
                return failed(at: p, line: line, column: column, value: text(lineStart(p), lineEnd(p)),
                              expected: "a comma or the end of the line after the closing quote of field \(column) (a quote inside a quoted field is written twice)")
            }
            let fieldStart = p
            while p < n && b[p] != CSVWriter.comma && b[p] != 10 {
                if b[p] == CSVWriter.quote {
                    return failed(at: p, line: line, column: column, value: text(lineStart(p), lineEnd(p)),
                                  expected: "field \(column) either without double quotes or enclosed in them, with each quote inside written twice")
                }
                p += 1
            }
            if p < n && b[p] == CSVWriter.comma {
                fields.append(fieldStart..<p)
                p += 1
                column += 1
                continue
            }
            var end = p
            if end > fieldStart && b[end - 1] == 13 { end -= 1 }
            fields.append(fieldStart..<end)
            return finished(min(p + 1, n))
        }
    }
}
