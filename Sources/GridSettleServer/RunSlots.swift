/// At most `count` settlements at once (`serve --max-concurrent-runs`): each child process takes a core and
/// the memory of a whole dataset, so requests beyond the limit wait for a slot, first come first served,
/// instead of starting more children than the machine can run.
actor RunSlots {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// `count` must be at least 1 (`serve` checks its option).
    init(count: Int) {
        free = count
    }

    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Hands the slot to the longest waiter, or frees it.
    func release() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
