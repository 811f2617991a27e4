import GridSettleFormats
import GridSettleFuzzSupport

/// libFuzzer target `interval-csv`: the `gridsettle bill` interval energy CSV (`IntervalEnergyCSV`), read as both
/// channels because they differ in their sign rules.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? IntervalEnergyCSV.read(bytes: FuzzInput.bytes(data, size), file: "interval.csv", channel: .netImport)
    _ = try? IntervalEnergyCSV.read(bytes: FuzzInput.bytes(data, size), file: "storage.csv", channel: .storage)
    return 0
}
