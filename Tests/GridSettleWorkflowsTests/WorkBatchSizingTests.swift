import Testing

@testable import GridSettleWorkflows

/// A worker's batch: one unit first, then about a quarter second of settling per commit, 1…256 units.
@Suite struct WorkBatchSizingTests {
    @Test func startsAtOneAndFitsTheTarget() {
        var s = WorkBatchSizing()
        #expect(s.next() == 1)
        s.record(units: 1, settlingSeconds: 0.050)  // a resource-month: 50 ms
        #expect(s.next() == 5)
        s.record(units: 5, settlingSeconds: 0.250)
        #expect(s.next() == 5)
        var small = WorkBatchSizing()
        small.record(units: 1, settlingSeconds: 0.0001)  // a DSO member: 0.1 ms
        #expect(small.next() == WorkBatchSizing.maximum)
        var large = WorkBatchSizing()
        large.record(units: 1, settlingSeconds: 3)  // longer than the target: one unit per commit
        #expect(large.next() == 1)
        var instant = WorkBatchSizing()
        instant.record(units: 3, settlingSeconds: 0)  // too fast to time: stays at one until there is a time
        #expect(instant.next() == 1)
    }

    @Test func aFixedSizeAndTheRemainingUnitsCap() {
        #expect(WorkBatchSizing(fixed: 40).next() == 40)
        #expect(WorkBatchSizing(fixed: 0).next() == 1)
        #expect(WorkBatchSizing(fixed: 40).next(remaining: 7) == 7)
        var s = WorkBatchSizing()
        s.record(units: 1, settlingSeconds: 0.0001)
        #expect(s.next(remaining: 3) == 3)
        #expect(s.next(remaining: 0) == 1)
    }
}
