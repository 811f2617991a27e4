/// The one CSV writer: every CSV file GridSettle writes goes through it, so every file follows the same
/// RFC 4180 dialect and reads back through ``CSVTable`` (and any RFC 4180 reader) with the same values.
///
/// Rules (docs/dataset-format.md "CSV dialect"):
/// - Fields are separated by `,`; each row ends with one LF (`\n`), the header row included. LF rather than
///   RFC 4180's CRLF so that files without text needing quotes stay byte-identical to what earlier versions
///   wrote; every RFC 4180 reader accepts LF.
/// - A field is quoted iff it contains a comma, a double quote, CR or LF, or begins or ends with a space or
///   tab. The last rule is not RFC 4180's: spreadsheet imports trim unquoted blanks, and a meter id
///   `"M1 "` must not become `M1` on the way through one.
/// - Inside quotes a double quote is doubled (`a"b` → `"a""b"`); nothing else is escaped.
///
/// Rows are appended into one `[UInt8]` buffer; a field that needs no quotes is copied straight from the
/// string's UTF-8, so writing a field allocates nothing beyond the buffer's own growth.
public struct CSVWriter: Sendable {
    /// The file so far, UTF-8.
    public private(set) var bytes: [UInt8] = []
    /// Whether the current row has a field yet (the next one needs a separator).
    private var rowStarted = false
    /// Where the current row starts in ``bytes``.
    private var rowStart = 0

    public init(reservingCapacity bytes: Int = 0) {
        self.bytes.reserveCapacity(bytes)
    }

    /// A writer whose first row is `columns`.
    public init(columns: [String], reservingCapacity bytes: Int = 0) {
        self.init(reservingCapacity: bytes)
        row(columns)
    }

    /// The file so far as a string.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Appends one field to the current row.
    public mutating func field(_ value: String) {
        if rowStarted {
            bytes.append(Self.comma)
        } else {
            rowStart = bytes.count
            rowStarted = true
        }
        var v = value
        v.withUTF8 { Self.append($0, to: &bytes) }
    }

    /// Ends the current row with the line ending. A row of one empty field is written `""`: an empty line
    /// would be read as no row at all.
    public mutating func endRow() {
        if rowStarted && bytes.count == rowStart { bytes += [Self.quote, Self.quote] }
        bytes.append(Self.lineFeed)
        rowStarted = false
    }

    /// Appends a whole row.
    public mutating func row(_ fields: [String]) {
        for f in fields { field(f) }
        endRow()
    }

    /// Appends a row already encoded by ``record(_:)``, for code that collects rows before it writes the file.
    public mutating func append(record: String) {
        if rowStarted { endRow() }
        bytes.append(contentsOf: record.utf8)
        bytes.append(Self.lineFeed)
    }

    /// Continues a file written earlier (an append-only log): its bytes, then a line ending if its last row
    /// has none, so the next row starts on a line of its own instead of extending that row.
    public mutating func append(existing: [UInt8]) {
        if rowStarted { endRow() }
        bytes.append(contentsOf: existing)
        if let last = existing.last, last != Self.lineFeed { bytes.append(Self.lineFeed) }
    }

    /// One row encoded, without its line ending.
    public static func record(_ fields: [String]) -> String {
        if fields.count == 1 && fields[0].isEmpty { return "\"\"" }
        var w = CSVWriter()
        for f in fields { w.field(f) }
        return w.text
    }

    /// One field encoded: quoted and with its quotes doubled when the rules above ask for it.
    public static func encoded(_ value: String) -> String {
        var w = CSVWriter()
        w.field(value)
        return w.text
    }

    /// Whether `utf8` must be quoted.
    static func needsQuotes(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = utf8.first, let last = utf8.last else { return false }
        if first == space || first == tab || last == space || last == tab { return true }
        for b in utf8 where b == comma || b == quote || b == lineFeed || b == carriageReturn { return true }
        return false
    }

    static func append(_ utf8: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        guard needsQuotes(utf8) else {
            out.append(contentsOf: utf8)
            return
        }
        out.append(quote)
        for b in utf8 {
            if b == quote { out.append(quote) }
            out.append(b)
        }
        out.append(quote)
    }

    static let comma = UInt8(ascii: ",")
    static let quote = UInt8(ascii: "\"")
    static let lineFeed: UInt8 = 10
    static let carriageReturn: UInt8 = 13
    static let space: UInt8 = 32
    static let tab: UInt8 = 9
}
