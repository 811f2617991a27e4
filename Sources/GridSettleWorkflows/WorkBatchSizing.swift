/// How many units a worker claims and commits in one step (``GridSettleStore/WorkOptions/batchSize``).
///
/// A resource-month settles in tens of milliseconds, a DSO member in a fraction of one: for small units the
/// queue's two commits per step dominate (docs/scaling.md). Unless a size is fixed, the worker starts with one
/// unit and then sizes each batch to hold about ``targetSeconds`` of settling at the mean time per unit so far,
/// between 1 and ``maximum``: large units keep one unit per transaction (a dying worker loses little), small
/// units share a commit. Results do not depend on the size: each unit is settled on its own, as before.
public struct WorkBatchSizing: Sendable {
    public static let targetSeconds = 0.25
    public static let maximum = 256

    /// A size given on the command line (`work --batch N`), else adaptive.
    public let fixed: Int?
    public private(set) var units = 0
    public private(set) var settlingSeconds = 0.0

    public init(fixed: Int? = nil) {
        self.fixed = fixed.map { max(1, $0) }
    }

    /// Adds a finished step: how many units it settled and the time spent settling them.
    public mutating func record(units n: Int, settlingSeconds s: Double) {
        units += max(0, n)
        settlingSeconds += max(0, s)
    }

    /// The next step's size; `remaining` caps it (a worker told to stop after so many units).
    public func next(remaining: Int? = nil) -> Int {
        var size: Int
        if let fixed {
            size = fixed
        } else if units == 0 || settlingSeconds <= 0 {
            size = 1
        } else {
            let perUnit = settlingSeconds / Double(units)
            let fit = Self.targetSeconds / perUnit
            size = fit >= Double(Self.maximum) ? Self.maximum : max(1, Int(fit))
        }
        if let remaining { size = min(size, max(1, remaining)) }
        return size
    }
}
