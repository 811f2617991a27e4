import Foundation
import GridSettleCore
import GridSettleFormats
import GridSettleStore
import Synchronization

/// What a worker does with a unit whose input location is a DSO dataset (it has `dso.json`): the unit is one member
/// of the dataset (its resource id is the member id), and the work is that member's part of the DSO settlement that
/// needs no other member — read its meter file `member_readings/<member_id>.csv`, check it against the period (every
/// interval, no duplicates, nothing missing) and store its received and delivered energy per interval with the unit.
/// The DSO's interface settlement, allocation, local market and revenue adequacy need all members of an interface
/// at once: they are the reduce (`gridsettle dso DIR --db … --job …`), which reads these series back.
///
/// The unit's lines are quantities only (received, delivered, net injection over the period, kWh, no money): money
/// is decided by the interface settlement, so the unit cannot state it. They make `gridsettle reduce` show the
/// job's energy, and the stored series are exactly what the reduce settles with.
public enum DSOMemberUnitSettlement {
    /// The section of a member unit's lines.
    public static let section = "dso-member"
    public static let receivedSeries = "received_micro_kwh"
    public static let deliveredSeries = "delivered_micro_kwh"

    /// `dso.json` and `members.csv` per dataset directory, read once per worker process rather than once per member
    /// (a DSO can have hundreds of thousands of members).
    private static let headers = Mutex<[String: DSOHeader]>([:])

    public static func header(_ directory: String) throws(DatasetInvalid) -> DSOHeader {
        if let h = headers.withLock({ $0[directory] }) { return h }
        let h = try DSODatasetReader.readHeader(directory: directory)
        headers.withLock { $0[directory] = h }
        return h
    }

    public static func settle(_ u: ClaimedUnit) -> UnitOutcome {
        let h: DSOHeader
        do {
            h = try header(u.inputLocation)
        } catch {
            return .failed("\(u.inputLocation): \(error.description)")
        }
        let key = WorkUnitKey.make(resourceID: u.resourceID, periodStart: h.period.start.description, periodEnd: h.period.end.description)
        guard key == u.key, h.memberIndex[u.resourceID] != nil else {
            return .failed("\(u.inputLocation) has no member \(u.resourceID) for \(h.period.start)/\(h.period.end), but the unit was planned as \(u.key): the dataset changed after planning")
        }
        do {
            let r = try DSODatasetReader.readMemberReadings(directory: u.inputLocation, header: h, memberID: u.resourceID)
            return .settled(result(received: r.received, delivered: r.delivered, grid: h.grid))
        } catch {
            return .failed("\(u.inputLocation): \(error.description)")
        }
    }

    public static func result(received: ContiguousArray<Int64>, delivered: ContiguousArray<Int64>, grid: IntervalGrid) -> UnitResult {
        var rec: Int64 = 0, del: Int64 = 0
        for v in received { rec += v }
        for v in delivered { del += v }
        let lines = [("RECEIVED", rec), ("DELIVERED", del), ("NET-INJECTION", rec - del)].enumerated().map { seq, l in
            UnitLine(seq: seq, section: section, code: l.0, unit: "kWh", quantityMicro: l.1, amountMicros: 0, amountCents: 0)
        }
        let start = grid.start.description
        return UnitResult(
            lines: lines, sectionTotals: [UnitSectionTotal(section: section, amountCents: 0)], statementStatus: "FINAL", violationCount: 0,
            series: [
                UnitSeries(name: receivedSeries, start: start, intervalSeconds: grid.seconds, values: received),
                UnitSeries(name: deliveredSeries, start: start, intervalSeconds: grid.seconds, values: delivered),
            ])
    }
}
