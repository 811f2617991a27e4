import GridSettleFormats
import GridSettleFuzzSupport

/// libFuzzer target `greenbutton-csv`: Green Button CSV downloads through `InterchangeFormat.greenButtonCSV`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    InterchangeHarness.read(.greenButtonCSV, FuzzInput.bytes(data, size))
    return 0
}
