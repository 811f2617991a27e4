import GridSettleCore
import GridSettleExamples
import GridSettleFormats

/// Generated resource-months as dataset-format-v1 file contents, the input the benchmarks parse.
///
/// Each resource-month is what `gridsettle generate --resources N` writes for one resource: the LA Air
/// Force Base V2G shape (three meters at 5-minute intervals, awards, signals, CAISO prices, mileage and
/// trips) for November 2016, with the SCE TOU-8 URDB tariff beside it, keyed by file name so that
/// `DatasetReader.read(files:)` reads it exactly as it would read the directory.
public enum ResourceMonths {
    /// The file name the site files give for the tariff (as `gridsettle generate` writes it).
    public static let tariffFile = "tariff.json"
    /// The SCE TOU-8 URDB record, as bytes.
    public static let tariffJSON: [UInt8] = Array(ExampleTariffs.sceTOU8JSON.utf8)

    /// The tariff parsed the way the CLI's `generate` command parses it.
    public static func tariff() -> Tariff {
        do {
            return try URDBReader.read(data: tariffJSON, file: tariffFile, reference: TariffReference(urdbFile: tariffFile))
                .tariff
        } catch {
            fatalError("the bundled SCE TOU-8 tariff does not read: \(error)")
        }
    }

    /// The files of `count` resource-months: `ExampleGenerator.fleet(count:options:…)` written with
    /// `DatasetWriter.files`. Resource i has seed `options.seed + i`; all share one price array.
    public static func files(count: Int, options: ExampleOptions = .init()) -> [[String: [UInt8]]] {
        let fleet = ExampleGenerator.fleet(count: count, options: options, tariff: tariff(), tariffFile: tariffFile)
        return fleet.map { DatasetWriter.files($0, tariffJSON: tariffJSON) }
    }

    /// Total size of one resource-month's files.
    public static func byteCount(_ files: [String: [UInt8]]) -> Int {
        files.values.reduce(0) { $0 + $1.count }
    }

    /// Parses one resource-month (the "load" step). A generated dataset that does not read is a bug.
    @inline(never)
    public static func load(_ files: [String: [UInt8]]) -> Dataset {
        do {
            return try DatasetReader.read(files: files)
        } catch {
            fatalError("generated resource-month does not read: \(error.issues.prefix(5))")
        }
    }

    /// Settles one parsed resource-month (the "settle" step).
    @inline(never)
    public static func settle(_ dataset: Dataset) -> SettlementResult {
        do {
            return try SettlementEngine.settle(dataset)
        } catch {
            fatalError("generated resource-month does not settle: \(error.issues.prefix(5))")
        }
    }

    /// A figure that depends on the whole statement, for `blackHole`: the sum of every line's exact amount.
    public static func statementTotal(_ result: SettlementResult) -> Int64 {
        result.statement.lines.reduce(Int64(0)) { $0 &+ $1.amount.micros }
    }
}
