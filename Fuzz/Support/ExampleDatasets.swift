import GridSettleCore
import GridSettleExamples
import GridSettleFormats

/// Valid datasets held in memory, the backdrop the dataset and site harnesses replace one file of.
///
/// Hourly meters keep each run cheap (a month is 720 intervals per meter) while the data still crosses the
/// November fall-back day, so the fuzzer spends its time in the readers and the cross-file validation rather
/// than in scanning a 5-minute month.
public enum ExampleDatasets {
    /// The LA Air Force Base V2G example (CAISO), November 2016, 60-minute meters.
    public static let caiso: [String: [UInt8]] = {
        let json = Array(ExampleTariffs.sceTOU8JSON.utf8)
        let options = ExampleOptions(intervalMinutes: 60)
        let dataset = ExampleGenerator.laAirForceBase(options: options, tariff: tariff(json, demandWindowMinutes: 15), tariffFile: tariffFile)
        return DatasetWriter.files(dataset, tariffJSON: json)
    }()

    /// The PJM customer-side ESR with PV, November 2019 (hourly by construction).
    public static let pjm: [String: [UInt8]] = {
        let json = Array(ExampleTariffs.syntheticPJMCommercialJSON.utf8)
        let dataset = PJMExampleGenerator.customerSide(tariff: tariff(json, demandWindowMinutes: 60), tariffFile: tariffFile)
        return DatasetWriter.files(dataset, tariffJSON: json)
    }()

    /// The name both examples give their URDB file.
    public static let tariffFile = "tariff.json"

    /// Every file a dataset may hold, in a fixed order: a selector byte indexes this list, so the mapping from
    /// a saved input to the file it replaces never changes.
    public static let fileNames: [String] = [
        DatasetFiles.site, tariffFile, DatasetFiles.readings, DatasetFiles.awards, DatasetFiles.signals, DatasetFiles.prices,
        DatasetFiles.mileage, DatasetFiles.trips, DatasetFiles.edits, DatasetFiles.events, DatasetFiles.temperature,
        DatasetFiles.baselineSeries,
    ]

    /// A header-only file for each optional file an example lacks, so the seed corpus reaches every reader.
    public static let headerOnly: [String: [UInt8]] = [
        DatasetFiles.mileage: header(DatasetFiles.Columns.mileage),
        DatasetFiles.trips: header(DatasetFiles.Columns.trips),
        DatasetFiles.edits: header(DatasetFiles.Columns.edits),
        DatasetFiles.events: header(DatasetFiles.Columns.events),
        DatasetFiles.temperature: header(DatasetFiles.Columns.temperature),
        DatasetFiles.baselineSeries: header(DatasetFiles.Columns.baselineSeries),
    ]

    private static func header(_ columns: [String]) -> [UInt8] { Array((columns.joined(separator: ",") + "\n").utf8) }

    /// The examples' own tariffs are valid; if one ever stops reading, the harness cannot run at all, so it stops
    /// loudly instead of fuzzing a broken backdrop.
    private static func tariff(_ json: [UInt8], demandWindowMinutes: Int) -> Tariff {
        let reference = TariffReference(urdbFile: tariffFile, demandWindowMinutes: demandWindowMinutes)
        do {
            return try URDBReader.read(data: json, file: tariffFile, reference: reference).tariff
        } catch {
            fatalError("example tariff does not read: \(error)")
        }
    }
}
