import GridSettleCore
import GridSettleFormats
import GridSettleFuzzSupport

/// libFuzzer target `urdb`: a URDB tariff JSON through `URDBReader`, and `requireSupported` on what it reads.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let reference = TariffReference(urdbFile: "tariff.json")
    if let result = try? URDBReader.read(data: FuzzInput.bytes(data, size), file: "tariff.json", reference: reference) {
        _ = try? result.requireSupported()
    }
    return 0
}
