import GridSettleStore

/// A stored run as the pages show it: the summary's fields under the names the pages use. Built only by
/// ``PageAccess`` after the tenancy check, so holding one means the caller may see it.
struct PageRun: Sendable {
    var id: Int64
    var dataset: String?
    var site: String
    var resource: String
    var periodStart: String
    var periodEnd: String
    var status: String
    var violationCount: Int
    var version: Int
    var replacesRun: Int64?

    init(_ r: RunSummary) {
        id = r.id
        dataset = r.datasetID
        site = r.siteID
        resource = r.resourceID
        periodStart = r.periodStart
        periodEnd = r.periodEnd
        status = r.status
        violationCount = r.violationCount
        version = r.version
        replacesRun = r.replacesRunID
    }
}
