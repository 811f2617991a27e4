import GridSettleFormats
import GridSettleFuzzSupport

/// libFuzzer target `pjm-dataminer`: PJM Data Miner 2 CSV through `InterchangeFormat.pjmDataMiner`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    InterchangeHarness.read(.pjmDataMiner, FuzzInput.bytes(data, size))
    return 0
}
