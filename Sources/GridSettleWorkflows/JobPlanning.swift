import Foundation
import GridSettleCore
import GridSettleFormats
import GridSettleStore

/// The plan use case's first half (`gridsettle plan`): which units the directories named make, reading no more
/// than each one's manifest and site files. A DSO dataset makes one unit per member, a portfolio one per site for
/// the month asked for, a dataset directory (or each dataset under a parent directory) one.
public enum JobPlanning {
    /// The units, and the directories that make none with why (`not planned: …`). A directory named twice is
    /// planned once. `period` is `YYYY-MM`, needed for a portfolio.
    public static func units(_ directories: [String], period: String?) -> (units: [PlannedUnit], unreadable: [String]) {
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
        return (units, unreadable)
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
