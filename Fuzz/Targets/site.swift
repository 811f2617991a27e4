import GridSettleFuzzSupport

/// libFuzzer target `site`: the input is `site.json`, read and settled with the rest of an example dataset.
///
/// An input that mentions `"PJM"` gets the PJM example's other files, any other the CAISO example's, so both
/// settlement pipelines are reachable from the raw site files the seeds are.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = FuzzInput.bytes(data, size)
    let pjm = containsPJM(bytes)
    guard let selector = DatasetHarness.selector(pjm: pjm, file: "site.json") else { return 0 }
    DatasetHarness.readAndSettle(DatasetHarness.files(selector: selector, replacingWith: bytes))
    return 0
}

private func containsPJM(_ bytes: [UInt8]) -> Bool {
    let needle = Array("\"PJM\"".utf8)
    guard bytes.count >= needle.count else { return false }
    for i in 0...(bytes.count - needle.count) where bytes[i..<(i + needle.count)].elementsEqual(needle) { return true }
    return false
}

/// Writes both examples' site files as seeds when asked (`GRIDSETTLE_FUZZ_SEEDS=DIR`).
@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: OpaquePointer?, _ argv: OpaquePointer?) -> CInt {
    SeedWriter.writeIfRequested {
        ["caiso-site.json": ExampleDatasets.caiso["site.json"] ?? [], "pjm-site.json": ExampleDatasets.pjm["site.json"] ?? []]
    }
    return 0
}
