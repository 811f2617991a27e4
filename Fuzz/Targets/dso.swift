import GridSettleFuzzSupport

/// libFuzzer target `dso`: the DSO example dataset with ONE file replaced by the input (the first byte indexes
/// `DSODatasetReader.Files.all`), read and settled interface by interface when it validates.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let bytes = FuzzInput.bytes(data, size)
    DSOHarness.readAndSettle(DSOHarness.files(selector: bytes[0], replacingWith: Array(bytes.dropFirst())))
    return 0
}

/// Writes every file of the example behind its selector byte when asked (`GRIDSETTLE_FUZZ_SEEDS=DIR`).
@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: OpaquePointer?, _ argv: OpaquePointer?) -> CInt {
    SeedWriter.writeIfRequested {
        var seeds: [String: [UInt8]] = [:]
        for (i, name) in DSOHarness.fileNames.enumerated() {
            guard let content = DSOHarness.example[name] else { continue }
            seeds["dso-\(name)"] = [UInt8(i)] + content
        }
        return seeds
    }
    return 0
}
