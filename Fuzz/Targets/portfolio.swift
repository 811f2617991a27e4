import GridSettleFuzzSupport

/// libFuzzer target `portfolio`: a valid two-site portfolio with ONE file replaced by the input (the first byte
/// selects it from `PortfolioHarness.fileNames`: portfolio.json, a site file, the tariff, readings.csv, the market
/// files), read by `PortfolioReader` in 512-byte blocks on two cores, and every unit settled when it validates.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let bytes = FuzzInput.bytes(data, size)
    PortfolioHarness.readAndSettle(selector: bytes[0], replacingWith: Array(bytes.dropFirst()))
    return 0
}

/// Writes the seed corpus when asked (`GRIDSETTLE_FUZZ_SEEDS=DIR`): every file of the example behind its selector.
@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: OpaquePointer?, _ argv: OpaquePointer?) -> CInt {
    SeedWriter.writeIfRequested {
        var seeds: [String: [UInt8]] = [:]
        for name in PortfolioHarness.fileNames {
            guard let s = PortfolioHarness.selector(file: name), let content = PortfolioHarness.files[name] else { continue }
            seeds[String(name.map { $0 == "/" ? "-" : $0 })] = [s] + content
        }
        return seeds
    }
    return 0
}
