import Foundation
import GridSettleCore
import GridSettleFormats
import GridSettleStore

/// A worker's portfolios, each read once per process: the units of a job that share a portfolio share its
/// parsed tariffs, market data and meter data, so a worker settling a hundred of its units reads it once.
///
/// A portfolio changed on disk after a worker read it is not read again by that worker (start another).
public final class PortfolioCache: @unchecked Sendable {
    public static let shared = PortfolioCache()

    private let lock = NSLock()
    private var portfolios: [String: (portfolio: Portfolio, fingerprint: String, siteOf: [String: Int])] = [:]

    public init() {}

    /// The dataset of `resourceID` for `[periodStart, periodEnd)` (local dates) in the portfolio at `directory`,
    /// and the portfolio's fingerprint (the same `settle` stores).
    public func dataset(directory: String, resourceID: String, periodStart: String, periodEnd: String) throws(DatasetInvalid)
        -> (dataset: Dataset, fingerprint: String)
    {
        let (portfolio, fingerprint, siteOf) = try self.portfolio(directory)
        guard let site = siteOf[resourceID] else {
            throw DatasetInvalid(issues: [DatasetIssue(location: PortfolioFiles.sites, field: "resource.id", value: resourceID,
                                                       expected: "a site file of this resource (the portfolio changed after the job was planned?)")])
        }
        guard let start = LocalDate(parsing: periodStart), let end = LocalDate(parsing: periodEnd) else {
            throw DatasetInvalid(issues: [DatasetIssue(location: "(unit)", field: "period", value: "\(periodStart)/\(periodEnd)", expected: "local dates YYYY-MM-DD")])
        }
        return (try portfolio.dataset(Portfolio.Unit(site: site, period: SettlementPeriod(start: start, end: end))), fingerprint)
    }

    private func portfolio(_ directory: String) throws(DatasetInvalid) -> (portfolio: Portfolio, fingerprint: String, siteOf: [String: Int]) {
        lock.lock()
        defer { lock.unlock() }
        if let p = portfolios[directory] { return p }
        let p = try PortfolioReader.read(directory: directory, digest: InputDigest.sha256)
        // the reader refuses a resource id in two site files, so each names one site
        let siteOf = Dictionary((0..<p.siteCount).map { (p.resourceID(site: $0), $0) }, uniquingKeysWith: { a, _ in a })
        portfolios[directory] = (p, InputDigest.combine(p.fileDigests), siteOf)
        return portfolios[directory]!
    }
}
