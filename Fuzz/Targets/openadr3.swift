import GridSettleFormats
import GridSettleFuzzSupport

/// libFuzzer target `openadr3`: OpenADR 3.0 event JSON through `InterchangeFormat.openADR3`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    InterchangeHarness.read(.openADR3, FuzzInput.bytes(data, size))
    return 0
}
