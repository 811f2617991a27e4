import GridSettleCore
import GridSettleFormats

/// The DSO use case (docs/dso-dataset.md), for `gridsettle dso` and the reduce of a DSO job alike: aggregation
/// rules, the local market (cleared first, so its trades settle through the ledger), the F5.2–F5.6 settlement of
/// every interface with revenue adequacy (F5.3) and the local ledger checked again on the finished lines,
/// interface forecasts with their backtest, and the dispatch of the aggregate awards.
///
/// Nothing here prints or writes: the outcome holds what happened, in order (``Outcome/log``), and the
/// ``DSORunReport`` the output files and summary are rendered from.
public enum DSORun {
    /// One line of what happened, in the order it happened.
    public enum Entry: Sendable, Hashable {
        /// A result or finding for the run's output.
        case note(String)
        /// A problem that did not stop the run (standard error on the command line).
        case problem(String)
    }

    public struct Outcome: Sendable {
        public var report: DSORunReport
        public var log: [Entry] = []
        /// Interfaces not settled: their aggregation rules or settlement input were invalid.
        public var invalid = 0
        /// Interfaces where revenue adequacy (F5.3) failed, in the engine or on the re-check.
        public var adequacyFailed = 0
        /// Interfaces where the local ledger (LEM-LEDGER-BALANCES, LEM-NO-KWH-PAID-TWICE) failed.
        public var ledgerFailed = 0
        /// What the forecast step did (or why it did nothing).
        public var forecastNote: String?
    }

    /// Runs every step on `d`. `initialSOCPercent` (0…100) is every dispatched member's starting state of charge.
    public static func run(_ d: DSODataset, initialSOCPercent: Int) -> Outcome {
        var out = Outcome(report: DSORunReport(dataset: d))
        for w in d.warnings { out.log.append(.problem(w.description)) }
        for dso in d.dsos {
            let wide = DERAggregation.problems(dso: dso, members: d.members(of: dso))
            if !wide.isEmpty {
                out.log.append(.note("\(dso.id): as one DSO-wide aggregation it would break \(wide.count) rule(s) (settled per interface instead):"))
                for p in wide { out.log.append(.note("  note: \(p)")) }
            }
        }
        for unit in d.interfaceUnits { settle(unit, of: d, into: &out) }
        out.forecastNote = out.report.forecast()
        out.report.dispatch(initialSOCPercent: initialSOCPercent)
        for p in out.report.problems { out.log.append(.problem(p)) }
        return out
    }

    /// 1. aggregation rules, 2. local market, 3. settlement (F5.2, F5.4–F5.6) with the local trades, revenue
    /// adequacy (F5.3) and the local ledger, for one interface.
    static func settle(_ unit: DSODataset.InterfaceUnit, of d: DSODataset, into out: inout Outcome) {
        let name = "\(unit.dso.id)/\(unit.interface.id)"
        let aggregation: DERAggregation
        do {
            aggregation = try DERAggregation(dso: unit.dso, members: unit.members)
        } catch let e as DSOValidationError {
            out.log.append(.note("\(name): aggregation rules: \(e.problems.count) problem(s)"))
            for p in e.problems { out.log.append(.note("  \(p)")) }
            out.invalid += 1
            return
        } catch {
            out.log.append(.note("\(name): aggregation rules: \(error)"))
            out.invalid += 1
            return
        }
        // the local market is cleared before the settlement: its trades go into the members' positions, so a kWh
        // sold locally is paid by its buyer and left out of the quantity the ISO allocation pays
        var input = d.settlementInput(unit)
        let market = out.report.clearLocalMarket(unit, aggregation)
        if let market {
            for p in market.problems { out.log.append(.problem(p)) }
            let unplaced = market.ledger.apply(to: &input, interfaceID: unit.interface.id)
            if !unplaced.isEmpty {
                out.log.append(.problem("\(name): local positions without a settlement series: \(unplaced.joined(separator: ", "))"))
            }
        }
        do {
            let s = try DSOSettlementEngine.settle(aggregation, input: input)
            // F5.3 and the local ledger again on the finished lines, independently of the engine's own checks
            let recheck = RevenueAdequacy.verify(s)
            if s.revenueAdequacy.status != .pass || !recheck.isEmpty {
                out.adequacyFailed += 1
                for v in recheck { out.log.append(.note("  \(v)")) }
            }
            let ledgerRecheck = LocalMarketLedger.verify(s)
            if s.localMarketChecks.contains(where: { $0.status != .pass }) || !ledgerRecheck.isEmpty {
                out.ledgerFailed += 1
                for v in ledgerRecheck { out.log.append(.note("  \(v)")) }
            }
            out.report.settlements.append((unit, aggregation, s))
            if let market { out.report.record(market, interfaceID: unit.interface.id) }
        } catch DSOSettlementError.invalid(let e) {
            out.log.append(.note("\(name): settlement input: \(e.problems.count) problem(s)"))
            for p in e.problems { out.log.append(.note("  \(p)")) }
            out.invalid += 1
        } catch DSOSettlementError.revenueAdequacy(let v) {
            out.log.append(.note("\(name): REVENUE ADEQUACY (F5.3) FAILED"))
            for x in v { out.log.append(.note("  \(x)")) }
            out.adequacyFailed += 1
        } catch DSOSettlementError.localLedger(let v) {
            out.log.append(.note("\(name): LOCAL LEDGER FAILED"))
            for x in v { out.log.append(.note("  \(x)")) }
            out.ledgerFailed += 1
        } catch {
            out.log.append(.note("\(name): settlement failed: \(error)"))
            out.invalid += 1
        }
    }
}
