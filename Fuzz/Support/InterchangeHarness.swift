import GridSettleCore
import GridSettleFormats

/// Feeds one input to an interchange reader with every option a reader may ask for set, so no input is
/// refused merely for a missing `--zone` or `--market-run` and the fuzzer reaches the parsing behind them.
public enum InterchangeHarness {
    public static let options = ImportOptions(
        zone: .losAngeles, resourceID: "FUZZ_RESOURCE", awardRun: .dayAhead, unitAliases: ["SKWHREG": "KWHREG"],
        readTimeToleranceSeconds: 120)

    public static func read(_ format: InterchangeFormat, _ bytes: [UInt8]) {
        guard let records = try? format.read(bytes, file: "fuzz-input", options: options) else { return }
        // touch every record, so a lazily built value that would trap is built
        _ = records.readings.count + records.prices.count + records.awards.count + records.events.count + records.warnings.count
    }
}
