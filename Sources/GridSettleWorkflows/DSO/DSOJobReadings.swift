import Foundation
import GridSettleCore
import GridSettleFormats
import GridSettleStore

/// The reduce side of a DSO job: the members' received and delivered energy per interval as the job's workers
/// stored them (``DSOMemberUnitSettlement``), for `gridsettle dso DIR --db … --job …`.
///
/// Refuses (with every member named) unless each member of the dataset is a done unit of the job on the dataset's
/// grid: a pending unit is not yet settled, a failed one carries its error, a missing one was never planned. The
/// check that the series sit on the dataset's grid is exact (same first start, same interval, same count), because
/// the worker read them on that grid; anything else means the dataset changed after the job ran.
public enum DSOJobReadings {
    public static func load(db: String, tenant: String, job name: String, header: DSOHeader) async throws -> DSOMemberReadings {
        let queue = try await Repositories.openWorkQueue(db)
        do {
            let r = try await load(queue, tenant: tenant, job: name, header: header, db: db)
            await queue.close()
            return r
        } catch {
            await queue.close()
            throw error
        }
    }

    public static func load(_ queue: any WorkQueue, tenant: String, job name: String, header: DSOHeader, db: String) async throws -> DSOMemberReadings {
        guard let job = try await queue.job(tenant: tenant, name: name) else {
            throw DSOJobUnknown(message: "no job '\(name)' for tenant '\(tenant)' in \(db): plan it first (gridsettle plan --job \(name) DIR)")
        }
        let periodStart = header.period.start.description, periodEnd = header.period.end.description
        guard job.periodStart == periodStart, job.periodEnd == periodEnd else {
            throw DSOJobUnknown(message: "job \(name) settles \(job.periodStart)/\(job.periodEnd), the dataset \(periodStart)/\(periodEnd)")
        }
        var status: [String: WorkUnitRow] = [:]
        for u in try await queue.units(jobID: job.id) { status[u.resourceID] = u }
        var problems: [String] = []
        for m in header.members {
            guard let u = status[m.id] else {
                problems.append("\(m.id) (members.csv:\(m.line)): not a unit of job \(name) (plan the dataset into the job)")
                continue
            }
            switch u.status {
            case "done": continue
            case "pending": problems.append("\(m.id): unit \(u.key) is pending (run `gridsettle work --job \(name)` until none is)")
            default: problems.append("\(m.id): unit \(u.key) failed: \(u.error?.split(separator: "\n").first.map(String.init) ?? "")")
            }
        }
        if !problems.isEmpty {
            throw DSOJobNotReady(job: name, problems: problems)
        }
        var received: [String: ContiguousArray<Int64>] = [:]
        var delivered: [String: ContiguousArray<Int64>] = [:]
        let start = header.grid.start.description
        var offGrid: [String] = []
        for row in try await queue.series(jobID: job.id) where header.memberIndex[row.resourceID] != nil {
            let s = row.series
            guard s.start == start, s.intervalSeconds == header.grid.seconds, s.values.count == header.grid.count else {
                offGrid.append("\(row.unitKey) \(s.name): \(s.values.count)×\(s.intervalSeconds / 60)min from \(s.start), the dataset \(header.grid)")
                continue
            }
            switch s.name {
            case DSOMemberUnitSettlement.receivedSeries: received[row.resourceID] = s.values
            case DSOMemberUnitSettlement.deliveredSeries: delivered[row.resourceID] = s.values
            default: continue
            }
        }
        if !offGrid.isEmpty {
            throw DSOJobNotReady(job: name, problems: offGrid.map { "stored on another grid (the dataset changed after the job ran?): \($0)" })
        }
        return .supplied(source: "job \(name) (\(queue.backend))", received: received, delivered: delivered)
    }
}

/// Members whose units are not done, or whose stored series do not fit the dataset: nothing is settled.
public struct DSOJobNotReady: Error, CustomStringConvertible {
    public var job: String
    public var problems: [String]
    public var description: String {
        "job \(job) is not ready to reduce: \(problems.count) member(s)\n" + problems.prefix(50).map { "  \($0)" }.joined(separator: "\n")
            + (problems.count > 50 ? "\n  … \(problems.count - 50) more" : "")
    }
}

/// The job named is not the dataset's: it does not exist for the tenant, or it settles another period. A usage
/// error (the command line names the wrong job), not a data error.
public struct DSOJobUnknown: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
