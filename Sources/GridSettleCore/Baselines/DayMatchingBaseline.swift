/// What a baseline is computed from: one resource's meter (the quantity the baseline is of: site load, or a
/// device's output for MGO), its market calendar, the days to leave out, and — for weather matching — the
/// daily maximum temperatures.
public struct BaselineInput: Sendable {
    public var series: EnergySeries
    public var calendar: MarketCalendar
    /// Days this resource was dispatched, scheduled or tested (excluded from the look-back, per resource).
    public var eventDays: Set<LocalDate>
    public var outageDays: Set<LocalDate>
    /// Daily maximum temperature per local day; required by ``BaselineMethod/Ranking/closestDailyMaxTemperature``,
    /// shown in the audit of every method when given.
    public var dailyMaxTemperature: DailyMaxTemperature?

    public init(
        series: EnergySeries, calendar: MarketCalendar, eventDays: Set<LocalDate> = [], outageDays: Set<LocalDate> = [],
        dailyMaxTemperature: DailyMaxTemperature? = nil
    ) {
        self.series = series
        self.calendar = calendar
        self.eventDays = eventDays
        self.outageDays = outageDays
        self.dailyMaxTemperature = dailyMaxTemperature
    }
}

/// An event: `[start, end)`, on the local day of `start`.
public struct BaselineEvent: Sendable, Hashable {
    public var start: Instant
    public var end: Instant
    public init(start: Instant, end: Instant) {
        self.start = start
        self.end = end
    }
}

/// The X-of-Y day-matching engine (research baselines.md §2.2 pseudo-code, generalised by ``BaselineMethod``).
///
/// 1. Walk back from the event day (after ``BaselineMethod/skipDaysBeforeEvent``) through the look-back,
///    keeping like days that are not holidays, event days, outage days or incomplete, until Y are found.
/// 2. Low-usage rules drop days and the walk refills (PJM: iterated until stable).
/// 3. Rank: the X most recent, the X highest by event-window load, or the X closest by daily maximum
///    temperature (ties: the more recent).
/// 4. Too few days: the fallback (event days added back, a zero baseline, or none).
/// 5. Average slot by slot (weighted when weights are given), µkW rounded half away from zero.
/// 6. Adjust over the windows (ratio or offset, capped), rounded once more.
public struct DayMatchingBaseline: Sendable {
    public var method: BaselineMethod

    public init(_ method: BaselineMethod) {
        if let p = method.problem { preconditionFailure("baseline \(method.name): \(p)") }
        self.method = method
    }

    /// Why `input` cannot feed this method, or nil: a temperature ranking without temperatures. The engine
    /// itself answers such an input with "no baseline" and the reason; callers that can report an error
    /// (``DatasetBaselines``) check first.
    public func check(_ input: BaselineInput) throws(BaselineInputError) {
        if method.ranking.needsTemperature && input.dailyMaxTemperature == nil {
            throw BaselineInputError(message: "\(method.name) ranks days by daily maximum temperature and needs temperatures (temperature.csv in a dataset)")
        }
    }

    public func baseline(_ input: BaselineInput, event: BaselineEvent) -> BaselineResult {
        let profiles = DayProfiles(input.series, timeZone: input.calendar.timeZone, slotMinutes: method.profileMinutes)
        return baseline(input, profiles: profiles, event: event)
    }

    /// The same with profiles already cut (several events of one resource share them).
    public func baseline(_ input: BaselineInput, profiles: DayProfiles, event: BaselineEvent) -> BaselineResult {
        let m = method
        let tz = input.calendar.timeZone
        let place = Self.place(event, timeZone: tz, slotMinutes: profiles.slotMinutes, slotsPerDay: profiles.slotsPerDay)
        let eventDay = place.day
        let slotSeconds = profiles.slotMinutes * 60
        let firstSlot = place.slots.lowerBound
        let endSlot = place.endSlot
        let eventSlots = place.slots
        let windowSlots = adjustmentSlots(eventStart: firstSlot, eventEnd: endSlot, slotSeconds: slotSeconds, perDay: profiles.slotsPerDay)

        // each day's mean event-window load, computed once: the decisions, the low-usage passes and the
        // ranking all read it
        let reach = m.lookbackDays + 15
        let windowMeans = (0...reach).map { profiles.mean(eventDay.adding(days: -$0), slots: eventSlots) }
        func windowKW(_ d: LocalDate) -> Int64? {
            let back = Int(eventDay.daysSinceEpoch - d.daysSinceEpoch)
            return back >= 0 && back <= reach ? windowMeans[back] : profiles.mean(d, slots: eventSlots)
        }

        // weather: the event day's maximum temperature; without it the days cannot be ranked by temperature
        let temperatures = input.dailyMaxTemperature
        let eventTmax = temperatures?[eventDay]
        let byTemperature = m.ranking.needsTemperature && eventTmax != nil
        var notes: [String] = []
        var noBaseline: String? = nil
        if m.ranking.needsTemperature {
            if let temperatures, eventTmax == nil {
                let what = temperatures.partialDays[eventDay].map { "readings in \($0) of its local hours only" } ?? "no reading that day"
                let missing = "the event day \(eventDay) has no daily maximum temperature (\(what))"
                switch m.missingEventTemperature {
                case .mostRecent: notes.append("\(missing): the \(m.selectedDays) most recent like days are used instead of the closest by temperature")
                case .noBaseline:
                    notes.append(missing)
                    noBaseline = "the event day has no daily maximum temperature to match: no baseline"
                }
            } else if temperatures == nil {
                noBaseline = "\(m.name) ranks days by daily maximum temperature and was given no temperatures: no baseline"
            }
        }
        func decision(_ d: LocalDate, _ rejection: BaselineResult.Rejection?) -> BaselineResult.DayDecision {
            var x = BaselineResult.DayDecision(date: d, rank: nil, rejection: rejection, eventWindowKW: windowKW(d))
            x.dailyMaxTemperature = temperatures?[d]
            return x
        }

        // 1–2: candidates, most recent first
        var decisions: [BaselineResult.DayDecision] = []
        var candidates: [LocalDate] = []
        var eventDaysSeen: [LocalDate] = []
        var lowUsageDays: Set<LocalDate> = []
        let lowUsageSeed = seed(input, profiles, eventDay: eventDay, eventSlots: eventSlots)
        let first = m.skipDaysBeforeEvent + 1
        var offset = first
        var passes = 0
        while true {
            passes += 1
            decisions = (1..<first).map { decision(eventDay.adding(days: -$0), .skippedBeforeEvent) }
            candidates = []
            eventDaysSeen = []
            offset = first
            while offset <= m.lookbackDays {
                let d = eventDay.adding(days: -offset)
                offset += 1
                var day = decision(d, nil)
                if let r = rejection(d, eventDay: eventDay, input: input, profiles: profiles) {
                    day.rejection = r
                    if r == .eventDay && isLike(d, eventDay: eventDay, calendar: input.calendar) { eventDaysSeen.append(d) }
                } else if byTemperature && day.dailyMaxTemperature == nil {
                    day.rejection = .noTemperature
                } else if lowUsageDays.contains(d) {
                    day.rejection = .lowUsage
                } else if candidates.count >= m.candidateDays {
                    day.rejection = .beyondCandidates
                } else {
                    candidates.append(d)
                }
                decisions.append(day)
            }
            // low usage: drop and refill until stable
            guard let rule = m.lowUsage, passes < 100 else { break }
            let threshold: Int64?
            switch rule {
            case .belowShareOfBasis(let ppm):
                let means = candidates.compactMap { windowKW($0) }
                threshold = means.isEmpty ? nil : share(means.reduce(0, +), count: Int64(means.count), ppm: ppm)
            case .belowShareOfRecentPeak(let ppm, _):
                threshold = lowUsageSeed.map { share($0, count: 1, ppm: ppm) }
            }
            guard let threshold else { break }
            let newlyLow = candidates.filter { (windowKW($0) ?? 0) < threshold && !lowUsageDays.contains($0) }
            if newlyLow.isEmpty { break }
            lowUsageDays.formUnion(newlyLow)
        }
        // where the search stopped, when it ran out of look-back
        if candidates.count < m.candidateDays {
            var d = eventDay.adding(days: -(m.lookbackDays + 1))
            for _ in 0..<14 where !isLike(d, eventDay: eventDay, calendar: input.calendar) { d = d.adding(days: -1) }
            if profiles.covers(d) {
                decisions.append(decision(d, .outsideLookback))
            }
        }

        // 4: too few like days
        var pool = candidates
        var fallback: String? = nil
        var zero = false
        if candidates.count < m.minimumDays {
            let with = byTemperature ? " with a temperature" : ""
            let why = "\(candidates.count) like day(s)\(with) in the \(m.lookbackDays)-day look-back, fewer than the minimum \(m.minimumDays)"
            switch m.fallback {
            case .addEventDays:
                // a temperature ranking can only place event days that have a temperature
                let added = eventDaysSeen.filter { profiles.isComplete($0) && (!byTemperature || temperatures?[$0] != nil) }
                    .prefix(m.minimumDays - candidates.count)
                pool += added
                for a in added { if let i = decisions.firstIndex(where: { $0.date == a }) { decisions[i].addedByFallback = true } }
                fallback = "\(why): \(added.count) event day(s) added back, most recent first"
            case .zeroBaseline:
                zero = true
                fallback = "\(why): zero baseline (the resource is treated as a full-time market participant)"
            case .none:
                fallback = "\(why): no baseline"
            }
        }

        // 3: rank
        var chosen: [LocalDate]
        switch m.ranking {
        case .mostRecent:
            chosen = Array(pool.prefix(m.selectedDays))
        case .highestEventWindowLoad:
            // stable sort on load keeps the more recent day first among equals
            let ranked = pool.enumerated().sorted { a, b in
                let la = windowKW(a.element) ?? .min
                let lb = windowKW(b.element) ?? .min
                return la != lb ? la > lb : a.offset < b.offset
            }
            chosen = ranked.prefix(m.selectedDays).map(\.element)
        case .closestDailyMaxTemperature:
            guard byTemperature, let target = eventTmax, let temperatures else {
                chosen = Array(pool.prefix(m.selectedDays))  // the event day has no temperature: by recency
                break
            }
            // |Tmax(d) − Tmax(E)| exact in milli-°F; equal distances go to the more recent day
            func distance(_ d: LocalDate) -> UInt128 { (Int128(temperatures[d] ?? .max) - Int128(target)).magnitude }
            chosen = Array(pool.sorted { a, b in
                let (da, db) = (distance(a), distance(b))
                return da != db ? da < db : b < a
            }.prefix(m.selectedDays))
        }
        if zero || (m.fallback == .none && fallback != nil) { chosen = [] }
        if let why = noBaseline {
            fallback = [fallback, why].compactMap { $0 }.joined(separator: "; ")
            chosen = []
            zero = false
        }
        for (r, d) in chosen.enumerated() {
            if let i = decisions.firstIndex(where: { $0.date == d }) {
                decisions[i].rank = r + 1
                decisions[i].rejection = nil
            }
        }
        for i in decisions.indices where decisions[i].rank == nil && decisions[i].rejection == nil {
            decisions[i].rejection = .notSelected
        }

        // 5: average slot by slot
        var unadjusted = [Int64?](repeating: zero ? 0 : nil, count: profiles.slotsPerDay)
        if !chosen.isEmpty {
            for k in 0..<profiles.slotsPerDay {
                var sum: Int128 = 0
                var weight: Int128 = 0
                for (r, d) in chosen.enumerated() {
                    guard let v = profiles.value(d, k) else { continue }
                    let w = Int128(m.weightsPPM?[r] ?? 1)
                    sum += Int128(v) * w
                    weight += w
                }
                if weight > 0 { unadjusted[k] = Rounding.int64(Rounding.divideHalfAwayFromZero(sum, by: weight)) }
            }
        }

        // 6: adjust
        let actual = profiles.profile(eventDay) ?? [Int64?](repeating: nil, count: profiles.slotsPerDay)
        let (adjusted, audit) = adjust(unadjusted, actual: actual, windowSlots: windowSlots, zero: zero)
        var result = BaselineResult(
            method: m.name, eventDay: eventDay, slotMinutes: profiles.slotMinutes, eventSlots: eventSlots, days: decisions,
            selected: chosen, fallback: fallback, unadjusted: unadjusted, adjustment: audit, adjusted: adjusted, actual: actual)
        result.notes = Self.dataNotes(place, profiles: profiles, actual: actual) + notes
        result.eventDayMaxTemperature = eventTmax
        return result
    }

    /// Where an event falls on a day of slots: its local day (that of its start), its slots on that day (an
    /// event past midnight is cut there), the slot it ends in, and whether it runs into the next day.
    static func place(_ event: BaselineEvent, timeZone tz: MarketTimeZone, slotMinutes: Int, slotsPerDay: Int)
        -> (day: LocalDate, slots: Range<Int>, endSlot: Int, pastMidnight: Bool)
    {
        let startLocal = tz.localTime(event.start)
        let endLocal = tz.localTime(event.end)
        let day = startLocal.date
        let slotSeconds = slotMinutes * 60
        let firstSlot = startLocal.secondOfDay / slotSeconds
        let endSlot = endLocal.date == day ? (endLocal.secondOfDay + slotSeconds - 1) / slotSeconds : slotsPerDay
        let pastMidnight = endLocal.date != day && !(endLocal.date == day.adding(days: 1) && endLocal.secondOfDay == 0)
        return (day, firstSlot..<max(firstSlot, endSlot), endSlot, pastMidnight)
    }

    /// The notes every baseline result carries about the event day's own data: not in the meter data, event
    /// slots without actual data, an event cut at midnight.
    static func dataNotes(
        _ place: (day: LocalDate, slots: Range<Int>, endSlot: Int, pastMidnight: Bool), profiles: DayProfiles, actual: [Int64?]
    ) -> [String] {
        var notes: [String] = []
        if !profiles.covers(place.day) {
            notes.append("the event day \(place.day) is not in the meter data: no actual load, no performance")
        } else if place.slots.contains(where: { actual[$0] == nil }) {
            notes.append("\(place.slots.filter { actual[$0] == nil }.count) event slot(s) without actual data: no performance there")
        }
        if place.pastMidnight { notes.append("the event runs past midnight: only its slots on \(place.day) are baselined") }
        return notes
    }

    func isLike(_ d: LocalDate, eventDay: LocalDate, calendar: MarketCalendar) -> Bool {
        let holiday = calendar.holidays.contains(d)
        switch method.pool {
        case .weekdays: return !d.isWeekend && !holiday
        case .weekendsAndHolidays: return d.isWeekend || holiday
        case .saturdays: return d.weekday == 6 && !holiday
        case .sundaysAndHolidays: return d.weekday == 0 || holiday
        case .sameWeekdayName: return d.weekday == eventDay.weekday
        case .likeEventDay:
            let eventIsWeekday = !eventDay.isWeekend && !calendar.holidays.contains(eventDay)
            return eventIsWeekday ? (!d.isWeekend && !holiday) : (d.isWeekend || holiday)
        }
    }

    func rejection(_ d: LocalDate, eventDay: LocalDate, input: BaselineInput, profiles: DayProfiles) -> BaselineResult.Rejection? {
        let holiday = input.calendar.holidays.contains(d)
        if !isLike(d, eventDay: eventDay, calendar: input.calendar) {
            // a weekday holiday is "holiday", not merely another day type
            return holiday && method.excludeHolidays && !d.isWeekend ? .holiday : .notLikeDay
        }
        if holiday && method.excludeHolidays && method.pool != .weekendsAndHolidays && method.pool != .sundaysAndHolidays { return .holiday }
        if method.excludeEventDays && input.eventDays.contains(d) { return .eventDay }
        if method.excludeOutageDays && input.outageDays.contains(d) { return .outage }
        if !profiles.covers(d) || (method.excludeIncompleteDays && !profiles.isComplete(d)) { return .incompleteData }
        return nil
    }

    /// NYISO's seed: the highest slot load inside the event window over the like days (not holidays, event,
    /// outage or incomplete days) of the `days` before the event. Which days count is `[U]`; taking the like
    /// days reproduces the research note's EE-1 seed (11.96 kW on a Thursday, where all days would give a
    /// Saturday's 11.98 kW).
    func seed(_ input: BaselineInput, _ profiles: DayProfiles, eventDay: LocalDate, eventSlots: Range<Int>) -> Int64? {
        guard case .belowShareOfRecentPeak(_, let days) = method.lowUsage else { return nil }
        return (1...max(1, days)).compactMap { back -> Int64? in
            let d = eventDay.adding(days: -back)
            return rejection(d, eventDay: eventDay, input: input, profiles: profiles) == nil ? profiles.maximum(d, slots: eventSlots) : nil
        }.max()
    }

    func share(_ sum: Int64, count: Int64, ppm: Int64) -> Int64 {
        Rounding.int64(Rounding.divideHalfAwayFromZero(Int128(sum) * Int128(ppm), by: Int128(count) * 1_000_000))
    }

    func adjustmentSlots(eventStart: Int, eventEnd: Int, slotSeconds: Int, perDay: Int) -> [Int] {
        var slots = Set<Int>()
        let perHour = 3600 / slotSeconds
        for w in method.adjustmentWindows {
            let from = w.anchor == .beforeStart ? eventStart - w.offsetHours * perHour : eventEnd + w.offsetHours * perHour
            for k in from..<(from + w.hours * perHour) where k >= 0 && k < perDay { slots.insert(k) }
        }
        return slots.sorted()
    }

    func adjust(_ b: [Int64?], actual: [Int64?], windowSlots: [Int], zero: Bool) -> ([Int64?], BaselineResult.AdjustmentAudit) {
        var audit = BaselineResult.AdjustmentAudit(kind: .none, slots: windowSlots, actualSum: 0, baselineSum: 0, raw: 0, applied: 0, capped: false)
        let usable = windowSlots.filter { b[$0] != nil && actual[$0] != nil }
        let sa = usable.reduce(Int64(0)) { $0 + actual[$1]! }
        let sb = usable.reduce(Int64(0)) { $0 + b[$1]! }
        audit.actualSum = sa
        audit.baselineSum = sb
        if usable.count < windowSlots.count { audit.note = "\(windowSlots.count - usable.count) window slot(s) without data left out" }
        switch method.adjustment {
        case .none:
            return (b, audit)
        case .multiplicative(let cap):
            audit.kind = .multiplicative
            guard !zero, sb != 0, !usable.isEmpty else {
                audit.raw = 1_000_000
                audit.applied = 1_000_000
                audit.note = [audit.note, "no baseline over the window: factor 1"].compactMap { $0 }.joined(separator: "; ")
                return (b, audit)
            }
            // factor = num / den, exact; the cap replaces it by (10⁶ ± cap) / 10⁶
            var num = Int128(sa)
            var den = Int128(sb)
            audit.raw = Rounding.int64(Rounding.divideHalfAwayFromZero(num * 1_000_000, by: den))
            if let cap {
                if num * 1_000_000 > den * Int128(1_000_000 + cap) {
                    (num, den, audit.capped) = (Int128(1_000_000 + cap), 1_000_000, true)
                } else if num * 1_000_000 < den * Int128(1_000_000 - cap) {
                    (num, den, audit.capped) = (Int128(1_000_000 - cap), 1_000_000, true)
                }
            }
            audit.applied = Rounding.int64(Rounding.divideHalfAwayFromZero(num * 1_000_000, by: den))
            return (b.map { $0.map { Rounding.int64(Rounding.divideHalfAwayFromZero(Int128($0) * num, by: den)) } }, audit)
        case .additive(let cap):
            audit.kind = .additive
            guard !zero, !usable.isEmpty else { return (b, audit) }
            // offset = (Σa − Σb) / n, exact; adjusted = (b·n + Σa − Σb) / n
            let n = Int128(usable.count)
            var diff = Int128(sa) - Int128(sb)
            audit.raw = Rounding.int64(Rounding.divideHalfAwayFromZero(diff, by: n))
            if let cap {
                let limit = Int128(sb) * Int128(cap) / 1_000_000  // n × cap × mean baseline
                if diff > limit { (diff, audit.capped) = (limit, true) } else if diff < -limit { (diff, audit.capped) = (-limit, true) }
            }
            audit.applied = Rounding.int64(Rounding.divideHalfAwayFromZero(diff, by: n))
            return (b.map { $0.map { Rounding.int64(Rounding.divideHalfAwayFromZero(Int128($0) * n + diff, by: n)) } }, audit)
        }
    }
}
