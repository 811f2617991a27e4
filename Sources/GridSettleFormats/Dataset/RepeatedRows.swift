/// Remembers the line of each row's key in one file, so that a repeated key (a verbatim copy, or a second row
/// for the same interval) is an error naming both lines: never summed, never a silent overwrite.
struct RepeatedRows {
    private var firstLine: [String: Int] = [:]

    /// False, with an issue on `field` naming the earlier line, when `key` was seen before; true otherwise.
    mutating func isFirst(_ key: String, _ p: FieldParser, _ row: CSVTable.Row, field: String, what: String) -> Bool {
        if let line = firstLine[key] {
            p.fail(row, field, "one row per \(what); line \(line) already has it (duplicate)")
            return false
        }
        firstLine[key] = row.line
        return true
    }
}
