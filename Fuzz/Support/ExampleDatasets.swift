import GridSettleCore
import GridSettleExamples
import GridSettleFormats

/// Valid datasets held in memory, the backdrop the dataset and site harnesses replace one file of.
///
/// Each must validate and settle as it is, or the harnesses only ever reach the readers and the validator, never
/// the settlement. The CAISO example therefore has 5-minute meters: CAISO settles real-time energy in 5-minute
/// intervals, and an hourly storage meter is refused (it was hourly, for speed, until that rule came in, and
/// from then on the CAISO backdrop never settled). The PJM example is hourly by construction.
public enum ExampleDatasets {
    /// The LA Air Force Base V2G example (CAISO), November 2016, 5-minute meters.
    public static let caiso: [String: [UInt8]] = {
        let json = Array(ExampleTariffs.sceTOU8JSON.utf8)
        let options = ExampleOptions(intervalMinutes: 5)
        var dataset = ExampleGenerator.laAirForceBase(options: options, tariff: tariff(json, demandWindowMinutes: 15), tariffFile: tariffFile)
        // billed peaks of the months before, so mutations of site.json reach the prior-peaks checks and the opening
        dataset.config.tariff.priorPeaks = [PriorPeak(month: "2016-09", kW: 640), PriorPeak(month: "2016-10", kW: 655.5)]
        return settling(DatasetWriter.files(dataset, tariffJSON: json), "CAISO")
    }()

    /// The PJM customer-side ESR with PV, November 2019 (hourly by construction).
    public static let pjm: [String: [UInt8]] = {
        let json = Array(ExampleTariffs.syntheticPJMCommercialJSON.utf8)
        let dataset = PJMExampleGenerator.customerSide(tariff: tariff(json, demandWindowMinutes: 60), tariffFile: tariffFile)
        return settling(DatasetWriter.files(dataset, tariffJSON: json), "PJM")
    }()

    /// The backdrop's files, once they are known to read and settle unchanged: a backdrop that a new rule refuses
    /// stops the harness at its first input, loudly, instead of fuzzing only as far as the validator without a word.
    private static func settling(_ files: [String: [UInt8]], _ name: String) -> [String: [UInt8]] {
        do {
            _ = try SettlementEngine.settle(try DatasetReader.read(files: files))
        } catch {
            fatalError("the \(name) example no longer settles as the fuzz backdrop: \(error)")
        }
        return files
    }

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
