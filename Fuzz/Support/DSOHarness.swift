import GridSettleCore
import GridSettleExamples
import GridSettleFormats

/// The DSO dataset (docs/dso-dataset.md) with one file replaced, read and, when accepted, settled interface by
/// interface the way `gridsettle dso` does (aggregation rules, then the DSO settlement and its adequacy check).
public enum DSOHarness {
    /// The generated three-DSO example, cut down to a few members per interface and a few days of history so a
    /// run costs milliseconds.
    public static let example: [String: [UInt8]] = {
        var o = DSOExampleGenerator.Options()
        o.membersPerInterface = 3
        o.historyDays = 3
        return DSOExampleGenerator.files(o).mapValues { Array($0.utf8) }
    }()

    /// The selector byte indexes this fixed list, so saved inputs keep their meaning.
    public static let fileNames = DSODatasetReader.Files.all

    public static func files(selector: UInt8, replacingWith bytes: [UInt8]) -> [String: [UInt8]] {
        var files = example
        files[fileNames[Int(selector) % fileNames.count]] = bytes
        return files
    }

    public static func readAndSettle(_ files: [String: [UInt8]]) {
        guard let dataset = try? DSODatasetReader.read(files: files) else { return }
        for unit in dataset.interfaceUnits {
            guard let aggregation = try? DERAggregation(dso: unit.dso, members: unit.members) else { continue }
            guard let settlement = try? DSOSettlementEngine.settle(aggregation, input: dataset.settlementInput(unit)) else { continue }
            _ = RevenueAdequacy.verify(settlement)
        }
    }
}
