import Foundation
import GridSettleCore
import GridSettleExamples
import Testing

@testable import GridSettleFormats

/// The inputs the coverage-guided fuzzers found (docs/fuzzing.md), read from `Fuzz/Regressions/` so the test
/// and the fuzzers' replay use the same bytes. Before the fixes the XML ones trapped inside Foundation's
/// XMLParser (a non-UTF-8 element name or comment) and the JSON one hung `site.json`'s key scan for ever.
@Suite("Fuzz findings")
struct FuzzFindingsTests {
    static let regressions = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/Regressions")

    static func input(_ target: String, _ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: regressions.appendingPathComponent(target).appendingPathComponent(name)))
    }

    @Test("XML that is not UTF-8 (an element name, a comment) is refused at its byte, by ESPI and OpenADR 2.0b alike",
          arguments: ["non-utf8-element-name", "non-utf8-comment"])
    func xmlNotUTF8(name: String) throws {
        for target in ["espi", "openadr2b"] {
            let bytes = try Self.input(target, name)
            var issues: [DatasetIssue] = []
            do {
                if target == "espi" {
                    _ = try ESPIReader.read(bytes, file: "feed.xml", options: ImportOptions())
                } else {
                    _ = try OpenADR2bReader.read(bytes, file: "feed.xml", options: ImportOptions())
                }
            } catch {
                issues = error.issues
            }
            #expect(issues.count == 1, "\(target)/\(name)")
            #expect(issues.first?.location.hasPrefix("feed.xml:1:") == true)
            #expect(issues.first?.value.contains("is not UTF-8") == true)
        }
        // the byte and its place: `<a><!--\xFF-->` has it in column 8
        let located = XMLTree.firstInvalidUTF8(Array("<a>\n<!--".utf8) + [0xFF] + Array("--></a>".utf8))
        #expect(located?.offset == 8 && located?.line == 2 && located?.column == 5)
        #expect(XMLTree.firstInvalidUTF8(Array("<a>ü €</a>".utf8)) == nil)
    }

    @Test("a processing instruction without data (`<?xm?>`) is refused at its place; one with data, or inside a comment, is read")
    func emptyProcessingInstruction() throws {
        let bytes = try Self.input("openadr2b", "empty-processing-instruction")
        var issues: [DatasetIssue] = []
        do {
            _ = try OpenADR2bReader.read(bytes, file: "feed.xml", options: ImportOptions())
        } catch {
            issues = error.issues
        }
        #expect(issues.count == 1)
        #expect(issues.first?.location == "feed.xml:1:1" && issues.first?.value.contains("<?xm?>") == true, "\(issues)")
        #expect(XMLTree.firstEmptyProcessingInstruction(Array("<?xml version=\"1.0\"?>\n<a>\n <?target ?></a>".utf8))?.line == 3)
        let fine = "<?xml version=\"1.0\"?>\n<?xml-stylesheet href=\"s.xsl\"?>\n<a><!-- <?x?> --><![CDATA[<?y?>]]></a>"
        #expect(XMLTree.firstEmptyProcessingInstruction(Array(fine.utf8)) == nil)
        #expect(try XMLTree.parse(Array(fine.utf8), file: "fine.xml").name == "a")
    }

    @Test("site.json nested 257 deep is one located error, not a scan that never ends")
    func siteJSONTooDeep() throws {
        let tariffJSON = Array(ExampleTariffs.sceTOU8JSON.utf8)
        let tariff = try URDBReader.read(data: tariffJSON, file: "tariff.json", reference: TariffReference(urdbFile: "tariff.json")).tariff
        var files = DatasetWriter.files(ExampleGenerator.laAirForceBase(options: ExampleOptions(), tariff: tariff, tariffFile: "tariff.json"),
                                        tariffJSON: tariffJSON)
        files["site.json"] = try Self.input("site", "json-scan-257-open-brackets")
        var issues: [DatasetIssue] = []
        do {
            _ = try DatasetReader.read(files: files)
        } catch {
            issues = error.issues
        }
        #expect(issues.contains { $0.location.hasPrefix("site.json") && $0.value.contains("nested more than \(JSONTextScan.maximumDepth) levels") },
                "\(issues.map(\.description))")
    }
}
