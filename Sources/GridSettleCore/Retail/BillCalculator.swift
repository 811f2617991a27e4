/// Computes retail bills from interval data: one pass over each billing cycle gathers the determinants
/// (``CycleDeterminants``), then ``price(_:cycle:label:history:pairedStorage:)`` turns them into lines.
///
/// Algorithm (research valuation_and_tariffs.md §2.5, checked against NREL SAM in the PySAM oracle tests):
/// - energy: each interval goes to the TOU period of its local start hour (holidays as weekends when the
///   tariff says so); tiers split the cycle's kWh, by default in proportion to each period's usage (SAM);
/// - demand: intervals averaged over the demand window first; TOU demand is the highest window in each
///   period, summed across periods; facility demand is the cycle's highest window, raised to the ratchet
///   and minimum billing demand; coincident demand is taken over the coincident hours;
/// - fixed and minimum charges per month, day (cycle days) or year; exports per the tariff's export rule.
/// Each line is exact in µ$ and rounded once to cents; the bill total is the sum of rounded lines.
public struct BillCalculator: Sendable {
    public var tariff: Tariff
    public var calendar: MarketCalendar

    public init(tariff: Tariff, calendar: MarketCalendar) {
        if let problem = tariff.scheduleProblem { preconditionFailure("tariff \(tariff.label): \(problem)") }
        self.tariff = tariff
        self.calendar = calendar
    }

    /// The bill of one cycle. `history` holds earlier cycles' actual peaks (oldest first) for the ratchet.
    public func bill(_ input: BillInput, cycle: BillingCycle, label: String, history: [DemandHistoryEntry] = []) -> RetailBill {
        let d = determinants(input, cycle: cycle)
        var bill = price(d, cycle: cycle, label: label, history: history, pairedStorage: input.pairedStorage)
        if tariff.exportRule == .buyAllSellAll && input.generation == nil {
            bill.notes.append("buy-all/sell-all without a generation channel: billed on net imports, exports credited at the sell price")
        }
        if (input.pairedStorage == .pvMeter || input.pairedStorage == .noGridExport) && input.generation == nil {
            bill.notes.append("F4.5/F4.6: no PV meter channel, so exports could not be limited to PV output")
        }
        return bill
    }

    /// Bills consecutive cycles, carrying the demand history for ratchets (seeded with `priorHistory`, e.g.
    /// last year's peaks) and applying a `$/year` minimum charge on the last cycle of each bill year.
    public func bills(
        _ input: BillInput, cycles: [BillingCycle], priorHistory: [DemandHistoryEntry] = [], label: (BillingCycle) -> String = { $0.description }
    ) -> [RetailBill] {
        var history = priorHistory
        var out: [RetailBill] = []
        for c in cycles {
            let b = bill(input, cycle: c, label: label(c), history: history)
            history.append(DemandHistoryEntry(billMonth: c.billMonth, peak: b.demand.actualPeak ?? 0))
            out.append(b)
        }
        if tariff.minimumCharge.unit == .perYear && tariff.minimumCharge.amount > 0 {
            applyAnnualMinimum(&out)
        }
        return out
    }

    /// `$/year` minimum: if a bill year's charges fall short of it, the year's last bill (the one billed in
    /// December) carries the top-up. A bill year the cycles do not reach the end of is not assessed: its
    /// last bill says so, since part of the year's charges are not known here.
    func applyAnnualMinimum(_ bills: inout [RetailBill]) {
        var i = 0
        while i < bills.count {
            let year = bills[i].year
            var j = i
            var sum: Int64 = 0
            while j < bills.count && bills[j].year == year {
                sum += bills[j].lines.reduce(0) { $0 + $1.amountMicros }
                j += 1
            }
            let minimum = tariff.minimumCharge.amount
            if bills[j - 1].month != 12 {
                bills[j - 1].notes.append(
                    "annual minimum charge \(Money(micros: minimum)) not assessed: the bills end before the \(year) bill year does")
            } else if sum < minimum {
                bills[j - 1].lines.append(
                    BillLine(
                        kind: .minimum, code: "MINIMUM-ANNUAL",
                        description: "Annual minimum charge top-up (\(year) charges \(Money(micros: sum)) below \(Money(micros: minimum)))",
                        quantity: 1_000_000, quantityUnit: "year", unitPrice: minimum - sum, priceUnit: "$/year",
                        amountMicros: minimum - sum, rule: "TARIFF-MINIMUM", runs: []))
            }
            i = j
        }
    }

    /// Bills `netImport` (µkWh per interval, negative = export) for the local calendar month `year-month`.
    public func bill(netImport: EnergySeries, year: Int, month: Int, label: String) -> RetailBill {
        bill(BillInput(netImport: netImport), cycle: .calendarMonth(year: year, month: month), label: label)
    }

    /// A line amount in µ$ from an exact product in 10⁻¹² $ (µkWh × µ$/kWh or µkW × µ$/kW).
    ///
    /// Rounded half away from zero to µ$, except that the result always rounds to the same cents as the
    /// exact product: rounding to µ$ first can land exactly on a half cent the exact amount does not reach
    /// (0.0049999996 $ → 0.005000 $ → 0.01 $, where the exact amount is 0.00 $), which would round twice.
    /// Then the µ$ amount is moved one µ$ toward zero, so the line is still rounded once to cents.
    static func lineAmountMicros(_ picoDollars: Int128) -> Int64 {
        var micros = Rounding.divideHalfAwayFromZero(picoDollars, by: 1_000_000)
        let exactCents = Rounding.divideHalfAwayFromZero(picoDollars, by: 10_000_000_000)
        if Rounding.divideHalfAwayFromZero(micros, by: 10_000) != exactCents { micros += micros > 0 ? -1 : 1 }
        return Rounding.int64(micros)
    }

    func isWeekendForTariff(_ date: LocalDate) -> Bool { isWeekendForTariff(date, daysSinceEpoch: date.daysSinceEpoch) }

    /// The same, for a day loop that already knows the day number.
    func isWeekendForTariff(_ date: LocalDate, daysSinceEpoch: Int64) -> Bool {
        let weekday = LocalDate.weekday(daysSinceEpoch: daysSinceEpoch)
        let weekend = weekday == 0 || weekday == 6
        if weekend || !tariff.holidaysAsWeekends || calendar.holidays.isEmpty { return weekend }
        return calendar.holidays.contains(date)
    }

    /// The TOU energy period in force at `instant`: the schedule of its local month and start hour, weekday
    /// or weekend (holidays per ``Tariff/holidaysAsWeekends``). Billing, lineage and retail valuation all
    /// use this one lookup.
    public func energyPeriod(at instant: Instant) -> Int {
        let local = calendar.timeZone.localTime(instant)
        let s = isWeekendForTariff(local.date) ? tariff.energy.weekendSchedule : tariff.energy.weekdaySchedule
        return s[local.date.month - 1][local.hour]
    }

    /// The first-tier energy rate (µ$/kWh) in force at `instant`: the marginal retail price of a kWh.
    public func energyRate(at instant: Instant) -> Int64 { tariff.energy.periods[energyPeriod(at: instant)][0].price }
}
