import GridSettleFuzzSupport

/// libFuzzer target `dataset`: a valid example dataset with ONE file replaced by the input, read by
/// `DatasetReader.read(files:)` and settled when it validates.
///
/// The first byte selects the file: its high bit picks the example (0 = CAISO LA AFB, 1 = PJM customer-side),
/// its low seven bits index `ExampleDatasets.fileNames` (site.json, tariff.json, then every CSV); the rest of
/// the input is the file. So one target explores every file's reader and the cross-file validation.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let bytes = FuzzInput.bytes(data, size)
    DatasetHarness.readAndSettle(DatasetHarness.files(selector: bytes[0], replacingWith: Array(bytes.dropFirst())))
    return 0
}

/// Writes the seed corpus when asked (`GRIDSETTLE_FUZZ_SEEDS=DIR`): every file of both examples, header-only
/// versions of the optional files they lack, each behind its selector byte.
@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: OpaquePointer?, _ argv: OpaquePointer?) -> CInt {
    SeedWriter.writeIfRequested {
        var seeds: [String: [UInt8]] = [:]
        for (example, files) in [("caiso", ExampleDatasets.caiso), ("pjm", ExampleDatasets.pjm)] {
            for name in ExampleDatasets.fileNames {
                guard let content = files[name] ?? ExampleDatasets.headerOnly[name],
                      let selector = DatasetHarness.selector(pjm: example == "pjm", file: name) else { continue }
                seeds["\(example)-\(name)"] = [selector] + content
            }
        }
        return seeds
    }
    return 0
}
