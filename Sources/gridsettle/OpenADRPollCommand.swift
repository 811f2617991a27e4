import ArgumentParser
import Foundation
import GridSettleCore
import GridSettleFormats

/// `gridsettle openadr-poll`: GridSettle as an OpenADR 2.0b VEN — register, poll, record the event, opt in.
struct OpenADRPoll: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openadr-poll",
        abstract: "Poll an OpenADR 2.0b VTN once as a VEN and record the event it sends into a dataset.",
        discussion: """
            Registers as --ven at --vtn (e.g. http://127.0.0.1:8080/OpenADR2/Simple/2.0b), polls until an \
            oadrDistributeEvent arrives, converts it like `import --format openadr2b` (events.csv, and \
            LOAD_DISPATCH set-points as awards under --market-run), keeps the message as received under \
            <dir>/openadr/, and answers oadrCreatedEvent (optIn). Plain HTTP only: no TLS client \
            certificate, no XML signature. If the event does not convert, nothing is answered, so the VTN \
            keeps it queued. See docs/interchange-openadr.md.
            """)

    @Option(help: ArgumentHelp("VTN base URL.", valueName: "url"))
    var vtn: String
    @Option(help: ArgumentHelp("VEN name to register as.", valueName: "name"))
    var ven: String
    @Option(help: ArgumentHelp("Dataset directory to write into.", valueName: "dir"))
    var into: String
    @Option(help: ArgumentHelp("Resource id for events that target none.", valueName: "id"))
    var resource: String?
    @Option(help: ArgumentHelp("Market run set-points are recorded under: DA, FMM, RTD or RT.", valueName: "run"))
    var marketRun: MarketRun?
    @Option(help: ArgumentHelp("Give up after this many seconds.", valueName: "seconds"))
    var timeout: Double = 30

    func run() async throws {
        let options = ImportOptions(resourceID: resource, awardRun: marketRun)
        let now = Instant(secondsSinceEpoch: Int64(Date().timeIntervalSince1970))
        let name = "oadrDistributeEvent-\(now.description.replacingOccurrences(of: ":", with: "")).xml"
        let result: OpenADR2bPollResult
        do {
            result = try await OpenADR2bVEN.pollOnce(vtnURL: vtn, venName: ven, options: options, timeout: timeout, file: name)
        } catch let e as DatasetInvalid {
            for i in e.issues { Console.problem(i.description) }
            Console.problem("the event from \(vtn) does not convert; it was not answered and nothing was written")
            throw ExitCode(1)
        } catch {
            Console.problem("\(vtn): \(error)")
            throw ExitCode(1)
        }
        let inbox = (into as NSString).appendingPathComponent("openadr")
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        let kept = (inbox as NSString).appendingPathComponent(name)
        try Data(result.xml).write(to: URL(fileURLWithPath: kept), options: .atomic)
        for w in result.records.warnings { Console.problem(w.description) }
        Console.progress("\(vtn): venID \(result.venID); \(result.records.events.count) event(s), \(result.records.awards.count) award(s); answered \(result.responses.map { "\($0.eventID) \($0.optType)" }.joined(separator: ", "))")
        try Import.write(result.records, logRows: [Import.logRow(at: now, format: "openadr2b-poll", source: kept, bytes: result.xml, result.records)], into: into)
    }
}
