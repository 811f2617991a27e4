import GridSettleFormats
import GridSettleFuzzSupport

/// libFuzzer target `oasis`: CAISO OASIS price CSV through `InterchangeFormat.oasis`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    InterchangeHarness.read(.oasis, FuzzInput.bytes(data, size))
    return 0
}
