import Foundation
import GridSettleCore

/// Loads a dataset directory (format v1, docs/dataset-format.md) into a ``Dataset``.
///
/// Every file is read and checked before anything is settled, and all problems are reported together in
/// one ``DatasetInvalid`` (capped at 500 detailed issues plus a count of the rest).
public enum DatasetReader {
    /// Reads the dataset in `directory`.
    public static func read(directory: String) throws(DatasetInvalid) -> Dataset {
        try readWithDigests(directory: directory, digest: { _ in [] }).dataset
    }

    /// Reads the dataset in `directory` and the SHA-256 of each file it read, from the bytes it read: what the
    /// run's input fingerprint is made of (no file is read a second time for it).
    public static func readWithDigests(directory: String, digest: ByteDigest) throws(DatasetInvalid)
        -> (dataset: Dataset, validation: [DatasetIssue], digests: [(name: String, sha256: [UInt8])])
    {
        var files: [String: [UInt8]] = [:]
        // files that are there but cannot be read: errors, never taken as absent
        var unreadable: [String: DatasetIssue] = [:]
        for name in [DatasetFiles.site, DatasetFiles.readings, DatasetFiles.awards, DatasetFiles.signals, DatasetFiles.prices,
                     DatasetFiles.mileage, DatasetFiles.trips, DatasetFiles.edits, DatasetFiles.events, DatasetFiles.temperature,
                     DatasetFiles.baselineSeries] {
            let path = (directory as NSString).appendingPathComponent(name)
            switch DatasetFileAccess.read(path) {
            case .absent: break
            case .contents(let bytes): files[name] = bytes
            case .unreadable(let why): unreadable[name] = DatasetFileAccess.issue(path: path, reason: why)
            }
        }
        // the CSV files are checked for presence with everything else in read(files:site:)
        if let problem = unreadable[DatasetFiles.site] { throw DatasetInvalid(issues: [problem]) }
        if files[DatasetFiles.site] == nil {
            throw DatasetInvalid(issues: [DatasetIssue(location: (directory as NSString).appendingPathComponent(DatasetFiles.site), field: "(file)", value: "missing", expected: "the file \(DatasetFiles.site) (docs/dataset-format.md)")])
        }
        let site = try SiteFileReader.read(files[DatasetFiles.site]!, file: DatasetFiles.site)
        let tariffPath = (directory as NSString).appendingPathComponent(site.tariff.urdbFile)
        switch DatasetFileAccess.read(tariffPath) {
        case .contents(let bytes): files[site.tariff.urdbFile] = bytes
        case .absent:
            throw DatasetInvalid(issues: [DatasetIssue(location: DatasetFiles.site, field: "tariff.urdbFile", value: site.tariff.urdbFile, expected: "a URDB JSON file in the dataset directory")])
        case .unreadable(let why):
            throw DatasetInvalid(issues: [DatasetFileAccess.issue(path: tariffPath, field: "tariff.urdbFile", reason: why)])
        }
        let (dataset, validation) = try readValidated(files: files, site: site, unreadable: unreadable)
        return (dataset, validation, files.map { f in (name: f.key, sha256: f.value.withUnsafeBytes { digest($0) }) })
    }

    /// Reads a dataset from file contents keyed by file name (used by tests, benchmarks and the server).
    public static func read(files: [String: [UInt8]]) throws(DatasetInvalid) -> Dataset {
        try readValidated(files: files).dataset
    }

    /// ``read(files:)`` and the dataset's cross-file validation, for ``GridSettleCore/SettlementEngine/settle(_:validation:)``.
    public static func readValidated(files: [String: [UInt8]]) throws(DatasetInvalid) -> (dataset: Dataset, validation: [DatasetIssue]) {
        guard let siteBytes = files[DatasetFiles.site] else {
            throw DatasetInvalid(issues: [DatasetIssue(location: DatasetFiles.site, field: "(file)", value: "missing", expected: "a site file")])
        }
        return try readValidated(files: files, site: try SiteFileReader.read(siteBytes, file: DatasetFiles.site))
    }

    static func read(files: [String: [UInt8]], site: SiteConfig, unreadable: [String: DatasetIssue] = [:]) throws(DatasetInvalid) -> Dataset {
        try readValidated(files: files, site: site, unreadable: unreadable).dataset
    }

    /// The dataset and its cross-file validation (`DatasetValidator.validate` of it, warnings only since it read),
    /// which settling it takes instead of running it again.
    static func readValidated(files: [String: [UInt8]], site: SiteConfig, unreadable: [String: DatasetIssue] = [:]) throws(DatasetInvalid)
        -> (dataset: Dataset, validation: [DatasetIssue])
    {
        let issues = IssueCollector()
        for name in unreadable.keys.sorted() { issues.add(unreadable[name]!) }
        for required in [DatasetFiles.readings, DatasetFiles.awards, DatasetFiles.signals, DatasetFiles.prices]
        where files[required] == nil && unreadable[required] == nil {
            issues.add(DatasetIssue(location: required, field: "(file)", value: "missing", expected: "the file \(required) (docs/dataset-format.md)"))
        }
        let zone = site.zone
        guard site.period.start < site.period.end else {
            throw DatasetInvalid(issues: [DatasetIssue(location: DatasetFiles.site, field: "period", value: "\(site.period.start)…\(site.period.end)", expected: "start before end")])
        }
        // numbers of the site file: reported with everything else, except those the grids are built from
        let siteRanges = DatasetRangeCheck.siteIssues(site, file: DatasetFiles.site)
        if siteRanges.contains(where: { $0.field == "period" || $0.field.hasSuffix(".intervalMinutes") }) {
            throw DatasetInvalid(issues: siteRanges)
        }
        for i in siteRanges { issues.add(i) }
        let bounds = site.period.bounds(in: zone)

        // tariff
        var tariff: Tariff? = nil
        var notices: [DatasetIssue] = []
        if let tb = files[site.tariff.urdbFile] {
            do {
                let r = try URDBReader.read(data: tb, file: site.tariff.urdbFile, reference: site.tariff)
                tariff = r.tariff
                for n in r.notices {
                    let issue = DatasetIssue(severity: n.severity == .unsupported ? .error : .warning, location: n.file, field: n.field, value: n.value,
                                             expected: n.message)
                    if n.severity == .unsupported { issues.add(issue) } else { notices.append(issue) }
                }
            } catch {
                issues.add(DatasetIssue(location: error.file, field: error.field, value: error.value, expected: error.expected))
            }
        } else {
            issues.add(DatasetIssue(location: DatasetFiles.site, field: "tariff.urdbFile", value: site.tariff.urdbFile, expected: "a URDB JSON file in the dataset"))
        }

        func table(_ name: String, _ required: [String], optional: Bool = false) -> CSVTable? {
            guard let b = files[name] else { return nil }
            do {
                return try CSVTable(file: name, bytes: b, required: required)
            } catch {
                for i in error.issues { issues.add(i) }
                return nil
            }
        }
        let resource = site.resource.id
        var meters: [String: MeterChannels] = [:]
        if let t = table(DatasetFiles.readings, DatasetFiles.Columns.readings) {
            meters = ReadingsReader.read(t, dataset: (site, bounds), issues: issues)
        }
        let awards = table(DatasetFiles.awards, DatasetFiles.Columns.awards).map { RecordReaders.awards($0, scope: .one(resource), issues: issues)[resource] ?? [] } ?? []
        let signals = table(DatasetFiles.signals, DatasetFiles.Columns.signals).map { RecordReaders.signals($0, scope: .one(resource), issues: issues)[resource] ?? [] } ?? []
        let prices = table(DatasetFiles.prices, DatasetFiles.Columns.prices).map { RecordReaders.prices($0, issues: issues) } ?? []
        let mileage = table(DatasetFiles.mileage, DatasetFiles.Columns.mileage).map { RecordReaders.mileage($0, scope: .one(resource), issues: issues)[resource] ?? [] } ?? []
        let trips = table(DatasetFiles.trips, DatasetFiles.Columns.trips).map { RecordReaders.trips($0, scope: .one(resource), issues: issues)[resource] ?? [] } ?? []
        let edits = table(DatasetFiles.edits, DatasetFiles.Columns.edits).map { RecordReaders.edits($0, issues: issues) } ?? []
        let events = table(DatasetFiles.events, DatasetFiles.Columns.events).map { RecordReaders.events($0, scope: .one(resource), issues: issues)[resource] ?? [] } ?? []
        let temperatures = table(DatasetFiles.temperature, DatasetFiles.Columns.temperature).map { RecordReaders.temperatures($0, issues: issues) } ?? []
        let baselineSeries = table(DatasetFiles.baselineSeries, DatasetFiles.Columns.baselineSeries).map { RecordReaders.baselineSeries($0, issues: issues) } ?? []

        guard let t = tariff else { throw DatasetInvalid(issues: issues.all + notices) }
        let warnings = issues.all.filter { $0.severity == .warning }
        let d = Dataset(config: site, meters: meters, awards: awards, signals: signals, prices: prices, mileage: mileage,
                        trips: trips, edits: edits, tariff: t, events: events, notices: notices + warnings, temperatures: temperatures,
                        baselineSeries: baselineSeries)
        // cross-file validation runs on whatever rows did read, so one pass reports row errors and
        // cross-file errors together
        let semantic = DatasetValidator.validate(d)
        if issues.hasErrors || semantic.contains(where: { $0.severity == .error }) {
            throw DatasetInvalid(issues: issues.all + semantic.filter { !issues.all.contains($0) } + notices)
        }
        return (d, semantic)
    }
}
