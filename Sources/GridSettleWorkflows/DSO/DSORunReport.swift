import GridSettleCore
import GridSettleFormats

/// Everything a DSO run produces (``DSORun``), and its CSV and summary text. Every CSV goes through
/// ``CSVWriter`` (member, interface and order ids are the dataset's text); the `…Rows` hold rows already
/// encoded by ``CSVWriter/record(_:)``, collected while the interfaces settle.
public struct DSORunReport: Sendable {
    public let dataset: DSODataset
    public internal(set) var settlements: [(unit: DSODataset.InterfaceUnit, aggregation: DERAggregation, settlement: DSOSettlement)] = []
    /// Per settled interface: local volume, trades, ISO trades, intervals cleared, fee.
    var market: [String: (local: Int64, trades: Int, iso: Int, intervals: Int, fee: Money)] = [:]
    var tradeRows: [String] = []
    /// Order indices by interface and interval, in file order (time priority).
    let orderBuckets: [String: [[Int]]]
    var forecastRows: [String] = []
    var backtestRows: [String] = []
    var backtestSummary: [String: String] = [:]
    var dispatchRows: [String] = []
    var dispatchSummary: [String: String] = [:]
    /// Problems met on the way that did not stop the run (an interval whose local market could not clear, an
    /// interface without a forecast or dispatch), in the order met; `gridsettle dso` prints them on standard error.
    public internal(set) var problems: [String] = []

    init(dataset: DSODataset) {
        self.dataset = dataset
        let o = dataset.orders
        var buckets: [String: [[Int]]] = [:]
        for k in 0..<o.count {
            let itf = dataset.members[Int(o.member[k])].der.interface
            if buckets[itf] == nil { buckets[itf] = Array(repeating: [], count: dataset.grid.count) }
            buckets[itf]![Int(o.interval[k])].append(k)
        }
        self.orderBuckets = buckets
    }

    static func money(_ m: Money) -> String {
        FixedPointFormat.decimal(m.micros, scale: 6, fractionDigits: m.micros % 10_000 == 0 ? 2 : 6)
    }
    static func kwh(_ micro: Int64) -> String { FixedPointFormat.decimal(micro, scale: 6, fractionDigits: 3) }
    static func price(_ micro: Int64) -> String { FixedPointFormat.decimal(micro, scale: 6, fractionDigits: 2) }

    // MARK: local market

    /// One interface's local market over the period: the ledger that goes into the settlement input, and the
    /// trade rows and statistics that are recorded once the interface has settled.
    struct LocalMarketRun {
        var ledger: LocalMarketLedger
        var rows: [String] = []
        var stats: (local: Int64, trades: Int, iso: Int, intervals: Int, fee: Money) = (0, 0, 0, 0, .zero)
        var problems: [String] = []
    }

    /// Clears `unit`'s local market in every interval that has orders, with the interface's FMM LMP as the ISO
    /// outside option (buy and sell at the LMP, ``LocalOutsideOption/lmp(_:)``), and collects the local trades
    /// in a ``LocalMarketLedger``. Nil when the DSO has no local market, or the interface no orders or prices.
    ///
    /// Only the local trades go into the ledger. The ISO fills (`trade` = `iso` in local-market-trades.csv) are
    /// not paid again: that energy flows through the member's meter and F5.2/F5.4/F5.6 settle it from there.
    func clearLocalMarket(_ unit: DSODataset.InterfaceUnit, _ aggregation: DERAggregation) -> LocalMarketRun? {
        let d = dataset
        let o = d.orders
        guard unit.dso.localMarket.enabled, let b = orderBuckets[unit.interface.id], let prices = d.interfacePrices[unit.interface.id]
        else { return nil }
        var run = LocalMarketRun(ledger: LocalMarketLedger(grid: d.grid))
        for t in 0..<d.grid.count where !b[t].isEmpty {
            let orders = b[t].map { k in
                LocalOrder(id: "orders.csv:\(o.line[k])", memberID: d.members[Int(o.member[k])].id, side: o.side[k],
                           quantityMicroKWh: o.microKWh[k], limitMicroPrice: o.limitMicroPrice[k])
            }
            let start = d.grid.startOf(t)
            let prefix = [unit.dso.id, unit.interface.id, start.description, String(d.grid.seconds / 60)]
            do {
                let c = try LocalMarket.clear(aggregation, orders: orders, outside: .lmp(prices.fmmMicroPrice[t]))
                run.ledger.record(c, interval: t)
                run.stats.intervals += 1
                for tr in c.trades {
                    run.rows.append(CSVWriter.record(prefix + [
                        "local", tr.sellerID, tr.buyerID, tr.sellerOrderID, tr.buyerOrderID, Self.kwh(tr.quantityMicroKWh), Self.price(tr.buyerMicroPrice),
                        Self.price(tr.sellerMicroPrice), Self.money(tr.buyerPays), Self.money(tr.sellerReceives), Self.money(tr.fee), c.check.status.rawValue,
                    ]))
                    run.stats.local += tr.quantityMicroKWh
                    run.stats.trades += 1
                    run.stats.fee += tr.fee
                }
                for iso in c.isoTrades {
                    let sells = iso.side == .offer
                    run.rows.append(CSVWriter.record(prefix + [
                        "iso", sells ? iso.memberID : "ISO", sells ? "ISO" : iso.memberID, sells ? iso.orderID : "", sells ? "" : iso.orderID,
                        Self.kwh(iso.quantityMicroKWh), Self.price(iso.microPrice), Self.price(iso.microPrice), Self.money(iso.amount), Self.money(iso.amount),
                        "0.00", c.check.status.rawValue,
                    ]))
                    run.stats.iso += 1
                }
            } catch {
                run.problems.append("\(unit.dso.id)/\(unit.interface.id) \(start): local market not cleared: \(error)")
            }
        }
        return run
    }

    /// Keeps a settled interface's trade rows and statistics.
    mutating func record(_ run: LocalMarketRun, interfaceID: String) {
        tradeRows += run.rows
        market[interfaceID] = run.stats
    }

    // MARK: forecast

    /// Forecasts each interface's net load for the day after the period from its history (gross load minus
    /// the interface's PV), and backtests the method on the last 7 history days.
    mutating func forecast() -> String? {
        let d = dataset
        let years = (d.period.start.year - 1)...(d.period.end.year + 1)
        let calendar = MarketCalendar(timeZone: d.zone, holidays: MarketCalendar.nercHolidays(years: years))
        guard let forecaster = try? InterfaceForecaster(method: .standard, calendar: calendar) else { return "forecast: method invalid" }
        let target = d.period.end
        for dso in d.dsos {
            for itf in dso.interfaces {
                guard let h = d.history[itf.id] else { continue }
                let input = InterfaceForecastInput(
                    interface: itf.id, netLoad: h.netLoad, pv: [ForecastPVMember(id: "\(itf.id)-PV", output: h.pv)])
                do {
                    let f = try forecaster.forecast(input, day: target)
                    let pvByInterval = f.pv.first?.microKW ?? []
                    for i in 0..<f.grid.count {
                        let net = f.netMicroKW[i].map { Self.kwh($0) } ?? ""
                        let gross = f.grossMicroKW?[i].map { Self.kwh($0) } ?? ""
                        let pv = i < pvByInterval.count ? (pvByInterval[i].map { Self.kwh($0) } ?? "") : ""
                        forecastRows.append(CSVWriter.record([
                            dso.id, itf.id, f.grid.startOf(i).description, String(f.grid.seconds / 60), net, gross, pv, f.mode.rawValue, String(f.likeDays.count),
                        ]))
                    }
                    // the last 7 complete local days of history
                    var days: [LocalDate] = []
                    var day = d.zone.localTime(h.netLoad.grid.end.adding(seconds: -1)).date
                    while days.count < 7 {
                        let b = d.zone.dayBounds(day)
                        if b.start < h.netLoad.grid.start { break }
                        if b.end <= h.netLoad.grid.end { days.append(day) }
                        day = day.adding(days: -1)
                    }
                    let bt = try InterfaceForecastBacktest.run([input], heldBackDays: days, forecaster: forecaster)[0]
                    for day in bt.days { backtestRows.append(Self.backtestRow(dso.id, itf.id, String(describing: day.day), day.intervals, day.unforecastable, day.missingActual, day.metrics)) }
                    backtestRows.append(Self.backtestRow(dso.id, itf.id, "all", bt.days.reduce(0) { $0 + $1.intervals }, bt.unforecastable, bt.missingActual, bt.metrics))
                    if let m = bt.metrics {
                        backtestSummary[itf.id] = "backtest \(bt.days.count) d: MAE \(Self.kwh(m.meanAbsoluteErrorMicroKW)) kW, RMSE \(Self.kwh(m.rootMeanSquareErrorMicroKW)) kW" + (m.meanAbsolutePercentageErrorPPM.map { ", MAPE \(FixedPointFormat.decimal($0, scale: 4, fractionDigits: 2)) %" } ?? "")
                    }
                } catch {
                    problems.append("\(itf.id): forecast: \(error)")
                }
            }
        }
        return forecastRows.isEmpty ? "forecast: no interface history (interface_history.csv)" : "forecast: \(target) (day after the period), similar days, gross load minus PV"
    }

    static func backtestRow(_ dso: String, _ itf: String, _ day: String, _ intervals: Int, _ unf: Int, _ miss: Int, _ m: ForecastErrorMetrics?) -> String {
        guard let m else { return CSVWriter.record([dso, itf, day, String(intervals), "0", String(unf), String(miss), "", "", "", ""]) }
        let mape = m.meanAbsolutePercentageErrorPPM.map { FixedPointFormat.decimal($0, scale: 4, fractionDigits: 2) } ?? ""
        return CSVWriter.record([
            dso, itf, day, String(intervals), String(m.count), String(unf), String(miss), kwh(m.biasMicroKW), kwh(m.meanAbsoluteErrorMicroKW),
            kwh(m.rootMeanSquareErrorMicroKW), mape,
        ])
    }

    // MARK: dispatch

    /// Dispatches each interface's aggregate award across its storage and V2G members. Assumed: each member
    /// starts at `initialSOCPercent` % of its energy_kwh, may use its whole energy (min 0, max energy_kwh), is
    /// lossless (round trip 100 %), with the members.csv charge/discharge limits; shares by energy headroom.
    mutating func dispatch(initialSOCPercent: Int) {
        let d = dataset
        for dso in d.dsos {
            for itf in dso.interfaces {
                guard let award = d.awardsMicroMW[itf.id] else { continue }
                let storage = d.memberIndices(interface: itf.id).filter {
                    let m = d.members[$0]
                    return (m.der.kind == .storage || m.der.kind == .v2gFleet) && m.energyMicroKWh > 0
                }
                let specs = storage.map { k in
                    let m = d.members[k]
                    return DispatchMember(
                        id: m.id, maxDischargeMicroKW: m.maxDischargeMicroKW, maxChargeMicroKW: m.maxChargeMicroKW,
                        capacityMicroKWh: m.energyMicroKWh, initialSOCMicroKWh: m.energyMicroKWh / 100 * Int64(initialSOCPercent))
                }
                do {
                    let r = try AggregateDispatch(members: specs).dispatch(AggregateAward(grid: d.grid, microMW: Array(award)))
                    let violations = r.violations(members: specs)
                    for v in violations.prefix(10) { problems.append("\(itf.id): dispatch: \(v)") }
                    for m in r.members {
                        for t in 0..<d.grid.count {
                            dispatchRows.append(CSVWriter.record([
                                dso.id, itf.id, m.id, d.grid.startOf(t).description, String(d.grid.seconds / 60), Self.kwh(m.setPointMicroKW[t]),
                                Self.kwh(m.socMicroKWh[t + 1]),
                            ]))
                        }
                    }
                    let awarded = award.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
                    dispatchSummary[itf.id] = "dispatch: \(specs.count) storage/V2G members, \(awarded) awarded interval(s), \(r.unservedIntervals) short (\(Self.kwh(r.unservedEnergyMicroKWh)) kWh unserved)\(violations.isEmpty ? "" : ", \(violations.count) INVARIANT VIOLATION(S)")"
                } catch {
                    problems.append("\(itf.id): dispatch: \(error)")
                }
            }
        }
    }

    // MARK: output

    /// One row of dso-accounts.csv: an interface, or a DSO's interfaces summed.
    struct AccountTotals {
        var members = 0
        var net: Int64 = 0
        var isoDA = Money.zero
        var isoRT = Money.zero
        var iso = Money.zero
        var pay = Money.zero
        var accounts = DSOAccounts()
        var localKWh: Int64 = 0
        var paid = Money.zero
        var received = Money.zero
        /// The engine's F5.3 check and its two local-ledger checks passed on every settlement in the row.
        var adequacyPass = true
        var ledgerPass = true

        mutating func add(_ i: DSOInterfaceResult, members m: Int, of s: DSOSettlement) {
            members += m
            net += i.netInjectionMicroKWh
            isoDA += i.isoDayAhead
            isoRT += i.isoRealTime
            iso += i.isoTotal
            pay += i.memberTotal
            accounts = accounts + i.accounts
            localKWh += i.localVolumeMicroKWh
            paid += i.localBuyersPaid
            received += i.localSellersReceived
            adequacyPass = adequacyPass && s.revenueAdequacy.status == .pass
            ledgerPass = ledgerPass && s.localMarketChecks.allSatisfy { $0.status == .pass }
        }

        /// The members' ISO pay: their net pay less their local-market money (F5.3's `Σ Pay_i`).
        var isoPay: Money { pay - (received - paid) }
        /// F5.3 on the row: the members' ISO pay + fee + residual = ISO→A.
        var adequacyHolds: Bool { adequacyPass && isoPay + accounts.fee + accounts.residual == iso }
        /// LEM-LEDGER-BALANCES on the row: buyers paid = sellers received + local fee.
        var ledgerBalances: Bool { ledgerPass && paid == received + accounts.localFee }

        /// The row's fields, in dso-accounts.csv's column order.
        func row(_ dso: String, _ itf: String, _ method: String, isoLines: Bool = true) -> [String] {
            let m = DSORunReport.money
            let a = accounts
            return [
                dso, itf, method, String(members), DSORunReport.kwh(net), isoLines ? m(isoDA) : "", isoLines ? m(isoRT) : "", m(iso), m(pay), m(a.fee),
                m(a.localFee), m(a.scheduleSplitResidual), m(a.distributionResidual), m(a.rounding), m(a.residual), DSORunReport.kwh(localKWh), m(paid),
                m(received), String(adequacyHolds), String(ledgerBalances),
            ]
        }
    }

    /// The output files.
    ///
    /// dso-member-lines.csv: one row per member; `net_pay = day_ahead + real_time_deviation +
    /// schedule_split_share + distribution_lmp_energy + fee + local_market` exactly, where `local_market` is the
    /// member's local-market money (+ = received from local buyers, − = paid to local sellers) and the ISO
    /// allocation pays only `net_injection_kwh − local_sold_kwh + local_bought_kwh`.
    ///
    /// dso-accounts.csv: one row per interface and one `(all)` row per DSO. Every row reconciles exactly, in µ$:
    /// - `member_pay` = Σ `net_pay` of the member lines (so it includes the members' local money);
    /// - `residual = schedule_split_residual + distribution_residual + rounding`;
    /// - `local_buyers_paid = local_sellers_received + local_fee` (LEM-LEDGER-BALANCES, `local_ledger_balances`);
    /// - `member_pay − (local_sellers_received − local_buyers_paid) + fee + residual = iso_to_a` (F5.3,
    ///   `adequacy_holds`), hence together `member_pay + fee + local_fee + residual = iso_to_a`.
    /// Each DSO's interfaces summed (the `(all)` rows of dso-accounts.csv and the summary lines).
    func dsoTotals() -> [String: AccountTotals] {
        var out: [String: AccountTotals] = [:]
        for (_, _, s) in settlements {
            for i in s.interfaces { out[s.dsoID, default: AccountTotals()].add(i, members: i.memberIDs.count, of: s) }
        }
        return out
    }

    public func files() -> [(name: String, text: String)] {
        let d = dataset
        var lines = CSVWriter(columns: Self.columns("dso_id,interface_id,member_id,kind,method,received_kwh,delivered_kwh,net_injection_kwh,da_schedule_kwh,fee_basis_kwh,day_ahead,real_time_deviation,schedule_split_share,distribution_lmp_energy,fee,local_sold_kwh,local_bought_kwh,local_market,net_pay"))
        var accounts = CSVWriter(columns: Self.columns("dso_id,interface_id,method,members,net_injection_kwh,iso_day_ahead,iso_real_time,iso_to_a,member_pay,fee,local_fee,schedule_split_residual,distribution_residual,rounding,residual,local_kwh,local_buyers_paid,local_sellers_received,adequacy_holds,local_ledger_balances"))
        for (_, _, s) in settlements {
            let method = s.policy.method.rawValue
            for l in s.members {
                let kind = d.memberIndex[l.memberID].map { d.members[$0].der.kind.rawValue } ?? ""
                lines.row([
                    s.dsoID, l.interfaceID, l.memberID, kind, method, Self.kwh(l.receivedMicroKWh), Self.kwh(l.deliveredMicroKWh), Self.kwh(l.netMicroKWh),
                    Self.kwh(l.daScheduleMicroKWh), Self.kwh(l.feeBasisMicroKWh), Self.money(l.dayAhead), Self.money(l.realTimeDeviation),
                    Self.money(l.scheduleSplitShare), Self.money(l.distributionLMPEnergy), Self.money(l.fee), Self.kwh(l.localSoldMicroKWh),
                    Self.kwh(l.localBoughtMicroKWh), Self.money(l.localMarket), Self.money(l.net),
                ])
            }
            for i in s.interfaces {
                var t = AccountTotals()
                t.add(i, members: i.memberIDs.count, of: s)
                accounts.row(t.row(s.dsoID, i.interfaceID, method))
            }
        }
        let totals = dsoTotals()
        for dso in d.dsos {
            guard let t = totals[dso.id] else { continue }
            accounts.row(t.row(dso.id, "(all)", dso.allocation.method.rawValue, isoLines: false))
        }
        let trades = Self.file("dso_id,interface_id,interval_start,interval_minutes,trade,seller_id,buyer_id,seller_order,buyer_order,kwh,buyer_price,seller_price,buyer_pays,seller_receives,fee,check", tradeRows)
        let forecast = Self.file("dso_id,interface_id,interval_start,interval_minutes,net_load_kw,gross_load_kw,pv_kw,mode,like_days", forecastRows)
        let backtest = Self.file("dso_id,interface_id,day,intervals,compared,unforecastable,missing_actual,bias_kw,mae_kw,rmse_kw,mape_pct", backtestRows)
        let dispatch = Self.file("dso_id,interface_id,member_id,interval_start,interval_minutes,setpoint_kw,soc_kwh", dispatchRows)
        return [("dso-member-lines.csv", lines.text), ("dso-accounts.csv", accounts.text), ("local-market-trades.csv", trades),
                ("interface-forecast.csv", forecast), ("forecast-backtest.csv", backtest), ("dispatch-setpoints.csv", dispatch)]
    }

    /// Column names from the header as written in the docs.
    static func columns(_ header: String) -> [String] { header.split(separator: ",").map(String.init) }

    /// A file of `header` and rows already encoded by ``CSVWriter/record(_:)``.
    static func file(_ header: String, _ records: [String]) -> String {
        var w = CSVWriter(columns: columns(header), reservingCapacity: records.reduce(header.utf8.count + 1) { $0 + $1.utf8.count + 1 })
        for r in records { w.append(record: r) }
        return w.text
    }

    public func summary() -> [String] {
        var out: [String] = []
        let totals = dsoTotals()
        for dso in dataset.dsos {
            let mine = settlements.filter { $0.unit.dso.id == dso.id }
            let t = totals[dso.id] ?? AccountTotals()
            let acc = t.accounts
            out.append("\(dso.id) (\(dso.name)) — \(dso.allocation.method.rawValue), \(mine.count)/\(dso.interfaces.count) interface(s) settled: ISO→A \(Self.money(t.iso)), members' ISO pay \(Self.money(t.isoPay)), fee \(Self.money(acc.fee)), residual \(Self.money(acc.residual)); F5.3 \(t.adequacyHolds ? "holds" : "FAILS"); local ledger \(t.ledgerBalances ? "balances" : "DOES NOT BALANCE"): buyers paid \(Self.money(t.paid)) \(t.ledgerBalances ? "=" : "≠") sellers received \(Self.money(t.received)) + DSO local fee \(Self.money(acc.localFee))")
            for itf in dso.interfaces {
                var parts: [String] = []
                if let m = market[itf.id] {
                    parts.append("local market: \(m.intervals) interval(s), \(m.trades) local trade(s) \(Self.kwh(m.local)) kWh, \(m.iso) ISO fill(s) (settled through the meter, not paid again)")
                }
                if let b = backtestSummary[itf.id] { parts.append(b) }
                if let s = dispatchSummary[itf.id] { parts.append(s) }
                if !parts.isEmpty { out.append("  \(itf.id): " + parts.joined(separator: "; ")) }
            }
        }
        return out
    }
}
