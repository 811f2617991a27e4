import Foundation
import GridSettleCore
import GridSettleFormats
import GridSettleStore

/// Reads a directory as a ``SettlementSource``: a portfolio when it has a `portfolio.json`, else a format 1
/// dataset. Every file is read once; the fingerprint comes from those bytes.
public enum SourceReader {
    /// `periods` applies to a portfolio; a format 1 dataset's period is in its site.json, and asking for
    /// another is an error rather than a silent mismatch.
    public static func read(directory: String, periods: PeriodSelection = .allComplete) throws(DatasetInvalid) -> SettlementSource {
        if PortfolioReader.isPortfolio(directory) {
            let p = try PortfolioReader.read(directory: directory, digest: InputDigest.sha256)
            let units = p.units(periods)
            return SettlementSource(kind: .portfolio(p, units, OpeningBalances(p)), directory: directory, fingerprint: InputDigest.combine(p.fileDigests), bytesRead: p.bytesRead)
        }
        let (d, validation, digests) = try DatasetReader.readWithDigests(directory: directory, digest: InputDigest.sha256)
        if case .months(let first, let last) = periods, first != last || first.period != d.config.period {
            throw DatasetInvalid(issues: [DatasetIssue(location: "site.json", field: "period", value: "\(d.config.period.start)…\(d.config.period.end)",
                                                       expected: "the period asked for (\(periods)); a format 1 dataset settles the period in its site.json")])
        }
        return SettlementSource(kind: .dataset(d, validation: validation), directory: directory, fingerprint: InputDigest.combine(digests), bytesRead: 0)
    }

    /// A format 1 dataset from file contents by name (the API: a dataset's files as ingested into the store).
    /// `fingerprint`: the files' ``InputDigest``, when the caller has already computed it (a drill-down proves it
    /// before it parses anything), so the bytes are not hashed twice.
    public static func read(files: [String: [UInt8]], fingerprint: String? = nil) throws(DatasetInvalid) -> SettlementSource {
        let (d, validation) = try DatasetReader.readValidated(files: files)
        return SettlementSource(
            kind: .dataset(d, validation: validation), directory: "", fingerprint: fingerprint ?? InputDigest.of(files: files),
            bytesRead: files.values.reduce(0) { $0 + $1.count })
    }
}
