/// The similar-day interface forecaster (``InterfaceForecastMethod`` describes the method step by step).
///
/// Built on the DR baselines' ``DayProfiles``, which already cut a series into local days of wall-clock
/// slots with the DST rule the engine tests (the skipped hour has no value, the repeated hour is averaged,
/// neither makes a day incomplete). The day-matching engine itself (``DayMatchingBaseline``) is not reused:
/// its pools, event-window rankings, same-day adjustments and zero-baseline fallback are rules of DR
/// settlement, while a forecast needs the weekday/weekend/holiday split, a per-member PV pool and a
/// "never zero" fallback.
///
/// Only days strictly before the target (and before the skipped days) are ever read, so a forecast of a
/// day in the history equals one made before that day happened; ``InterfaceForecastBacktest`` relies on it.
public struct InterfaceForecaster: Sendable {
    public let method: InterfaceForecastMethod
    /// Time zone (local days and slots) and holidays (day types).
    public let calendar: MarketCalendar

    public init(method: InterfaceForecastMethod = .standard, calendar: MarketCalendar) throws(InterfaceForecastError) {
        if let p = method.problem { throw InterfaceForecastError(message: "interface forecast: \(p)") }
        self.method = method
        self.calendar = calendar
    }

    /// Cuts the input's series into local days of slots once.
    public func prepare(_ input: InterfaceForecastInput) throws(InterfaceForecastError) -> PreparedInterfaceForecastInput {
        let slotMinutes = method.slotMinutes ?? Int(input.netLoad.grid.seconds / 60)
        let slotSeconds = Int64(slotMinutes) * 60
        func check(_ s: EnergySeries, _ what: String) throws(InterfaceForecastError) {
            let step = s.grid.seconds
            guard slotSeconds >= step, slotSeconds % step == 0, 3600 % slotSeconds == 0 else {
                throw InterfaceForecastError(
                    message: "\(input.interface): \(what) has \(step)-s intervals, which do not divide the \(slotMinutes)-minute slot")
            }
        }
        try check(input.netLoad, "the net load")
        for m in input.pv {
            try check(m.output, "PV member \(m.id)'s output")
            if let f = m.forecast { try check(f, "PV member \(m.id)'s forecast") }
        }
        let tz = calendar.timeZone
        return PreparedInterfaceForecastInput(
            input: input, slotMinutes: slotMinutes,
            net: DayProfiles(input.netLoad, timeZone: tz, slotMinutes: slotMinutes),
            pv: input.pv.map { DayProfiles($0.output, timeZone: tz, slotMinutes: slotMinutes) },
            pvForecast: input.pv.map { $0.forecast.map { DayProfiles($0, timeZone: tz, slotMinutes: slotMinutes) } })
    }

    public func forecast(_ input: InterfaceForecastInput, day: LocalDate) throws(InterfaceForecastError) -> InterfaceForecast {
        forecast(try prepare(input), day: day)
    }

    /// The forecast of `day` from the prepared history (only days before it are read).
    public func forecast(_ p: PreparedInterfaceForecastInput, day: LocalDate) -> InterfaceForecast {
        let tz = calendar.timeZone
        let slotSeconds = Int64(p.slotMinutes) * 60
        let bounds = tz.dayBounds(day)
        let grid = IntervalGrid(start: bounds.start, end: bounds.end, seconds: slotSeconds)
        let slots = (0..<grid.count).map { tz.localTime(grid.startOf($0)).secondOfDay / Int(slotSeconds) }
        let input = p.input
        var notes: [String] = []

        // PV split: gross-load like days need the net and every member complete; each member needs its PV
        // days or a supplied forecast for every slot of the day
        if !input.pv.isEmpty {
            let gross = LikeDaySelection.select(
                target: day, calendar: calendar, method: method, count: method.likeDays, anyDayType: false
            ) { d in
                if input.excludedDays.contains(d) { return .excluded }
                return p.net.isComplete(d) && p.pv.allSatisfy { $0.isComplete(d) } ? nil : .incomplete
            }
            let pvSelections = input.pv.indices.map { m in
                LikeDaySelection.select(target: day, calendar: calendar, method: method, count: method.pvDays, anyDayType: true) { d in
                    if input.pv[m].excludedDays.contains(d) { return .excluded }
                    return p.pv[m].isComplete(d) ? nil : .incomplete
                }
            }
            let unforecastablePV = input.pv.indices.filter { m in
                !pvSelections[m].enough && !slots.allSatisfy { p.pvForecast[m]?.value(day, $0) != nil }
            }
            if gross.enough && unforecastablePV.isEmpty {
                return grossMinusPV(p, day: day, grid: grid, slots: slots, gross: gross, pvSelections: pvSelections)
            }
            var why: [String] = []
            if !gross.enough { why.append("gross load: " + gross.notes.joined(separator: "; ")) }
            for m in unforecastablePV {
                why.append("PV member \(input.pv[m].id): " + pvSelections[m].notes.joined(separator: "; ") + ", and no supplied forecast for every slot")
            }
            notes.append("PV not forecast apart (\(why.joined(separator: "; "))): net load forecast directly")
        }

        let sel = LikeDaySelection.select(target: day, calendar: calendar, method: method, count: method.likeDays, anyDayType: false) { d in
            if input.excludedDays.contains(d) { return .excluded }
            return p.net.isComplete(d) ? nil : .incomplete
        }
        notes += sel.notes
        var net = [Int64?](repeating: nil, count: grid.count)
        var contributing = [Int](repeating: 0, count: grid.count)
        var reasons = [InterfaceForecast.Unforecastable?](repeating: nil, count: grid.count)
        for i in 0..<grid.count {
            guard sel.enough else {
                reasons[i] = .tooFewLikeDays
                continue
            }
            let (mean, n) = Self.mean(sel.chosen) { p.net.value($0, slots[i]) }
            net[i] = mean
            contributing[i] = n
            if mean == nil { reasons[i] = .noHistoryInSlot }
        }
        return InterfaceForecast(
            interface: input.interface, day: day, mode: .netLoad, grid: grid, slotMinutes: p.slotMinutes, slots: slots,
            netMicroKW: net, grossMicroKW: nil, pv: [], likeDays: sel.chosen, likeDayTiers: sel.tiers, decisions: sel.decisions,
            contributingDays: contributing, reasons: reasons, notes: notes + Self.slotNotes(reasons))
    }

    func grossMinusPV(
        _ p: PreparedInterfaceForecastInput, day: LocalDate, grid: IntervalGrid, slots: [Int], gross: LikeDaySelection,
        pvSelections: [LikeDaySelection]
    ) -> InterfaceForecast {
        let input = p.input
        var notes = gross.notes
        var grossKW = [Int64?](repeating: nil, count: grid.count)
        var net = [Int64?](repeating: nil, count: grid.count)
        var contributing = [Int](repeating: 0, count: grid.count)
        var reasons = [InterfaceForecast.Unforecastable?](repeating: nil, count: grid.count)
        var members = input.pv.indices.map { m in
            InterfaceForecast.PVMember(
                id: input.pv[m].id, microKW: [Int64?](repeating: nil, count: grid.count),
                source: [InterfaceForecast.PVSource?](repeating: nil, count: grid.count), days: pvSelections[m].chosen)
        }
        var fellBack = [Int](repeating: 0, count: input.pv.count)
        for i in 0..<grid.count {
            let k = slots[i]
            // gross(d, k) = net(d, k) + Σ PV(d, k): a day counts in the slot only if all of them have a value
            let (g, n) = Self.mean(gross.chosen) { d in
                guard var v = p.net.value(d, k) else { return nil }
                for pv in p.pv {
                    guard let x = pv.value(d, k) else { return nil }
                    v += x
                }
                return v
            }
            grossKW[i] = g
            contributing[i] = n
            var sumPV: Int64? = 0
            for m in input.pv.indices {
                var v: Int64? = nil
                if let f = p.pvForecast[m]?.value(day, k) {
                    v = f
                    members[m].source[i] = .supplied
                } else if pvSelections[m].enough, let s = Self.mean(pvSelections[m].chosen, { p.pv[m].value($0, k) }).mean {
                    v = s
                    members[m].source[i] = .similarDays
                    if p.pvForecast[m] != nil { fellBack[m] += 1 }
                }
                members[m].microKW[i] = v
                if v == nil && reasons[i] == nil && g != nil { reasons[i] = .pvUnforecastable(member: input.pv[m].id) }
                sumPV = v.flatMap { x in sumPV.map { $0 + x } }
            }
            if g == nil { reasons[i] = .noHistoryInSlot }
            if let g, let s = sumPV { net[i] = g - s }
        }
        for m in input.pv.indices where fellBack[m] > 0 {
            notes.append("PV member \(input.pv[m].id): the supplied forecast has no value in \(fellBack[m]) interval(s): similar days used there")
        }
        return InterfaceForecast(
            interface: input.interface, day: day, mode: .grossLoadMinusPV, grid: grid, slotMinutes: p.slotMinutes, slots: slots,
            netMicroKW: net, grossMicroKW: grossKW, pv: members, likeDays: gross.chosen, likeDayTiers: gross.tiers,
            decisions: gross.decisions, contributingDays: contributing, reasons: reasons, notes: notes + Self.slotNotes(reasons))
    }

    /// Mean µkW over the days that have a value, rounded half away from zero, and how many had one.
    static func mean(_ days: [LocalDate], _ value: (LocalDate) -> Int64?) -> (mean: Int64?, count: Int) {
        var sum: Int128 = 0
        var n = 0
        for d in days {
            if let v = value(d) {
                sum += Int128(v)
                n += 1
            }
        }
        return n == 0 ? (nil, 0) : (Rounding.int64(Rounding.divideHalfAwayFromZero(sum, by: Int128(n))), n)
    }

    static func slotNotes(_ reasons: [InterfaceForecast.Unforecastable?]) -> [String] {
        var out: [String] = []
        let noHistory = reasons.filter { $0 == .noHistoryInSlot }.count
        if noHistory > 0 { out.append("\(noHistory) interval(s) unforecastable: no like day has a value in their slot") }
        let pv = reasons.compactMap { r -> String? in
            if case .pvUnforecastable(let m)? = r { return m }
            return nil
        }
        if !pv.isEmpty {
            out.append("\(pv.count) interval(s) unforecastable: no PV forecast for member(s) \(Set(pv).sorted().joined(separator: ", "))")
        }
        return out
    }
}
