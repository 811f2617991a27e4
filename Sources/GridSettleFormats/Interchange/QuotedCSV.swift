import GridSettleCore

/// RFC 4180 CSV as other parties write it: quoted fields with embedded commas, quotes and line breaks, CRLF
/// or LF, a UTF-8 BOM, read into records of strings. The dataset's own files use ``CSVTable``, which reads the
/// same quoting in place over the file's bytes (fast for the large files without quotes); foreign files (Green
/// Button CSV addresses, OASIS, Data Miner) use this one.
public struct QuotedCSV: Sendable {
    public struct Record: Sendable {
        /// 1-based line the record starts on.
        public var line: Int
        public var fields: [String]
    }

    public let file: String
    public let records: [Record]
    /// Whether the last byte is a line break. A file that stops mid-line may have been cut short: readers say
    /// so, because a cut inside the last value (`0.29` → `0.2`) cannot be seen otherwise.
    public let endsWithLineBreak: Bool

    /// Splits `bytes` into records. An unterminated quote is an error naming the line it opened on.
    public init(file: String, bytes: [UInt8]) throws(DatasetInvalid) {
        self.file = file
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var i = 0
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { i = 3 }
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quoteLine = 0
        var wasQuoted = false
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(line: recordLine, fields: fields)) }
            fields.removeAll(keepingCapacity: true)
        }
        while i < bytes.count {
            let b = bytes[i]
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") {
                        field.append(b)
                        i += 2
                        continue
                    }
                    inQuotes = false
                } else {
                    if b == 10 { line += 1 }
                    field.append(b)
                }
                i += 1
                continue
            }
            switch b {
            case UInt8(ascii: "\""):
                if field.allSatisfy({ $0 == 32 }) && !wasQuoted {
                    field.removeAll(keepingCapacity: true)
                    inQuotes = true
                    wasQuoted = true
                    quoteLine = line
                } else {
                    field.append(b)
                }
            case UInt8(ascii: ","):
                endField()
            case 13:
                break
            case 10:
                endRecord()
                line += 1
                recordLine = line
            default:
                field.append(b)
            }
            i += 1
        }
        if inQuotes {
            throw DatasetInvalid(issues: [
                DatasetIssue(location: "\(file):\(quoteLine)", field: "quote", value: "\"", expected: "a closing quote before the end of the file")
            ])
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        self.records = records
        self.endsWithLineBreak = bytes.last == 10 || bytes.last == 13
    }
}

extension QuotedCSV {
    /// A warning when the file does not end with a line break, naming its last record; nil otherwise.
    public var cutShortWarning: DatasetIssue? {
        guard !endsWithLineBreak, let last = records.last else { return nil }
        return DatasetIssue(severity: .warning, location: "\(file):\(last.line)", field: "row", value: "the last line has no line break",
                            expected: "a complete file; check that it was not cut short (the last row was read as it is)")
    }
}
