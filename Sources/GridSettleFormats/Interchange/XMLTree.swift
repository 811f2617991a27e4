#if canImport(FoundationXML)
    import FoundationXML
#endif
import Foundation
import GridSettleCore

/// A small element tree read with Foundation's streaming `XMLParser` (libxml2), for the XML interchange
/// formats (Green Button ESPI, OpenADR 2.0b).
///
/// Names are namespace-resolved: `name` is the local name and `namespace` the URI, so `espi:IntervalBlock`,
/// `ns0:IntervalBlock` and a default-namespace `IntervalBlock` are the same element (research
/// data_formats.md §1.8: "namespace-aware, prefix-agnostic"). Every element keeps the line it starts on,
/// so errors can point into the file.
public final class XMLNode: @unchecked Sendable {
    public let name: String
    public let namespace: String
    public let attributes: [String: String]
    public let line: Int
    public internal(set) var children: [XMLNode] = []
    public internal(set) var text: String = ""

    init(name: String, namespace: String, attributes: [String: String], line: Int) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
        self.line = line
    }

    /// The first child with local name `name`.
    public func child(_ name: String) -> XMLNode? { children.first { $0.name == name } }

    /// Every child with local name `name`.
    public func children(_ name: String) -> [XMLNode] { children.filter { $0.name == name } }

    /// The first element with local name `name` at any depth below this one (depth-first, document order).
    public func descendant(_ name: String) -> XMLNode? {
        for c in children {
            if c.name == name { return c }
            if let d = c.descendant(name) { return d }
        }
        return nil
    }

    /// Every element with local name `name` at any depth below this one, in document order.
    public func descendants(_ name: String) -> [XMLNode] {
        var out: [XMLNode] = []
        func walk(_ n: XMLNode) {
            for c in n.children {
                if c.name == name { out.append(c) }
                walk(c)
            }
        }
        walk(self)
        return out
    }

    /// The trimmed text of the child at `path` (local names), e.g. `value(["interval", "start"])`.
    public func value(_ path: String...) -> String? {
        var n: XMLNode? = self
        for p in path { n = n?.child(p) }
        guard let t = n?.text else { return nil }
        return t
    }
}

/// Parses a whole XML document into an ``XMLNode`` tree.
public enum XMLTree {
    /// The deepest element nesting read, counting the root as 1. Real Green Button ESPI feeds nest about 8
    /// levels (feed/entry/content/IntervalBlock/IntervalReading/timePeriod/start) and OpenADR 2.0b payloads
    /// about 12, so 256 is generous for every real file while keeping the tree, and every recursive walk over
    /// it (``XMLNode/descendant(_:)``, freeing the nodes), far from the end of the stack: 30 000 nested
    /// elements used to overflow it and kill the process. A deeper document is refused with one issue naming
    /// the file, the line of the element that goes past the limit, the element and the limit.
    public static let maximumDepth = 256

    /// Parses `bytes`; a malformed document becomes one issue naming the file, the line and column, and
    /// libxml2's message.
    public static func parse(_ bytes: [UInt8], file: String) throws(DatasetInvalid) -> XMLNode {
        // Foundation's XMLParser traps (it does not throw) when a name, comment or text it hands over is not
        // UTF-8, so bytes that are not UTF-8 are refused here, located, before the parser sees them. ESPI and
        // OpenADR documents are UTF-8.
        if let bad = firstInvalidUTF8(bytes) {
            throw DatasetInvalid(issues: [
                DatasetIssue(
                    location: "\(file):\(bad.line):\(bad.column)", field: "xml",
                    value: "byte 0x" + String(bytes[bad.offset], radix: 16, uppercase: true) + " is not UTF-8",
                    expected: "a UTF-8 encoded XML document (Green Button ESPI and OpenADR documents are UTF-8); the document was not read")
            ])
        }
        // From a stream, not `XMLParser(data:)`: given the whole document as one chunk, libxml2's push parser
        // refuses anything over its 10 MB lookup limit ("huge input lookup", error 1) — a year of 15-minute
        // Green Button data for a few meters is bigger than that. Streamed, it reads in chunks with no limit.
        // Foundation's XMLParser also crashes (strlen of a null pointer) on a processing instruction without
        // data, `<?target?>`: refused here, located, for the same reason
        if let pi = firstEmptyProcessingInstruction(bytes) {
            throw DatasetInvalid(issues: [
                DatasetIssue(
                    location: "\(file):\(pi.line):\(pi.column)", field: "xml", value: "<?\(pi.target)?> (a processing instruction without data)",
                    expected: "processing instructions with data, such as <?xml-stylesheet href=\"…\"?>, or none; the document was not read")
            ])
        }
        let parser = XMLParser(stream: InputStream(data: Data(bytes)))
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        let builder = TreeBuilder(parser: parser)
        parser.delegate = builder
        let ok = parser.parse()
        if let deep = builder.tooDeep {
            throw DatasetInvalid(issues: [
                DatasetIssue(
                    location: "\(file):\(max(deep.line, 1)):\(max(deep.column, 1))", field: "<\(deep.name)>",
                    value: "element nested more than \(maximumDepth) levels deep",
                    expected: "XML nested at most \(maximumDepth) elements deep (real ESPI and OpenADR files nest about 10); the document was not read")
            ])
        }
        // On Linux, XMLParser.parse() returns true after some fatal errors (a truncated document, content
        // after the root element, an unquoted attribute) and only sets parserError, so both are checked: a
        // cut-off file must be an error, never a smaller tree.
        if !ok || parser.parserError != nil || builder.root == nil || builder.depth != 0 {
            let error = builder.error ?? parser.parserError
            let what: String
            switch (error as NSError?)?.code {
            case 5?: what = "the document ends early, or has content after its root element (libxml2 error 5)"
            case 77?: what = "a tag is not finished (libxml2 error 77)"
            case let code?: what = "libxml2 error \(code): " + ((error as NSError?)?.localizedDescription ?? "")
            case nil: what = builder.root == nil ? "no root element" : "the document ends inside <\(builder.openName)>"
            }
            let line = builder.error == nil ? parser.lineNumber : builder.errorLine
            let column = builder.error == nil ? parser.columnNumber : builder.errorColumn
            throw DatasetInvalid(issues: [
                DatasetIssue(
                    location: "\(file):\(max(line, 1)):\(max(column, 1))", field: "xml", value: what,
                    expected: "a well-formed, complete XML document (a truncated document is refused, not read in part)")
            ])
        }
        return builder.root!
    }

    /// The first processing instruction with nothing after its target (`<?target?>`, `<?target ?>`), outside
    /// comments and CDATA sections, with its target and 1-based line and column.
    static func firstEmptyProcessingInstruction(_ b: [UInt8]) -> (target: String, line: Int, column: Int)? {
        let lt = UInt8(ascii: "<"), q = UInt8(ascii: "?"), gt = UInt8(ascii: ">"), nl = UInt8(ascii: "\n")
        func starts(_ i: Int, _ s: String) -> Bool { b.count - i >= s.utf8.count && b[i..<(i + s.utf8.count)].elementsEqual(s.utf8) }
        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
        var i = 0, line = 1, lineStart = 0
        // skips to just past `end`, counting lines
        func skip(past end: String) {
            while i < b.count, !starts(i, end) {
                if b[i] == nl { line += 1; lineStart = i + 1 }
                i += 1
            }
            i = min(b.count, i + end.utf8.count)
        }
        while i < b.count {
            let c = b[i]
            if c == nl { line += 1; lineStart = i + 1; i += 1; continue }
            guard c == lt else { i += 1; continue }
            if starts(i, "<!--") { i += 4; skip(past: "-->"); continue }
            if starts(i, "<![CDATA[") { i += 9; skip(past: "]]>"); continue }
            guard i + 1 < b.count, b[i + 1] == q else { i += 1; continue }
            let at = (line, i - lineStart + 1)
            var k = i + 2
            while k < b.count, !isSpace(b[k]), !(b[k] == q && k + 1 < b.count && b[k + 1] == gt) { k += 1 }
            let target = String(decoding: b[(i + 2)..<k], as: UTF8.self)
            var d = k
            while d < b.count, isSpace(b[d]) { d += 1 }
            if d + 1 < b.count, b[d] == q, b[d + 1] == gt { return (target, at.0, at.1) }
            i += 2
            skip(past: "?>")
        }
        return nil
    }

    /// The first byte that does not belong to valid UTF-8, with its 1-based line and column (in bytes).
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> (offset: Int, line: Int, column: Int)? {
        // the standard library's validation is the fast path (documents of tens of MB are common); the
        // scalar-by-scalar walk below runs only to locate the first bad byte of a document that fails it
        if String(validating: bytes, as: UTF8.self) != nil { return nil }
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var line = 1
        var lineStart = 0
        var consumed = 0  // bytes of the scalars decoded so far: where the next one begins
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                consumed += UTF8.width(scalar)
                if scalar == "\n" {
                    line += 1
                    lineStart = consumed
                }
            case .emptyInput:
                return nil
            case .error:
                return (consumed, line, consumed - lineStart + 1)
            }
        }
    }

    private final class TreeBuilder: NSObject, XMLParserDelegate {
        weak var parser: XMLParser?
        var stack: [XMLNode] = []
        var root: XMLNode?
        var texts: [String] = []
        /// Elements opened and not yet closed: non-zero at the end means the document was cut off.
        var depth: Int { stack.count }
        var openName: String { stack.last?.name ?? "" }
        /// The first error libxml2 reported, and where.
        var error: (any Error)?
        var errorLine = 0
        var errorColumn = 0
        /// The first element that would have been nested deeper than ``XMLTree/maximumDepth``; parsing stops there.
        var tooDeep: (name: String, line: Int, column: Int)?

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            if error == nil {
                error = parseError
                errorLine = parser.lineNumber
                errorColumn = parser.columnNumber
            }
        }

        init(parser: XMLParser) { self.parser = parser }

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
            attributes attributeDict: [String: String] = [:]
        ) {
            let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
            if stack.count >= XMLTree.maximumDepth {
                if tooDeep == nil { tooDeep = (local, parser.lineNumber, parser.columnNumber) }
                parser.abortParsing()
                return
            }
            let node = XMLNode(name: local, namespace: namespaceURI ?? "", attributes: attributeDict, line: parser.lineNumber)
            if let top = stack.last { top.children.append(node) } else if root == nil { root = node }
            stack.append(node)
            texts.append("")
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if !texts.isEmpty { texts[texts.count - 1] += string }
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            if !texts.isEmpty { texts[texts.count - 1] += String(decoding: CDATABlock, as: UTF8.self) }
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            guard let node = stack.popLast() else { return }
            node.text = texts.popLast()?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        }
    }
}

/// Text for XML character data and attribute values, for the writers (Green Button export, OpenADR VEN).
public enum XMLText {
    /// `&`, `<`, `>`, `"` and `'` as entities; everything else as is.
    public static func escape(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") })
        else { return s }
        var r = ""
        r.reserveCapacity(s.utf8.count + 16)
        for ch in s {
            switch ch {
            case "&": r += "&amp;"
            case "<": r += "&lt;"
            case ">": r += "&gt;"
            case "\"": r += "&quot;"
            case "'": r += "&apos;"
            default: r.append(ch)
            }
        }
        return r
    }
}
