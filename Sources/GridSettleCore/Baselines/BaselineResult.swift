/// One event's baseline with its audit: every day looked at and what became of it, the unadjusted profile,
/// the adjustment before and after its cap, and the adjusted profile — so an analyst can redo it by hand.
public struct BaselineResult: Sendable, Hashable {
    /// Why a day looked at is not in the baseline.
    public enum Rejection: String, Sendable, Hashable, Codable {
        case notLikeDay = "not a like day"
        case holiday
        case eventDay = "event day"
        case outage
        case incompleteData = "incomplete data"
        case lowUsage = "low usage"
        case skippedBeforeEvent = "skipped before the event"
        /// A like day past the Y most recent.
        case beyondCandidates = "beyond the candidate days"
        /// A candidate not among the X chosen by the ranking.
        case notSelected = "not among the days selected"
        /// The first like day past the look-back: where the search stopped.
        case outsideLookback = "outside the look-back"
        /// A temperature ranking cannot place a day without a daily maximum temperature
        /// (``DailyMaxTemperature``: no reading in some local hour, or none at all).
        case noTemperature = "no temperature"
    }

    public struct DayDecision: Sendable, Hashable {
        public var date: LocalDate
        /// Rank among the selected days (1 = first), or nil.
        public var rank: Int?
        public var rejection: Rejection?
        /// Mean µkW over the event window (what the ranking and the low-usage rule look at).
        public var eventWindowKW: Int64?
        /// Added back by the fallback (an event day or a low-usage day used because too few days qualified).
        public var addedByFallback: Bool = false
        /// The day's maximum temperature, milli-°F, when the input has temperatures (what weather matching
        /// ranks by; shown for every method so the analyst can see the weather of the days used).
        public var dailyMaxTemperature: Int64? = nil
    }

    public struct AdjustmentAudit: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable { case none, multiplicative, additive }
        public var kind: Kind
        /// The window's slots on the event day.
        public var slots: [Int]
        /// Σ actual and Σ unadjusted baseline over the window, µkW (slot values summed).
        public var actualSum: Int64
        public var baselineSum: Int64
        /// Multiplicative: the factor in ppm before and after the cap. Additive: the offset in µkW.
        public var raw: Int64
        public var applied: Int64
        public var capped: Bool
        public var note: String?
    }

    public var method: String
    public var eventDay: LocalDate
    public var slotMinutes: Int
    /// The event's slots on the event day.
    public var eventSlots: Range<Int>
    /// Every day looked at, most recent first.
    public var days: [DayDecision]
    /// The days averaged, in rank order (most recent first for ``BaselineMethod/Ranking/mostRecent``).
    public var selected: [LocalDate]
    /// Which fallback ran, and why; nil when enough like days qualified.
    public var fallback: String?
    /// µkW per slot of the day; nil where no selected day has a value. A zero baseline is all zeros.
    public var unadjusted: [Int64?]
    public var adjustment: AdjustmentAudit
    public var adjusted: [Int64?]
    /// The event day's actual µkW per slot.
    public var actual: [Int64?]
    /// What an analyst must know about this result (event day without data, event past midnight, …).
    public var notes: [String] = []
    /// The event day's maximum temperature, milli-°F, when the input has one.
    public var eventDayMaxTemperature: Int64? = nil

    /// Load reduction per event slot: adjusted baseline − actual, µkW (nil where either is missing).
    public var loadReduction: [Int64?] { eventSlots.map { k in adjusted[k].flatMap { b in actual[k].map { b - $0 } } } }

    /// The event's reduction in µkWh: the sum of slot reductions × slot length (missing slots count 0 and
    /// are listed by ``loadReduction``).
    public var loadReductionMicroKWh: Int64 { performanceMicroKWh(.siteLoad) }

    public func decision(_ date: LocalDate) -> DayDecision? { days.first { $0.date == date } }
}
