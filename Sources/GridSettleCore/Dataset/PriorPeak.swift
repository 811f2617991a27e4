/// The billed peak demand of a month before the first month a site is settled from its site file
/// (`tariff.priorPeaks` in site.json): what a demand ratchet looks back on when GridSettle has not settled those
/// months itself, e.g. the utility's billing history of the year before. Without them the first month's ratchet would
/// see no earlier peak and bill demand too low.
///
/// They seed all three bills the engine prices (as metered, with the add-back, without retail peak shaving): before
/// the first month GridSettle settles, the customer's billed peaks are the only history there is. A later month of a
/// portfolio carries its own history instead ([dataset-format.md](dataset-format.md) §9 "Consecutive months").
public struct PriorPeak: Codable, Sendable, Hashable {
    /// `YYYY-MM`, the bill month.
    public var month: String
    /// kW, 0…1 GW.
    public var kW: Double

    public init(month: String, kW: Double) {
        self.month = month
        self.kW = kW
    }

    /// At most ten years of months: more than any ratchet looks back on (SCE's is eleven months).
    public static let maximumCount = 120

    /// The month, when it is `YYYY-MM` in the years a dataset may have.
    public var yearMonth: YearMonth? { YearMonth(month) }

    /// What is wrong with a site's prior peaks, independent of the period: each month `YYYY-MM` in the dataset years,
    /// each kW in range, the months consecutive and ascending, at most ``maximumCount``.
    static func issues(_ peaks: [PriorPeak], location: String) -> [DatasetIssue] {
        var out: [DatasetIssue] = []
        if peaks.count > maximumCount {
            out.append(DatasetIssue(location: location, field: "tariff.priorPeaks", value: "\(peaks.count) months", expected: "at most \(maximumCount) months"))
        }
        var previous: YearMonth? = nil
        for (i, p) in peaks.enumerated() {
            guard let ym = p.yearMonth else {
                out.append(DatasetIssue(location: location, field: "tariff.priorPeaks[\(i)].month", value: p.month,
                                        expected: "a month YYYY-MM in the years \(DatasetRanges.periodYears.lowerBound)…\(DatasetRanges.periodYears.upperBound)"))
                previous = nil
                continue
            }
            if !DatasetRanges.holds(DatasetRanges.powerKW, p.kW) {
                out.append(DatasetIssue(location: location, field: "tariff.priorPeaks[\(i)].kW", value: String(p.kW), expected: "kW between 0 and 1000000 (1 GW)"))
            }
            if let previous, ym != previous.next {
                out.append(DatasetIssue(location: location, field: "tariff.priorPeaks[\(i)].month", value: p.month,
                                        expected: "the month after \(peaks[i - 1].month): prior peaks are consecutive months in order"))
            }
            previous = ym
        }
        return out
    }

    /// The demand history a site file opens with: the prior peaks as bill months with µkW peaks. Refused when they
    /// do not end with the month just before `period` starts (a ratchet counts months back from the period, so a
    /// missing month or one inside the period would move the floor).
    static func history(_ peaks: [PriorPeak], before period: SettlementPeriod, location: String) throws(DatasetInvalid) -> [DemandHistoryEntry] {
        guard let last = peaks.last else { return [] }
        let wanted = YearMonth(year: period.start.year, month: period.start.month).previous
        guard last.yearMonth == wanted else {
            let expected = wanted.description
            throw DatasetInvalid(issues: [
                DatasetIssue(location: location, field: "tariff.priorPeaks", value: "ends \(last.month)",
                             expected: "months ending \(expected), the month before \(period.start) where the site is first settled from its site file")
            ])
        }
        // kW validated to 0…1 GW; the threshold conversion cannot trap even on a value that was not
        return peaks.compactMap { p in p.yearMonth.map { DemandHistoryEntry(billMonth: $0.month, peak: Units.microThreshold(p.kW)) } }
    }
}
