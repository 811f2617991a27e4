import GridSettleFormats
import GridSettleFuzzSupport

/// libFuzzer target `espi`: Green Button / NAESB ESPI XML through `InterchangeFormat.espi`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    InterchangeHarness.read(.espi, FuzzInput.bytes(data, size))
    return 0
}
