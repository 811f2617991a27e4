import GridSettleFuzzSupport

/// libFuzzer target `readings`: the input is a portfolio's only readings file, in either layout, read in 512-byte
/// blocks on two cores, and every unit of November and December built from it (``ReadingsHarness``).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    ReadingsHarness.read(FuzzInput.bytes(data, size))
    return 0
}

/// Writes the example's readings in both layouts as seeds when asked (`GRIDSETTLE_FUZZ_SEEDS=DIR`).
@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: OpaquePointer?, _ argv: OpaquePointer?) -> CInt {
    SeedWriter.writeIfRequested { ReadingsHarness.seeds }
    return 0
}
