import Foundation
import GridSettleCore
import GridSettleFormats
import GridSettleStore
import Synchronization

/// A worker's portfolios, each read once per process: the units of a job that share a portfolio share its
/// parsed tariffs, market data and meter data, so a worker settling a hundred of its units reads it once, and
/// the months it settles carry their closing balances to the next (``OpeningBalances``).
///
/// A portfolio changed on disk after a worker read it is not read again by that worker (start another).
public final class PortfolioCache: Sendable {
    public static let shared = PortfolioCache()

    private struct Entry: Sendable {
        var portfolio: Portfolio
        var fingerprint: String
        var siteOf: [String: Int]
        var balances: OpeningBalances
    }

    private let portfolios = Mutex<[String: Entry]>([:])

    public init() {}

    /// Settles `resourceID` for `[periodStart, periodEnd)` (local dates) in the portfolio at `directory`, as
    /// `settle` does (same opening balance, same statement), and gives the portfolio's fingerprint.
    public func settle(directory: String, resourceID: String, periodStart: String, periodEnd: String) throws(DatasetInvalid)
        -> (dataset: Dataset, result: SettlementResult, fingerprint: String)
    {
        let entry = try self.portfolio(directory)
        guard let site = entry.siteOf[resourceID] else {
            throw DatasetInvalid(issues: [DatasetIssue(location: PortfolioFiles.sites, field: "resource.id", value: resourceID,
                                                       expected: "a site file of this resource (the portfolio changed after the job was planned?)")])
        }
        guard let start = LocalDate(parsing: periodStart), let end = LocalDate(parsing: periodEnd) else {
            throw DatasetInvalid(issues: [DatasetIssue(location: "(unit)", field: "period", value: "\(periodStart)/\(periodEnd)", expected: "local dates YYYY-MM-DD")])
        }
        let unit = Portfolio.Unit(site: site, period: SettlementPeriod(start: start, end: end))
        let dataset = try entry.portfolio.dataset(unit)
        let opening = try entry.balances.opening(for: unit)
        let result = try SettlementEngine.settle(dataset, validation: DatasetValidator.validate(dataset), opening: opening)
        entry.balances.record(unit, closing: result.closing)
        return (dataset, result, entry.fingerprint)
    }

    private func portfolio(_ directory: String) throws(DatasetInvalid) -> Entry {
        try portfolios.withLock { (cache: inout [String: Entry]) throws(DatasetInvalid) -> Entry in
            if let p = cache[directory] { return p }
            let p = try PortfolioReader.read(directory: directory, digest: InputDigest.sha256)
            // the reader refuses a resource id in two site files, so each names one site
            let siteOf = Dictionary((0..<p.siteCount).map { (p.resourceID(site: $0), $0) }, uniquingKeysWith: { a, _ in a })
            let entry = Entry(portfolio: p, fingerprint: InputDigest.combine(p.fileDigests), siteOf: siteOf, balances: OpeningBalances(p))
            cache[directory] = entry
            return entry
        }
    }
}
