import Foundation
import GridSettleCore

/// Reads a stored `interval_runs` value (schema v7) for both backends: NULL is a row stored before v7 (nil: its
/// lineage was not kept), bytes ``IntervalRunsCoding`` cannot read are a damaged row (an error naming it, never a
/// shorter lineage).
enum StoredLineage {
    static func decode(_ data: Data?, run: Int64, row: String) throws -> [IntervalRun]? {
        guard let data else { return nil }
        guard let runs = IntervalRunsCoding.decode([UInt8](data)) else { throw StoredLineageCorrupt(runID: run, row: row, bytes: data.count) }
        return runs
    }
}

/// A stored lineage whose bytes are not one ``IntervalRunsCoding`` wrote (only a damaged database has one).
public struct StoredLineageCorrupt: Error, CustomStringConvertible {
    public var runID: Int64
    public var row: String
    public var bytes: Int
    public var description: String {
        "run \(runID), \(row): interval_runs holds \(bytes) bytes that are not an interval lineage; the row is damaged"
    }
}
