import GridSettleFormats
import GridSettleFuzzSupport

/// libFuzzer target `cmep`: CMEP MEPMD01 records through `InterchangeFormat.cmep`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    InterchangeHarness.read(.cmep, FuzzInput.bytes(data, size))
    return 0
}
