import GridSettleCore
import Testing

@testable import GridSettleFormats

/// Deeply nested XML must be refused with a located error, never read by recursion until the stack runs out.
@Suite("XMLDepth")
struct XMLDepthTests {
    /// `<feed>` holding `depth` nested `<entry>` elements, one per line, then their closing tags.
    static func nested(depth: Int) -> [UInt8] {
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        s.reserveCapacity(depth * 20)
        for _ in 0..<depth { s += "<entry>\n" }
        for _ in 0..<depth { s += "</entry>" }
        s += "</feed>\n"
        return Array(s.utf8)
    }

    @Test("30,000 nested elements: one error naming the file, line, element and limit")
    func deepDocumentIsRefused() {
        var thrown: DatasetInvalid? = nil
        do {
            _ = try ESPIReader.read(Self.nested(depth: 30_000), file: "deep.xml", options: ImportOptions())
        } catch {
            thrown = error
        }
        let issues = thrown?.issues ?? []
        #expect(issues.count == 1)
        let issue = issues.first
        // The root <feed> is depth 1 on line 2; the element that goes past the limit is the 256th <entry>,
        // on line 2 + 256.
        #expect(issue?.location.hasPrefix("deep.xml:\(2 + XMLTree.maximumDepth):") == true)
        #expect(issue?.field == "<entry>")
        #expect(issue?.expected.contains("\(XMLTree.maximumDepth)") == true)
    }

    @Test("a document exactly at the limit is read")
    func documentAtTheLimitIsRead() throws {
        // feed + (limit − 1) entries = limit levels: parsed into a tree (the ESPI reader then finds no data).
        let root = try XMLTree.parse(Self.nested(depth: XMLTree.maximumDepth - 1), file: "edge.xml")
        var depth = 1
        var n = root
        while let c = n.children.first {
            depth += 1
            n = c
        }
        #expect(depth == XMLTree.maximumDepth)
    }
}
