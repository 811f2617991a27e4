import GridSettleCore

/// What one block of a file read into the scratch space leaves in memory: where each key's (meter's or
/// resource's) columns went, in the order the keys first appear, and the block's issues. The readings and the
/// awards readers both make and merge these.
struct SpilledBlock<Segment: Sendable>: Sendable {
    var segments: [(key: String, segment: Segment)] = []
    var issues: [DatasetIssue] = []
    /// Issues past the block's limit, counted.
    var dropped = 0

    /// A block that could not be parsed at all (its header copy is wrong): its issues only.
    init(issues: [DatasetIssue]) { self.issues = issues }

    /// Writes each key's columns to `spill` in `order`; a write that fails is an issue of `file`, and the
    /// block's later keys are not written (the portfolio is refused).
    init<Columns>(
        order: [String], columns: [String: Columns], issues: [DatasetIssue], dropped: Int, file: String, spill: ColumnSpill,
        write: (Columns, ColumnSpill) throws(ColumnSpill.Failure) -> Segment
    ) {
        self.issues = issues
        self.dropped = dropped
        for key in order {
            guard let c = columns[key] else { continue }
            do throws(ColumnSpill.Failure) {
                segments.append((key, try write(c, spill)))
            } catch {
                self.issues.append(error.writeIssue(location: file, what: "the parsed rows"))
                break
            }
        }
    }

    /// Adds the block's segments after those of the blocks before it, and its issues.
    func merge(into all: inout SegmentIndex<Segment>, issues: inout [DatasetIssue], file: String) {
        issues += self.issues
        if dropped > 0 {
            issues.append(DatasetIssue(location: file, field: "issues", value: "\(dropped) more issue(s) not listed", expected: "a clean file"))
        }
        for (key, s) in segments { all.append(s, to: key) }
    }
}
