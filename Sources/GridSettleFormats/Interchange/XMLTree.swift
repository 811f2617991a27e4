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
    /// Parses `bytes`; a malformed document becomes one issue naming the file, the line and column, and
    /// libxml2's message.
    public static func parse(_ bytes: [UInt8], file: String) throws(DatasetInvalid) -> XMLNode {
        let parser = XMLParser(data: Data(bytes))
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        let builder = TreeBuilder(parser: parser)
        parser.delegate = builder
        let ok = parser.parse()
        if !ok || builder.root == nil {
            let err = parser.parserError
            let message = (err as NSError?)?.localizedDescription ?? "no root element"
            throw DatasetInvalid(issues: [
                DatasetIssue(
                    location: "\(file):\(max(parser.lineNumber, 1)):\(max(parser.columnNumber, 1))", field: "xml",
                    value: message, expected: "a well-formed XML document")
            ])
        }
        return builder.root!
    }

    private final class TreeBuilder: NSObject, XMLParserDelegate {
        weak var parser: XMLParser?
        var stack: [XMLNode] = []
        var root: XMLNode?
        var texts: [String] = []

        init(parser: XMLParser) { self.parser = parser }

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
            attributes attributeDict: [String: String] = [:]
        ) {
            let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
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
