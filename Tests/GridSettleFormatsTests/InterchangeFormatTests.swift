import Foundation
import GridSettleCore
import Testing

@testable import GridSettleFormats

/// Every reader behind `gridsettle import --format`, given every other format's files: a located error or an
/// empty result with a warning — never a crash, never data read from the wrong kind of file.
@Suite struct InterchangeFormatTests {
    /// (format it is, fixture folder, file) for one real or synthetic sample of each format.
    static let samples: [(InterchangeFormat, String, String)] = [
        (.espi, "greenbutton/greenbutton-openespi", "test_usage_data.xml"),
        (.espi, "greenbutton/greenbutton-cityssm", "intervals_APUC000000_electric.xml"),
        (.greenButtonCSV, "greenbutton-csv", "nem_import_export_2024-06-01.csv"),
        (.cmep, "cmep", "cmep.dat"),
        (.oasis, "oasis", "PRC_LMP_DAM_20241103.csv"),
        (.oasis, "oasis", "PRC_INTVL_AS_20240115.csv"),
        (.pjmDataMiner, "pjm-dataminer", "da_hrl_lmps_20241103.csv"),
        (.pjmDataMiner, "pjm-dataminer", "reg_zone_prelim_bill_20241103.csv"),
        (.openADR2b, "openadr", "oadrDistributeEvent.xml"),
    ]

    static let options = ImportOptions(
        zone: .losAngeles, resourceID: "R1", awardRun: .fifteenMinute, unitAliases: ["SKWHREG": "KWHREG"], readTimeToleranceSeconds: 60)

    @Test func eachFormatReadsItsOwnSample() throws {
        for (format, folder, name) in Self.samples {
            let r = try format.read(try interchangeFixture(folder, name), file: name, options: Self.options)
            #expect(!r.isEmpty, "\(format.rawValue) \(name)")
        }
    }

    @Test func noFormatReadsAnotherFormatsFile() throws {
        for format in InterchangeFormat.allCases {
            for (own, folder, name) in Self.samples where own != format {
                let bytes = try interchangeFixture(folder, name)
                do {
                    let r = try format.read(bytes, file: name, options: Self.options)
                    #expect(r.isEmpty, "\(format.rawValue) read \(name) as data")
                    #expect(!r.warnings.isEmpty, "\(format.rawValue) read \(name) as nothing without a word")
                } catch {
                    expectIssuesLocated(error.issues, in: name, "\(format.rawValue) on \(name)")
                }
            }
        }
    }

    @Test func emptyAndBinaryInputIsALocatedError() {
        let inputs: [[UInt8]] = [[], [0, 0, 0, 0], Array("PK\u{03}\u{04}".utf8) + [UInt8](repeating: 0xFF, count: 64), Array("\u{FEFF}".utf8)]
        for format in InterchangeFormat.allCases {
            for (k, bytes) in inputs.enumerated() {
                do {
                    let r = try format.read(bytes, file: "in\(k)", options: Self.options)
                    #expect(r.isEmpty && !r.warnings.isEmpty, "\(format.rawValue) accepted input \(k) silently")
                } catch {
                    expectIssuesLocated(error.issues, in: "in\(k)", "\(format.rawValue) input \(k)")
                }
            }
        }
    }
}
