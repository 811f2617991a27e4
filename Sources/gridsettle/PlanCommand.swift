import ArgumentParser
import Foundation
import GridSettleCore
import GridSettleFormats
import GridSettleStore

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
        var units: [PlannedUnit] = []
        var unreadable: [String] = []
        var seen = Set<String>()
        for arg in directories {
            let abs = URL(fileURLWithPath: arg).standardizedFileURL.path
            if DatasetDirectories.isDSODataset(abs) {
                // a DSO dataset: one unit per member, each reading member_readings/<member_id>.csv
                guard seen.insert(abs).inserted else { continue }
                do {
                    units += try DatasetDirectories.dsoMemberUnits(abs)
                } catch {
                    unreadable.append("\(abs): \(error)")
                }
                continue
            }
            if PortfolioReader.isPortfolio(abs) {
                // a portfolio: one unit per site for the job's month, all at the portfolio's directory
                guard seen.insert(abs).inserted else { continue }
                guard let month = period.flatMap(PeriodSelection.init), case .months(let first, let last) = month, first == last else {
                    unreadable.append("\(abs): a portfolio is planned for one month: --period YYYY-MM")
                    continue
                }
                do {
                    units += try DatasetDirectories.portfolioUnits(abs, period: first.period)
                } catch {
                    unreadable.append("\(abs): \(error)")
                }
                continue
            }
            let found = DatasetDirectories.expand(arg)
            if found.isEmpty { unreadable.append("\(arg): no site.json in it or in any subdirectory") }
            for dir in found where seen.insert(dir).inserted {  // the same directory named twice is planned once
                do {
                    units.append(try DatasetDirectories.unit(dir))
                } catch {
                    unreadable.append("\(dir): \(error)")
                }
            }
        }
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

/// Finding datasets and their unit keys without reading more than `site.json`.
enum DatasetDirectories {
    static func isDataset(_ dir: String) -> Bool {
        FileManager.default.fileExists(atPath: (dir as NSString).appendingPathComponent("site.json"))
    }

    /// `path` itself when it is a dataset, else its subdirectories that are, in name order; absolute paths.
    static func expand(_ path: String) -> [String] {
        let abs = URL(fileURLWithPath: path).standardizedFileURL.path
        if isDataset(abs) { return [abs] }
        let children = ((try? FileManager.default.contentsOfDirectory(atPath: abs)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        return children.map { (abs as NSString).appendingPathComponent($0) }.filter(isDataset)
    }

    static func isDSODataset(_ dir: String) -> Bool {
        FileManager.default.fileExists(atPath: (dir as NSString).appendingPathComponent(DSODatasetReader.Files.manifest))
    }

    /// The units a DSO dataset makes: one per member (its id, the dataset's period), all at the dataset's directory.
    /// Only dso.json and members.csv are read here; refused unless the readings are in the per-member layout.
    static func dsoMemberUnits(_ dir: String) throws -> [PlannedUnit] {
        let header: DSOHeader
        do {
            header = try DSODatasetReader.readHeader(directory: dir)
        } catch {
            throw StoreError("dso.json or members.csv is invalid (`gridsettle dso \(dir)` lists every problem): \(error.description)")
        }
        var isDir: ObjCBool = false
        let split = (dir as NSString).appendingPathComponent(DSODatasetReader.Files.readingsDirectory)
        guard FileManager.default.fileExists(atPath: split, isDirectory: &isDir), isDir.boolValue else {
            throw StoreError("a job's units read one member each, from \(DSODatasetReader.Files.readingsDirectory)/<member_id>.csv; this DSO dataset has none "
                + "(`gridsettle generate --example dso --member-files` shows the layout); `gridsettle dso \(dir)` settles it in one process")
        }
        return header.members.map {
            PlannedUnit(resourceID: $0.id, periodStart: header.period.start.description, periodEnd: header.period.end.description, inputLocation: dir)
        }
    }

    /// The units a portfolio makes for one month: one per site (its resource id), all at the portfolio's directory.
    /// Only portfolio.json and the site files are read here.
    static func portfolioUnits(_ dir: String, period: SettlementPeriod) throws -> [PlannedUnit] {
        let sites: [Portfolio.Site]
        do {
            sites = try PortfolioReader.sites(directory: dir)
        } catch {
            throw StoreError("the portfolio's site files are invalid (`gridsettle validate \(dir)` lists every problem): \(error.description)")
        }
        return sites.map {
            PlannedUnit(resourceID: $0.config.resource.id, periodStart: period.start.description, periodEnd: period.end.description, inputLocation: dir)
        }
    }

    /// The unit a dataset directory makes: resource id and period from its site.json.
    static func unit(_ dir: String) throws -> PlannedUnit {
        let path = (dir as NSString).appendingPathComponent("site.json")
        guard let data = FileManager.default.contents(atPath: path) else { throw StoreError("cannot read \(path)") }
        let site: SiteConfig
        do {
            site = try JSONDecoder().decode(SiteConfig.self, from: data)
        } catch {
            throw StoreError("site.json is not a site file (`gridsettle validate \(dir)` says why): \(error)")
        }
        return PlannedUnit(
            resourceID: site.resource.id, periodStart: site.period.start.description, periodEnd: site.period.end.description, inputLocation: dir)
    }
}
