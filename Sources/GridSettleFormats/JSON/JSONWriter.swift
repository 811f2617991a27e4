/// Writes JSON straight into UTF-8 bytes, pretty-printed with two-space indentation: the one JSON layout
/// GridSettle writes (``JSONValue/serialized()`` writes through it too).
///
/// Why not only ``JSONValue``: a statement with its interval lineage is tens of kilobytes of JSON per unit, and
/// building it as a tree first (an enum case, an array and a `String` per value) was most of the cost of writing
/// it. Writing as the statement is walked produces the same bytes without the tree.
///
/// Layout: `{}` and `[]` when empty; otherwise the opening bracket, each member or element on its own line
/// indented one level deeper, `,` after every one but the last, the closing bracket on its own line at the
/// container's indentation; `"key": value`. Strings are escaped by ``JSONValue/escape(_:into:)``.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// Per open container: whether a member or element has been written yet.
    private var started: [Bool] = []

    init(reservingCapacity capacity: Int = 4096) {
        bytes.reserveCapacity(capacity)
        started.reserveCapacity(16)
    }

    /// The document's bytes with the final line feed.
    consuming func finished() -> [UInt8] {
        bytes.append(10)
        return bytes
    }

    mutating func beginObject() { open(123) }
    mutating func endObject() { close(125) }
    mutating func beginArray() { open(91) }
    mutating func endArray() { close(93) }

    /// Starts an object member: what is written next is its value.
    mutating func key(_ name: String) {
        next()
        JSONValue.escape(name, into: &bytes)
        bytes.append(58)
        bytes.append(32)
    }

    /// Starts an array element: what is written next is the element.
    mutating func element() { next() }

    mutating func string(_ s: String) { JSONValue.escape(s, into: &bytes) }
    /// A number already rendered as JSON text.
    mutating func number(_ text: String) { bytes.append(contentsOf: text.utf8) }
    mutating func int(_ v: Int) { number(String(v)) }
    mutating func bool(_ b: Bool) { bytes.append(contentsOf: (b ? "true" : "false").utf8) }
    mutating func null() { bytes.append(contentsOf: "null".utf8) }

    /// `"name": "value"`.
    mutating func member(_ name: String, _ value: String) {
        key(name)
        string(value)
    }

    /// `"name": 12`.
    mutating func member(_ name: String, int value: Int) {
        key(name)
        int(value)
    }

    /// `"name": "value"`, or `"name": null`.
    mutating func member(_ name: String, orNull value: String?) {
        key(name)
        if let value { string(value) } else { null() }
    }

    /// `"name": {…}` with the members `members` writes.
    mutating func object(_ name: String, _ members: (inout JSONWriter) -> Void) {
        key(name)
        beginObject()
        members(&self)
        endObject()
    }

    /// `"name": ["…", …]`.
    mutating func strings(_ name: String, _ values: some Sequence<String>) {
        key(name)
        beginArray()
        for v in values {
            element()
            string(v)
        }
        endArray()
    }

    /// `"name": [{…}, …]`: one object per item, with the members `members` writes for it.
    mutating func objects<Item>(_ name: String, _ items: some Sequence<Item>, _ members: (inout JSONWriter, Item) -> Void) {
        key(name)
        beginArray()
        for item in items {
            element()
            beginObject()
            members(&self, item)
            endObject()
        }
        endArray()
    }

    private mutating func open(_ bracket: UInt8) {
        bytes.append(bracket)
        started.append(false)
    }

    private mutating func close(_ bracket: UInt8) {
        if started.removeLast() {
            bytes.append(10)
            pad(started.count)
        }
        bytes.append(bracket)
    }

    private mutating func next() {
        if started[started.count - 1] { bytes.append(44) } else { started[started.count - 1] = true }
        bytes.append(10)
        pad(started.count)
    }

    private mutating func pad(_ depth: Int) { bytes.append(contentsOf: repeatElement(32, count: 2 * depth)) }
}
