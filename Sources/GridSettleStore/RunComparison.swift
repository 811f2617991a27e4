import GRDB
import GridSettleCore

/// One statement line compared between two runs of the same resource and period (matched by section and
/// code); nil on the side where the line does not exist.
public struct LineDifference: Sendable, Hashable {
    public var section: String
    public var code: String
    public var unit: String
    public var oldQuantityMicro: Int64?
    public var newQuantityMicro: Int64?
    public var oldCents: Int64?
    public var newCents: Int64?

    public var quantityChangeMicro: Int64 { (newQuantityMicro ?? 0) - (oldQuantityMicro ?? 0) }
    public var centsChange: Int64 { (newCents ?? 0) - (oldCents ?? 0) }
    public var changed: Bool { oldQuantityMicro != newQuantityMicro || oldCents != newCents }
}

extension SettlementStore {
    /// The latest run before `runID` for the same site, resource and period: what `runID` replaces (a
    /// provisional month settled again with complete data, or any re-settlement). Runs are never changed;
    /// the newest run of a period is the one in force.
    public func previousRun(of runID: Int64) throws -> RunSummary? {
        try db.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT p.id, p.site_id, p.resource_id, p.period_start, p.period_end, p.status, p.violation_count, p.input_digest
                    FROM run p JOIN run r ON r.id = ?
                    WHERE p.site_id = r.site_id AND p.resource_id = r.resource_id AND p.period_start = r.period_start
                      AND p.period_end = r.period_end AND p.id < r.id
                    ORDER BY p.id DESC LIMIT 1
                    """, arguments: [runID]
            ).map(Self.summary)
        }
    }

    /// Every line of either run, in the newer run's order and then the lines only the older run has.
    public func difference(from oldRunID: Int64, to newRunID: Int64) throws -> [LineDifference] {
        try db.read { db in
            func lines(_ id: Int64) throws -> [(String, String, String, Int64, Int64)] {
                try Row.fetchAll(db, sql: "SELECT section, code, unit, quantity_micro, amount_cents FROM statement_line WHERE run_id = ? ORDER BY seq", arguments: [id])
                    .map { ($0["section"], $0["code"], $0["unit"], $0["quantity_micro"], $0["amount_cents"]) }
            }
            let old = try lines(oldRunID)
            var oldByKey: [String: (String, Int64, Int64)] = [:]
            for l in old { oldByKey[l.0 + "|" + l.1] = (l.2, l.3, l.4) }
            var out: [LineDifference] = []
            var seen = Set<String>()
            for l in try lines(newRunID) {
                let key = l.0 + "|" + l.1
                seen.insert(key)
                let o = oldByKey[key]
                out.append(LineDifference(section: l.0, code: l.1, unit: l.2, oldQuantityMicro: o?.1, newQuantityMicro: l.3, oldCents: o?.2, newCents: l.4))
            }
            for l in old where !seen.contains(l.0 + "|" + l.1) {
                out.append(LineDifference(section: l.0, code: l.1, unit: l.2, oldQuantityMicro: l.3, newQuantityMicro: nil, oldCents: l.4, newCents: nil))
            }
            return out
        }
    }
}
