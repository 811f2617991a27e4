import Foundation
import GridSettleCore
import GridSettleFormats
import GridSettleStore

/// A worker's use case (`gridsettle work`): settle one planned unit, a format 1 dataset directory or a
/// portfolio's resource and month, into the queue's result and an ordinary run of the job's tenant, stored in
/// the unit's transaction. The run is the one `gridsettle settle` stores for the same input: same fingerprint,
/// same statement JSON and CSV (no report: workers render none).
public enum JobUnitSettlement {
    public static func settle(_ u: ClaimedUnit, tenant: String) -> UnitOutcome {
        let result: SettlementResult
        let fingerprint: String
        do {
            if PortfolioReader.isPortfolio(u.inputLocation) {
                (_, result, fingerprint) = try PortfolioCache.shared.settle(
                    directory: u.inputLocation, resourceID: u.resourceID, periodStart: u.periodStart, periodEnd: u.periodEnd)
            } else {
                let source = try SourceReader.read(directory: u.inputLocation)
                let c = try source.dataset(0).config
                let key = WorkUnitKey.make(resourceID: c.resource.id, periodStart: c.period.start.description, periodEnd: c.period.end.description)
                guard key == u.key else {
                    return .failed("\(u.inputLocation) now holds \(key), but the unit was planned as \(u.key): the dataset changed after planning")
                }
                (_, result) = try source.settle(0)
                fingerprint = source.fingerprint
            }
        } catch {
            return .failed("\(u.inputLocation): \(error.description)")
        }
        let s = result.statement
        var out = UnitResult(statement: s)
        out.run = NewRun(
            tenant: tenant, statement: s, inputDigest: fingerprint, figures: UnitDocuments(result).encodedFigures,
            sourceDirectory: SettlementSource.absolute(u.inputLocation))
        return .settled(out)
    }
}
