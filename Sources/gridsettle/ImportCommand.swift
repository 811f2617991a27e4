import ArgumentParser
import Foundation
import GridSettleCore
import GridSettleFormats
import GridSettleStore

extension InterchangeFormat: ExpressibleByArgument {}
extension MarketRun: ExpressibleByArgument {}

/// `gridsettle import`: converts foreign files into a dataset directory's own files.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert Green Button, CMEP, CAISO OASIS, PJM Data Miner or OpenADR files into a dataset directory.",
        discussion: """
            Formats:
            \(InterchangeFormat.allCases.map { "  \($0.rawValue): \($0.summary)" }.joined(separator: "\n"))

            Every file is read first; if any has an error, all errors are printed (file, line, column, field, \
            value, expected) and nothing is written. Rows already in the dataset stay; a row that disagrees \
            with one already there is an error, never an overwrite. Each import appends a line per file to \
            import-log.csv in the dataset (format, file, SHA-256, counts). site.json is never created or \
            changed. See docs/interchange.md.
            """)

    @Option(help: "The format of the files.")
    var format: InterchangeFormat
    @Argument(help: "Files to import.")
    var files: [String]
    @Option(help: ArgumentHelp("Dataset directory to write into (created if needed).", valueName: "dir"))
    var into: String
    @Option(parsing: .unconditional, help: ArgumentHelp("Zone of local-time labels (Green Button CSV, CMEP, PJM _ept): America/Los_Angeles, America/New_York, …", valueName: "name"))
    var zone: String?
    @Option(help: ArgumentHelp("File readings under this meter id instead of the one the file gives.", valueName: "id"))
    var meter: String?
    @Option(help: ArgumentHelp("Resource id for awards and events that target none (OpenADR).", valueName: "id"))
    var resource: String?
    @Option(help: ArgumentHelp("Market run set-points are recorded under (OpenADR): DA, FMM, RTD or RT.", valueName: "run"))
    var marketRun: MarketRun?
    @Flag(help: "Local-time labels are in standard time all year (no daylight time), as some CMEP partners send.")
    var labelsStandardTime = false
    @Option(help: ArgumentHelp("Read a unit code as another, e.g. SKWHREG=KWHREG (CMEP). Repeatable.", valueName: "code=code"))
    var unitAlias: [String] = []
    @Option(help: ArgumentHelp("Accept register reads up to this many seconds off the interval boundary (CMEP).", valueName: "seconds"))
    var readTolerance: Int64 = 0

    func options() throws -> ImportOptions {
        var aliases: [String: String] = [:]
        for a in unitAlias {
            let p = a.split(separator: "=", maxSplits: 1).map(String.init)
            guard p.count == 2, !p[0].isEmpty, !p[1].isEmpty else { throw ValidationError("--unit-alias must look like SKWHREG=KWHREG, saw '\(a)'") }
            aliases[p[0].uppercased()] = p[1].uppercased()
        }
        guard readTolerance >= 0 && readTolerance < 3600 else { throw ValidationError("--read-tolerance must be 0 … 3599 seconds, saw \(readTolerance)") }
        return ImportOptions(
            zone: try zone.map { try Bill.timeZone($0) }, meterID: meter, resourceID: resource, awardRun: marketRun,
            labelsInStandardTime: labelsStandardTime, unitAliases: aliases, readTimeToleranceSeconds: readTolerance)
    }

    func run() async throws {
        let options = try options()
        var all = ImportedRecords()
        var logRows: [String] = []
        var failed = 0
        let now = Instant(secondsSinceEpoch: Int64(Date().timeIntervalSince1970))
        for path in files {
            let name = (path as NSString).lastPathComponent
            guard let data = FileManager.default.contents(atPath: path) else {
                Console.problem("\(path): error: cannot read the file")
                failed += 1
                continue
            }
            let bytes = Array(data)
            do {
                let r = try format.read(bytes, file: name, options: options)
                for w in r.warnings { Console.problem(w.description) }
                Console.progress("\(name): \(r.readings.count) reading(s), \(r.prices.count) price(s), \(r.awards.count) award(s), \(r.events.count) event(s), \(r.warnings.count) warning(s)")
                if r.isEmpty { Console.problem("\(name): warning: nothing in this file converts into the dataset") }
                logRows.append(Self.logRow(at: now, format: format.rawValue, source: path, bytes: bytes, r))
                all.append(r)
            } catch {
                for i in error.issues { Console.problem(i.description) }
                Console.problem("\(name): \(error.errors.count) error(s); not imported")
                failed += 1
            }
        }
        if failed > 0 {
            Console.problem("\(failed) of \(files.count) file(s) could not be read; nothing was written to \(into)")
            throw ExitCode(1)
        }
        try Self.write(all, logRows: logRows, into: into)
    }

    /// Merges `records` into the dataset `into`, prints what changed and appends `logRows` to its
    /// import-log.csv. Shared with `openadr-poll`.
    static func write(_ records: ImportedRecords, logRows: [String], into: String) throws {
        let summary: DatasetImporter.Summary
        do {
            summary = try DatasetImporter.merge(records, into: into)
        } catch let e as DatasetInvalid {
            for i in e.issues { Console.problem(i.description) }
            Console.problem("\(e.errors.count) conflict(s) with the dataset in \(into); nothing was written")
            throw ExitCode(1)
        }
        for w in summary.warnings { Console.problem(w.description) }
        for f in summary.files {
            Console.out("\(into)/\(f.file): \(f.added) row(s) added, \(f.unchanged) already there, \(f.total) in all")
        }
        try appendLog(logRows, into: into)
        if PortfolioReader.isPortfolio(into) {
            // a portfolio's meters and resources are its site files': name the imported ones no site file has
            if let sites = try? PortfolioReader.sites(directory: into) {
                let meters = Set(sites.flatMap { $0.config.meters.map(\.id) })
                let resources = Set(sites.map(\.config.resource.id))
                let unknownMeters = Set(records.readings.map(\.meterID)).subtracting(meters).sorted()
                let unknownResources = Set(records.awards.map(\.resourceID) + records.events.map(\.resourceID)).subtracting(resources).sorted()
                if !unknownMeters.isEmpty {
                    Console.out("\(into): no site file has meter(s) \(unknownMeters.joined(separator: ", ")): add them to a site file (docs/dataset-format.md §9) or import with --meter")
                }
                if !unknownResources.isEmpty {
                    Console.out("\(into): no site file has resource(s) \(unknownResources.joined(separator: ", "))")
                }
            }
        } else if !FileManager.default.fileExists(atPath: (into as NSString).appendingPathComponent(DatasetFiles.site)) {
            Console.out("\(into) has no site.json yet: write one (docs/dataset-format.md) naming the meters and resource before settling")
        }
    }

    /// One import-log.csv line, encoded by ``CSVWriter`` (a source path may hold commas or quotes).
    static func logRow(at now: Instant, format: String, source: String, bytes: [UInt8], _ r: ImportedRecords) -> String {
        CSVWriter.record([now.description, format, source, ContentDigest.sha256(bytes), String(r.readings.count), String(r.prices.count),
                          String(r.awards.count), String(r.events.count), String(r.warnings.count)])
    }

    static let logColumns = "imported_at,format,source_file,sha256,readings,prices,awards,events,warnings"

    static func appendLog(_ rows: [String], into: String) throws {
        let path = (into as NSString).appendingPathComponent("import-log.csv")
        var log = CSVWriter()
        if let existing = FileManager.default.contents(atPath: path) {
            log.append(existing: Array(existing))
        } else {
            log.row(Self.logColumns.split(separator: ",").map(String.init))
        }
        for r in rows { log.append(record: r) }
        try Data(log.bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
