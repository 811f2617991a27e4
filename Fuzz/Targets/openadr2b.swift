import GridSettleFormats
import GridSettleFuzzSupport

/// libFuzzer target `openadr2b`: OpenADR 2.0b oadrDistributeEvent XML through `InterchangeFormat.openADR2b`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    InterchangeHarness.read(.openADR2b, FuzzInput.bytes(data, size))
    return 0
}
