import GridSettleCore
import GridSettleFormats

/// Reads a dataset and, when the reader accepts it, settles it and renders the statement.
///
/// Errors are the expected outcome for most fuzz inputs and are dropped here; the findings are what the
/// process cannot survive (a trap, a memory error, a hang). Settling what validated is the property issue 16
/// cares most about: a dataset the reader and validator accept must settle without trapping.
public enum DatasetHarness {
    public static func readAndSettle(_ files: [String: [UInt8]]) {
        let dataset: Dataset
        do {
            dataset = try DatasetReader.read(files: files)
        } catch {
            return
        }
        guard let result = try? SettlementEngine.settle(dataset) else { return }
        _ = StatementJSON.render(result.statement)
        _ = StatementCSV.render(result.statement)
    }

    /// The example chosen by the selector byte's high bit, with one file replaced by `bytes`: the low seven bits
    /// index ``ExampleDatasets/fileNames``.
    public static func files(selector: UInt8, replacingWith bytes: [UInt8]) -> [String: [UInt8]] {
        var files = selector & 0x80 == 0 ? ExampleDatasets.caiso : ExampleDatasets.pjm
        let names = ExampleDatasets.fileNames
        files[names[Int(selector & 0x7F) % names.count]] = bytes
        return files
    }

    /// The selector byte that makes ``files(selector:replacingWith:)`` replace `name` in the given example.
    public static func selector(pjm: Bool, file name: String) -> UInt8? {
        guard let i = ExampleDatasets.fileNames.firstIndex(of: name) else { return nil }
        return UInt8(i) | (pjm ? 0x80 : 0)
    }
}
