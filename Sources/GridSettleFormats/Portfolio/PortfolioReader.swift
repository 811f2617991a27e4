import Foundation
import GridSettleCore

/// Reads a portfolio directory (dataset format 2, docs/dataset-format.md §9) once: the manifest, every site
/// file, each tariff once, the market files once for all resources, and the readings in blocks on every core.
///
/// Everything that can be checked without choosing a period is checked here and reported together in one
/// ``DatasetInvalid``; what depends on the period (grid alignment, gaps, cross-file rules) is checked by each
/// unit when ``Portfolio/dataset(_:)`` builds it.
public enum PortfolioReader {
    /// Whether `directory` holds a portfolio (it has a `portfolio.json`) rather than a format 1 dataset.
    public static func isPortfolio(_ directory: String) -> Bool {
        FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(PortfolioFiles.manifest))
    }

    /// `digest` fingerprints the bytes as they are read (``ByteDigest``; `{ _ in [] }` for none); `blockSize` is
    /// how much of a readings file one core parses at a time (the fuzzer and tests make it small).
    ///
    /// The parsed meter data and awards go to `spill` (default: a scratch file, ``ColumnSpill``) as each block is
    /// parsed, so the memory a portfolio takes does not grow with them.
    public static func read(
        directory: String, parallelism: Int = ProcessInfo.processInfo.activeProcessorCount, blockSize: Int = CSVBlockReader.blockSize,
        digest: @escaping ByteDigest, spill: ColumnSpill = .scratchFile()
    ) throws(DatasetInvalid) -> Portfolio {
        try read(directory: directory, parallelism: parallelism, blockSize: blockSize, digest: digest, spill: spill, sitesOnly: false)
    }

    /// The manifest and the site files only, checked as ``read(directory:parallelism:)`` checks them: what
    /// `gridsettle plan` needs to make a job's units, without reading market or meter data.
    public static func sites(directory: String) throws(DatasetInvalid) -> [Portfolio.Site] {
        let p = try read(directory: directory, parallelism: 1, blockSize: CSVBlockReader.blockSize, digest: { _ in [] }, spill: .inMemory(), sitesOnly: true)
        var sites: [Portfolio.Site] = []
        for k in 0..<p.siteCount { sites.append(try p.site(k)) }
        return sites
    }

    static func read(
        directory: String, parallelism: Int, blockSize: Int, digest: @escaping ByteDigest, spill: ColumnSpill, sitesOnly: Bool
    ) throws(DatasetInvalid) -> Portfolio {
        let issues = IssueCollector()
        var digests: [(String, [UInt8])] = []
        var bytesRead = 0
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        /// A small file's bytes, nil when absent (an issue when required) or unreadable (always an issue).
        func contents(_ name: String, required: Bool) -> [UInt8]? {
            switch DatasetFileAccess.read(path(name)) {
            case .contents(let b):
                digests.append((name, b.withUnsafeBytes { digest($0) }))
                bytesRead += b.count
                return b
            case .absent:
                if required { issues.add(DatasetIssue(location: name, field: "(file)", value: "missing", expected: "the file \(name) (docs/dataset-format.md §9)")) }
                return nil
            case .unreadable(let why):
                issues.add(DatasetFileAccess.issue(path: name, reason: why))
                return nil
            }
        }

        // the manifest
        var name = (directory as NSString).lastPathComponent
        if let m = contents(PortfolioFiles.manifest, required: true) {
            for i in PortfolioManifest.issues(m, file: PortfolioFiles.manifest) { issues.add(i) }
            if let n = PortfolioManifest.name(m) { name = n }
        }
        if issues.hasErrors { throw DatasetInvalid(issues: issues.all) }

        // the site files: each parsed and checked here, its bytes kept in the scratch space for its units and
        // only what choosing units needs held (SiteIndexEntry), so memory does not grow with the sites
        var siteIndex: [SiteIndexEntry] = []
        var zones: [MarketTimeZone] = []
        var tariffReferences: [(reference: TariffReference, site: String)] = []
        var tariffSeen: Set<Portfolio.TariffKey> = []
        // ids are the portfolio's keys: a repeated one would merge two sites' data
        var siteOf: [String: String] = [:]
        var resourceOf: [String: String] = [:]
        var meterOf: [String: String] = [:]
        var meterSeconds: [String: Int64] = [:]
        for file in jsonFiles(in: path(PortfolioFiles.sites)) {
            let relative = "\(PortfolioFiles.sites)/\(file)"
            guard let b = contents(relative, required: true) else { continue }
            let config: SiteConfig
            do {
                config = try SiteFileReader.read(b, file: relative, portfolio: true)
            } catch {
                for i in error.issues { issues.add(i) }
                continue
            }
            for i in DatasetRangeCheck.siteIssues(config, file: relative) where i.field != "period" { issues.add(i) }
            func once(_ id: String, _ field: String, _ seen: inout [String: String], _ what: String) {
                if let first = seen[id] {
                    issues.add(DatasetIssue(location: relative, field: field, value: id, expected: "a \(what) no other site file has (\(first) has it)"))
                } else {
                    seen[id] = relative
                }
            }
            once(config.site.id, "site.id", &siteOf, "site id")
            once(config.resource.id, "resource.id", &resourceOf, "resource id")
            for m in config.meters {
                once(m.id, "meters.id", &meterOf, "meter id")
                meterSeconds[m.id] = m.intervalSeconds
            }
            if tariffSeen.insert(Portfolio.TariffKey(reference: config.tariff)).inserted { tariffReferences.append((config.tariff, relative)) }
            let zone = config.zone
            if !zones.contains(zone) { zones.append(zone) }
            let offset = spill.reserve(b.count)
            do throws(ColumnSpill.Failure) {
                _ = try spill.write(ContiguousArray(b), at: offset)
            } catch {
                issues.add(error.writeIssue(location: relative, what: "the site file"))
            }
            siteIndex.append(SiteIndexEntry(
                file: relative, resourceID: config.resource.id, meters: config.meters.map { .init(id: $0.id, seconds: $0.intervalSeconds) },
                zone: Int32(zones.firstIndex(of: zone) ?? 0), offset: offset, count: b.count))
        }
        // the id maps are for the checks above only: what grows with the sites is not kept past them
        let resourceIDs = Set(resourceOf.keys)
        (siteOf, resourceOf, meterOf) = ([:], [:], [:])
        if siteIndex.isEmpty && !issues.hasErrors {
            issues.add(DatasetIssue(location: PortfolioFiles.sites, field: "(directory)", value: "no *.json file",
                                    expected: "one site file per site in \(PortfolioFiles.sites)/ (docs/dataset-format.md §9)"))
        }

        if sitesOnly {
            if issues.hasErrors { throw DatasetInvalid(issues: issues.all) }
            return Portfolio(name: name, siteIndex: siteIndex, zones: zones, spill: spill, fileDigests: [], bytesRead: bytesRead, tariffs: [:], readings: PortfolioReadings(segments: SegmentIndex(), spill: spill),
                             awards: .empty(file: DatasetFiles.awards), signals: [:], prices: [:], mileage: [:], trips: [:], events: [:], edits: [:])
        }

        // each tariff once
        var tariffs: [Portfolio.TariffKey: (tariff: Tariff, notices: [DatasetIssue])] = [:]
        var tariffBytes: [String: [UInt8]] = [:]
        for (reference, siteFile) in tariffReferences {
            let file = reference.urdbFile
            if tariffBytes[file] == nil {
                switch DatasetFileAccess.read(path(file)) {
                case .contents(let b):
                    tariffBytes[file] = b
                    digests.append((file, b.withUnsafeBytes { digest($0) }))
                    bytesRead += b.count
                case .absent:
                    issues.add(DatasetIssue(location: siteFile, field: "tariff.urdbFile", value: file, expected: "a URDB JSON file in the portfolio directory"))
                    continue
                case .unreadable(let why):
                    issues.add(DatasetFileAccess.issue(path: file, field: "tariff.urdbFile", reason: why))
                    continue
                }
            }
            do {
                let r = try URDBReader.read(data: tariffBytes[file]!, file: file, reference: reference)
                var notices: [DatasetIssue] = []
                for n in r.notices {
                    let issue = DatasetIssue(severity: n.severity == .unsupported ? .error : .warning, location: n.file, field: n.field, value: n.value, expected: n.message)
                    if n.severity == .unsupported { issues.add(issue) } else { notices.append(issue) }
                }
                tariffs[Portfolio.TariffKey(reference: reference)] = (r.tariff, notices)
            } catch {
                issues.add(DatasetIssue(location: error.file, field: error.field, value: error.value, expected: error.expected))
            }
        }

        // market data, once for every resource
        let scope = ResourceScope.portfolio(resourceIDs)
        func table(_ name: String, _ columns: [String], required: Bool) -> CSVTable? {
            guard let b = contents(name, required: required) else { return nil }
            do {
                return try CSVTable(file: name, bytes: b, required: columns)
            } catch {
                for i in error.issues { issues.add(i) }
                return nil
            }
        }
        // awards, like meter data, grow with the portfolio: read in blocks into the scratch space
        var awards = PortfolioAwards.empty(file: DatasetFiles.awards)
        if case .absent? = DatasetFileAccess.check(path(DatasetFiles.awards)) {
            issues.add(DatasetIssue(location: DatasetFiles.awards, field: "(file)", value: "missing", expected: "the file \(DatasetFiles.awards) (docs/dataset-format.md §9)"))
        } else {
            let r = PortfolioAwards.read(path: path(DatasetFiles.awards), name: DatasetFiles.awards, scope: scope, parallelism: parallelism,
                                         blockSize: blockSize, digest: digest, spill: spill)
            for i in r.issues { issues.add(i) }
            digests.append((DatasetFiles.awards, r.digest))
            bytesRead += r.bytesRead
            awards = r.awards
        }
        let signals = table(DatasetFiles.signals, DatasetFiles.Columns.signals, required: true).map { RecordReaders.signals($0, scope: scope, issues: issues) } ?? [:]
        let prices = table(DatasetFiles.prices, DatasetFiles.Columns.prices, required: true).map { RecordReaders.prices($0, issues: issues) } ?? []
        let mileage = table(DatasetFiles.mileage, DatasetFiles.Columns.mileage, required: false).map { RecordReaders.mileage($0, scope: scope, issues: issues) } ?? [:]
        let trips = table(DatasetFiles.trips, DatasetFiles.Columns.trips, required: false).map { RecordReaders.trips($0, scope: scope, issues: issues) } ?? [:]
        let events = table(DatasetFiles.events, DatasetFiles.Columns.events, required: false).map { RecordReaders.events($0, scope: scope, issues: issues) } ?? [:]
        let temperatures = table(DatasetFiles.temperature, PortfolioFiles.temperatureColumns, required: false)
            .map { RecordReaders.temperatures($0, scope: scope, issues: issues) } ?? [:]
        let baselineSeries = table(DatasetFiles.baselineSeries, PortfolioFiles.baselineSeriesColumns, required: false)
            .map { RecordReaders.baselineSeries($0, scope: scope, issues: issues) } ?? [:]
        var edits: [String: [MeterEdit]] = [:]
        if let t = table(DatasetFiles.edits, DatasetFiles.Columns.edits, required: false) {
            for e in RecordReaders.edits(t, issues: issues) {
                if meterSeconds[e.meterID] == nil {
                    issues.add(DatasetIssue(location: e.source, field: "meter_id", value: e.meterID, expected: "a meter id of one of the portfolio's site files"))
                } else {
                    edits[e.meterID, default: []].append(e)
                }
            }
        }
        var pricesByNode: [String: [PricePoint]] = [:]
        for p in prices { pricesByNode[p.node, default: []].append(p) }

        // meter data: readings.csv and readings/*.csv, each read once in blocks
        var readingFiles: [String] = []
        switch DatasetFileAccess.check(path(PortfolioFiles.readings)) {
        case .absent?: break
        default: readingFiles.append(PortfolioFiles.readings)  // an unreadable one is reported by its reader
        }
        readingFiles += csvFiles(in: path(PortfolioFiles.readingsDirectory)).map { "\(PortfolioFiles.readingsDirectory)/\($0)" }
        if readingFiles.isEmpty {
            issues.add(DatasetIssue(location: PortfolioFiles.readings, field: "(file)", value: "missing",
                                    expected: "meter data: \(PortfolioFiles.readings) or files in \(PortfolioFiles.readingsDirectory)/ (docs/dataset-format.md §9)"))
        }
        var segments = SegmentIndex<ReadingsSegment>()
        if !issues.hasErrors {
            for file in readingFiles {
                let r = ReadingsFileReader.read(path: path(file), name: file, meters: meterSeconds, parallelism: parallelism, blockSize: blockSize, digest: digest, spill: spill)
                for i in r.issues { issues.add(i) }
                bytesRead += r.bytesRead
                digests.append((file, r.digest))
                if segments.isEmpty { segments = r.segments } else { segments.append(contentsOf: r.segments) }
            }
        }
        if issues.hasErrors { throw DatasetInvalid(issues: issues.all) }

        return Portfolio(
            name: name, siteIndex: siteIndex, zones: zones, spill: spill, fileDigests: digests.map { (name: $0.0, sha256: $0.1) }, bytesRead: bytesRead,
            tariffs: tariffs, readings: PortfolioReadings(segments: segments, spill: spill), awards: awards, signals: signals, prices: pricesByNode,
            mileage: mileage, trips: trips, events: events, edits: edits, temperatures: temperatures, baselineSeries: baselineSeries)
    }

    static func jsonFiles(in dir: String) -> [String] { files(in: dir, suffix: ".json") }
    static func csvFiles(in dir: String) -> [String] { files(in: dir, suffix: ".csv") }

    private static func files(in dir: String, suffix: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(suffix) && !$0.hasPrefix(".") }.sorted()
    }
}
