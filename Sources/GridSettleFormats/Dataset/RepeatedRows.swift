/// Remembers the line of each row's key in one file, so that a repeated key (a verbatim copy, or a second row
/// for the same interval) is an error naming both lines: never summed, never a silent overwrite.
struct RepeatedRows {
    /// A row's key: up to three names (ids, enum raw values) and three instants or lengths. Built from values
    /// the row's parse already made, so checking a row allocates nothing beyond the table's own entry.
    struct Key: Hashable {
        var names: (String, String, String)
        var numbers: (Int64, Int64, Int64)

        init(_ n0: String, _ n1: String = "", _ n2: String = "", numbers i0: Int64, _ i1: Int64 = 0, _ i2: Int64 = 0) {
            names = (n0, n1, n2)
            numbers = (i0, i1, i2)
        }

        static func == (a: Key, b: Key) -> Bool { a.names == b.names && a.numbers == b.numbers }

        func hash(into h: inout Hasher) {
            h.combine(names.0)
            h.combine(names.1)
            h.combine(names.2)
            h.combine(numbers.0)
            h.combine(numbers.1)
            h.combine(numbers.2)
        }
    }

    private var firstLine: [Key: Int] = [:]

    /// False, with an issue on `field` naming the earlier line, when `key` was seen before; true otherwise.
    mutating func isFirst(_ key: Key, _ p: FieldParser, _ row: CSVTable.Row, field: String, what: String) -> Bool {
        if let line = firstLine[key] {
            p.fail(row, field, "one row per \(what); line \(line) already has it (duplicate)")
            return false
        }
        firstLine[key] = row.line
        return true
    }
}
