/// The outcome of one check that runs on every settlement. A violation is never silent: it names the
/// intervals and the energy (and money, where it can be valued) involved.
public struct CheckResult: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, Codable {
        case pass = "PASS"
        case violation = "VIOLATION"
        case notApplicable = "N/A"
    }
    /// Stable identifier, e.g. `DP1-CHARGING-PAID-TWICE`.
    public var id: String
    /// The question from the seeds / research notes this check answers.
    public var question: String
    public var status: Status
    /// The energy involved, µkWh.
    public var energyMicroKWh: Int64
    /// The money involved where it can be valued.
    public var amount: Money?
    /// Where: the intervals involved.
    public var runs: [IntervalRun]
    public var intervalCount: Int
    public var detail: String
    /// The rule reference in docs/rules.md.
    public var rule: String

    public init(
        id: String, question: String, status: Status, energyMicroKWh: Int64 = 0, amount: Money? = nil,
        runs: [IntervalRun] = [], intervalCount: Int = 0, detail: String, rule: String
    ) {
        self.id = id
        self.question = question
        self.status = status
        self.energyMicroKWh = energyMicroKWh
        self.amount = amount
        self.runs = runs
        self.intervalCount = intervalCount
        self.detail = detail
        self.rule = rule
    }
}
