import GridSettleCore
import GridSettleFormats
import GridSettleFuzzSupport
import GridSettleReports

/// libFuzzer target `statement-coding`: the input is a run's stored statement (`run_statement.statement`,
/// `StatementCoding`). It either decodes, and its statement JSON, CSV and HTML report are then rendered from it as
/// `gridsettle report`, the API and the report page render them, or it is refused with `Corrupt`: a damaged row in a
/// database must never trap the server.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let statement = try? StatementCoding.decode(FuzzInput.bytes(data, size)) else { return 0 }
    _ = StatementJSON.render(statement)
    _ = StatementCSV.render(statement)
    _ = HTMLReport.render(statement, figures: Backdrop.figures)
    return 0
}

/// The figures the report of a decoded statement is drawn with: the settled CAISO example's (the statement is what
/// is fuzzed; the figures have their own target, `report-figures`).
enum Backdrop {
    nonisolated(unsafe) static let figures: ReportFigures = {
        let result = try! SettlementEngine.settle(try! DatasetReader.read(files: ExampleDatasets.caiso))
        return ReportFigures(result)
    }()
}

/// Writes the statements of both settled examples as seeds when asked (`GRIDSETTLE_FUZZ_SEEDS=DIR`).
@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: OpaquePointer?, _ argv: OpaquePointer?) -> CInt {
    _ = Backdrop.figures
    SeedWriter.writeIfRequested {
        var seeds: [String: [UInt8]] = [:]
        for (name, files) in [("caiso", ExampleDatasets.caiso), ("pjm", ExampleDatasets.pjm)] {
            if let dataset = try? DatasetReader.read(files: files), let result = try? SettlementEngine.settle(dataset) {
                seeds["\(name).statement"] = StatementCoding.encode(result.statement)
            }
        }
        return seeds
    }
    return 0
}
