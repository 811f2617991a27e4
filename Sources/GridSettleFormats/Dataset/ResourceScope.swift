/// Which resource ids a record file (awards, signals, mileage, trips, events) may name.
///
/// A format 1 dataset holds one resource, so any other id is a mistake; a portfolio (format 2) holds the
/// resources of its site files, and its record files name many of them. Records are returned by resource.
public struct ResourceScope: Sendable {
    let ids: Set<String>
    /// What the error for an unknown id says was expected.
    let expected: String

    /// The one resource of a format 1 dataset.
    public static func one(_ id: String) -> ResourceScope {
        ResourceScope(ids: [id], expected: "\(id), the resource in site.json (a dataset holds one resource)")
    }

    /// The resources of a portfolio's site files.
    public static func portfolio(_ ids: Set<String>) -> ResourceScope {
        ResourceScope(ids: ids, expected: "the resource id of one of the portfolio's site files (sites/*.json)")
    }
}
