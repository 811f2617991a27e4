import GridSettleCore
import GridSettleFormats
import GridSettleFuzzSupport
import GridSettleReports

/// libFuzzer target `report-figures`: the input is a run's stored chart figures (`run_figures.figures`,
/// `ReportFiguresCoding`). It either decodes, and the report's four charts are then drawn from it as the run page
/// draws them, or it is refused with `Corrupt`: a damaged row in a database must never trap the server or make a
/// page draw without end.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let figures = try? ReportFiguresCoding.decode(FuzzInput.bytes(data, size)) else { return 0 }
    _ = ReportCharts.render(figures)
    return 0
}

/// Writes the figures of both settled examples as seeds when asked (`GRIDSETTLE_FUZZ_SEEDS=DIR`).
@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: OpaquePointer?, _ argv: OpaquePointer?) -> CInt {
    SeedWriter.writeIfRequested {
        var seeds: [String: [UInt8]] = [:]
        for (name, files) in [("caiso", ExampleDatasets.caiso), ("pjm", ExampleDatasets.pjm)] {
            if let dataset = try? DatasetReader.read(files: files), let result = try? SettlementEngine.settle(dataset) {
                seeds["\(name).figures"] = ReportFiguresCoding.encode(ReportFigures(result))
            }
        }
        return seeds
    }
    return 0
}
