import ArgumentParser
import Foundation
import GridSettleCore
import GridSettleFormats

/// `gridsettle export`: the settled channels of a dataset, for the utility's or the aggregator's systems.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Settle a dataset and write its settled channels as Green Button ESPI XML or CSV.",
        discussion: """
            Channels: every meter after validation and estimation (delivered, received), the retail billing \
            net import after add-back and back-out, and the storage meter's energy split by owner \
            (wholesale / retail, charge / discharge). ESPI XML is one Atom feed with a UsagePoint per meter \
            or account and one MeterReading per channel, IntervalBlocks per local day; CSV is one row per \
            channel and interval with the UTC start and the local start with its offset. See \
            docs/interchange.md.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case espi, csv }

    @Argument(help: "Dataset directory.")
    var directory: String
    @Option(help: "espi (Green Button XML) or csv.")
    var format: Format = .espi
    @Option(help: ArgumentHelp("Output file (default: standard output).", valueName: "file"))
    var out: String?

    func run() async throws {
        let dataset: Dataset
        do {
            dataset = try DatasetReader.read(directory: directory)
        } catch {
            for i in error.issues { Console.problem(i.description) }
            Console.problem("\(directory): \(error.errors.count) error(s)")
            throw ExitCode(1)
        }
        let result: SettlementResult
        do {
            result = try SettlementEngine.settle(dataset)
        } catch {
            for i in error.issues { Console.problem(i.description) }
            Console.problem("\(directory): cannot settle")
            throw ExitCode(1)
        }
        let channels = SettledChannels.of(result)
        let text: String
        switch format {
        case .csv: text = SettledChannelsCSV.text(channels, zone: dataset.config.zone)
        case .espi: text = SettledChannelsESPI.feed(channels, zone: dataset.config.zone, site: dataset.config.site.id, updated: dataset.periodBounds.end)
        }
        if let out {
            try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
            Console.progress("\(out): \(channels.count) channel(s), \(format.rawValue)")
        } else {
            print(text, terminator: "")
        }
    }
}
