/// How a chosen day entered a forecast's pool.
public enum LikeDayTier: String, Sendable, Hashable, Codable {
    /// The target's own day type (weekday, weekend or holiday).
    case sameDayType = "same day type"
    /// A weekend day borrowed for a holiday target (``InterfaceForecastMethod/Fallback/widen``).
    case weekendForHoliday = "weekend day for a holiday"
    /// A day of any type, borrowed because too few like days qualified (``InterfaceForecastMethod/Fallback/widen``).
    case anyDayType = "any day type"
}

/// Every day of the look-back and what became of it, so an analyst can redo the forecast by hand.
public struct ForecastDayDecision: Sendable, Hashable {
    public enum Use: Sendable, Hashable {
        case selected(LikeDayTier)
        /// A missing interval, or the day is not (wholly) in the history.
        case incomplete
        /// In the input's excluded days.
        case excluded
        /// Another day type, and the pool was not widened to it.
        case otherDayType
        /// A usable like day past the N most recent.
        case beyondLikeDays
        /// Usable, but fewer than the minimum number of days qualified, so none was used.
        case tooFewDays
    }

    public var date: LocalDate
    public var dayType: DayType
    public var use: Use
}

/// The like-day walk shared by the gross/net load (like days by day type) and by PV (most recent days of any
/// type): one rule for both, so the audit reads the same.
struct LikeDaySelection: Sendable {
    /// Chosen days in the order chosen: by tier, most recent first within a tier.
    var chosen: [LocalDate]
    var tiers: [LikeDayTier]
    /// Every day of the look-back, most recent first.
    var decisions: [ForecastDayDecision]
    /// At least the minimum number of days was found; otherwise ``chosen`` is empty.
    var enough: Bool
    var notes: [String]

    /// Walks `target − skip − 1` back to `target − lookback`. `eligible(d)` is nil for a usable day, or why
    /// not (``ForecastDayDecision/Use/incomplete`` or ``ForecastDayDecision/Use/excluded``). With
    /// `anyDayType` every day is a like day (PV).
    static func select(
        target: LocalDate, calendar: MarketCalendar, method: InterfaceForecastMethod, count: Int, anyDayType: Bool,
        eligible: (LocalDate) -> ForecastDayDecision.Use?
    ) -> LikeDaySelection {
        let days = ((method.skipDaysBeforeTarget + 1)...method.lookbackDays).map { target.adding(days: -$0) }
        let targetType = calendar.dayType(target)
        var chosen: [LocalDate] = []
        var tiers: [LikeDayTier] = []
        var taken = Set<LocalDate>()
        var notes: [String] = []
        let minimum = min(method.minimumDays, count)

        func take(_ tier: LikeDayTier, _ matches: (LocalDate) -> Bool) {
            for d in days where chosen.count < count && !taken.contains(d) && matches(d) && eligible(d) == nil {
                chosen.append(d)
                tiers.append(tier)
                taken.insert(d)
            }
        }

        take(anyDayType ? .anyDayType : .sameDayType) { anyDayType || calendar.dayType($0) == targetType }
        let ownCount = chosen.count
        if !anyDayType && chosen.count < minimum && method.fallback == .widen {
            if targetType == .holiday {
                take(.weekendForHoliday) { calendar.dayType($0) == .weekend }
            }
            if chosen.count < minimum { take(.anyDayType) { _ in true } }
            if chosen.count > ownCount {
                notes.append(
                    "\(ownCount) \(targetType.rawValue) like day(s) in the \(method.lookbackDays)-day look-back, fewer than the minimum \(minimum): "
                        + "\(chosen.count - ownCount) day(s) of other types borrowed (\(Set(tiers.dropFirst(ownCount)).map(\.rawValue).sorted().joined(separator: ", ")))")
            }
        }
        let enough = chosen.count >= minimum
        let found = Set(chosen)
        if !enough {
            let what = anyDayType ? "complete day(s)" : "like day(s)"
            notes.append("\(chosen.count) \(what) in the \(method.lookbackDays)-day look-back, fewer than the minimum \(minimum)")
            chosen = []
            tiers = []
        }

        var decisions: [ForecastDayDecision] = []
        decisions.reserveCapacity(days.count)
        for d in days {
            let type = calendar.dayType(d)
            let use: ForecastDayDecision.Use
            if let i = chosen.firstIndex(of: d) {
                use = .selected(tiers[i])
            } else if found.contains(d) {
                use = .tooFewDays
            } else if let why = eligible(d) {
                use = why
            } else if anyDayType || type == targetType {
                use = .beyondLikeDays
            } else {
                use = .otherDayType
            }
            decisions.append(ForecastDayDecision(date: d, dayType: type, use: use))
        }
        return LikeDaySelection(chosen: chosen, tiers: tiers, decisions: decisions, enough: enough, notes: notes)
    }
}
