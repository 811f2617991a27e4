import GridSettleCore

/// What a portfolio holds of one site file between reading it and settling its units: the file's bytes are
/// in the scratch space (``ColumnSpill``) and parsed again by each unit (``Portfolio/site(_:)``), so a
/// portfolio of ten thousand sites does not hold ten thousand site configurations.
///
/// Kept here is only what choosing units needs without parsing: the resource, the meters with their
/// interval lengths, and the site's time zone (an index into ``Portfolio``'s few distinct zones).
struct SiteIndexEntry: Sendable {
    var file: String
    var resourceID: String
    var meters: [MeterKey]
    var zone: Int32
    /// Where the site file's bytes are in the scratch space.
    var offset: Int
    var count: Int

    struct MeterKey: Sendable {
        var id: String
        var seconds: Int64
    }
}
