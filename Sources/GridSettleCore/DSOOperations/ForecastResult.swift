/// One interface's day-ahead net-load forecast for one local day, with its audit: the days used, how many
/// contributed to each interval, and why an interval has no forecast.
///
/// Intervals are the target day's own (23, 24 or 25 hours of ``slotMinutes``), in time order; ``slots``
/// gives each interval's local clock slot, so on the fall-back day both 01:00 hours forecast slot 1 and on
/// the spring-forward day slot 2 (02:00) does not occur. A value is average power over its interval, µkW;
/// nil is "unforecastable" and ``reasons`` says why. Nothing is zero-filled.
public struct InterfaceForecast: Sendable, Hashable {
    /// Whether PV was forecast apart from gross load.
    public enum Mode: String, Sendable, Hashable, Codable {
        /// Net load averaged over like days (no PV member, or the PV split was not possible: see the notes).
        case netLoad = "net load"
        /// Gross load (net + PV) over like days minus each PV member's forecast.
        case grossLoadMinusPV = "gross load minus PV"
    }

    /// Why an interval has no forecast.
    public enum Unforecastable: Sendable, Hashable {
        /// Fewer than the minimum like days qualified (and the fallback did not help): the whole day.
        case tooFewLikeDays
        /// No chosen day has a value in this local slot (e.g. only a spring-forward day was chosen and this
        /// is the 02:00 slot).
        case noHistoryInSlot
        /// This PV member has neither a supplied forecast nor a similar-day value for the slot.
        case pvUnforecastable(member: String)
    }

    /// Where a PV member's slot forecast came from.
    public enum PVSource: String, Sendable, Hashable, Codable {
        case supplied
        case similarDays = "similar days"
    }

    /// One PV member's forecast output, µkW per interval (generation positive).
    public struct PVMember: Sendable, Hashable {
        public var id: String
        public var microKW: [Int64?]
        public var source: [PVSource?]
        /// The member's own PV days (most recent complete days, any day type), most recent first.
        public var days: [LocalDate]
    }

    public var interface: String
    public var day: LocalDate
    public var mode: Mode
    /// The target local day, ``slotMinutes`` per interval.
    public var grid: IntervalGrid
    public var slotMinutes: Int
    /// Each interval's local clock slot (`secondOfDay / slot length`).
    public var slots: [Int]
    /// Forecast net load per interval, µkW (import positive); nil = unforecastable.
    public var netMicroKW: [Int64?]
    /// Gross load per interval, µkW, in ``Mode/grossLoadMinusPV``; nil otherwise.
    public var grossMicroKW: [Int64?]?
    public var pv: [PVMember]
    /// Like days averaged for the load (net or gross), in the order chosen.
    public var likeDays: [LocalDate]
    public var likeDayTiers: [LikeDayTier]
    /// Every day of the look-back and what became of it (for the load), most recent first.
    public var decisions: [ForecastDayDecision]
    /// How many like days had a value in each interval's slot (fewer than ``likeDays`` on DST days).
    public var contributingDays: [Int]
    /// Why each interval has no forecast; nil where it has one.
    public var reasons: [Unforecastable?]
    public var notes: [String]

    /// Intervals without a forecast.
    public var unforecastableCount: Int { netMicroKW.reduce(0) { $0 + ($1 == nil ? 1 : 0) } }

    /// The forecast as energy: µkWh per interval = µkW × seconds / 3600, rounded half away from zero (exact
    /// for 60-minute slots), quality `.estimated`; an unforecastable interval is `.missing`, never 0.
    public func energySeries() -> EnergySeries {
        var e = ContiguousArray<Int64>(repeating: 0, count: grid.count)
        var q = ContiguousArray<DataQuality>(repeating: .missing, count: grid.count)
        for i in 0..<grid.count {
            guard let p = netMicroKW[i] else { continue }
            e[i] = Rounding.int64(Rounding.divideHalfAwayFromZero(Int128(p) * Int128(grid.seconds), by: 3600))
            q[i] = .estimated
        }
        return EnergySeries(grid: grid, microKWh: e, quality: q)
    }
}
