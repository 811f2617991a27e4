import ArgumentParser
import Foundation
import GridSettleCore
import GridSettleFormats
import GridSettleStore
import GridSettleWorkflows

/// `gridsettle plan`: one work unit per dataset (resource, period) in a job, idempotently (docs/scaling.md).
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Plan a job: one work unit per dataset directory, for `gridsettle work` processes to settle (planning twice adds nothing).",
        discussion: """
            Each argument is a portfolio (it has a portfolio.json: one unit per site for the month of --period), a dataset
            directory (it has a site.json) or a directory whose subdirectories are datasets (as `gridsettle generate
            --resources N` writes them: resource-0001, …). Only site.json is read here: the unit
            key is the resource id and period it names. A DSO dataset (it has a dso.json) makes one unit per member of
            members.csv; its readings must be one file per member (member_readings/<member_id>.csv), and
            `gridsettle dso DIR --db … --job …` is the reduce over those units. A job settles one period: the first dataset planned sets it,
            datasets of other periods are refused. The dataset's absolute path is stored as the unit's input location;
            every worker must see the datasets at that same path (on a cluster: a shared volume mounted at the same place).
            """)

    @Argument(help: "Dataset directories, or parent directories of datasets.")
    var directories: [String] = []
    @Option(help: "SQLite database file, or a postgres://user:password@host:port/database URL (several workers need PostgreSQL).")
    var db: String = "gridsettle.sqlite"
    @Option(help: "The job's name (unique per tenant).")
    var job: String
    @Option(help: "Tenant the job belongs to.")
    var tenant: String = "default"
    @Option(help: "The month of a portfolio to plan, YYYY-MM (a job settles one period; a dataset directory names its own).")
    var period: String?
    @Flag(help: "Put the job's failed units back to pending (after their datasets were fixed).")
    var retryFailed = false

    func validate() throws {
        if directories.isEmpty && !retryFailed { throw ValidationError("name at least one dataset directory (or use --retry-failed)") }
    }

    func run() async throws {
        let (units, unreadable) = JobPlanning.units(directories, period: period)
        let queue = try await Repositories.openWorkQueue(db)
        do {
            if !units.isEmpty || retryFailed {
                var lines: [String] = []
                var jobRow: WorkJob?
                if !units.isEmpty {
                    let o = try await queue.plan(tenant: tenant, job: job, units: units)
                    jobRow = o.job
                    lines.append("job \(o.job.name) (id \(o.job.id), tenant \(o.job.tenant), period \(o.job.periodStart)/\(o.job.periodEnd)): \(o.created ? "created" : "existing")")
                    lines.append("  \(units.count) dataset(s): \(o.added) unit(s) added, \(o.alreadyPlanned) already planned, \(o.refused.count) refused")
                    for e in o.plannedElsewhere { lines.append("  note: \(e.key) was planned from \(e.planned); \(e.given) is not used") }
                    for r in o.refused { lines.append("  refused \(r.unit.inputLocation): \(r.reason)") }
                } else {
                    jobRow = try await queue.job(tenant: tenant, name: job)
                }
                guard let j = jobRow else { throw ValidationError("no job '\(job)' for tenant '\(tenant)'") }
                if retryFailed {
                    let n = try await queue.retryFailed(jobID: j.id)
                    lines.append("  \(n) failed unit(s) put back to pending")
                }
                let c = try await queue.counts(jobID: j.id)
                lines.append("  job now: \(c.total) unit(s): \(c.pending) pending, \(c.done) done, \(c.failed) failed")
                Console.out(lines.joined(separator: "\n"))
            }
        } catch {
            await queue.close()
            throw error
        }
        await queue.close()
        if !unreadable.isEmpty {
            for u in unreadable { Console.problem("not planned: \(u)") }
            throw ExitCode(1)
        }
    }
}
