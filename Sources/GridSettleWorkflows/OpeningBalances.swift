import GridSettleCore
import GridSettleFormats
import Synchronization

/// What each month of a portfolio's resources opens with (``OpeningBalance``), for every path that settles a
/// portfolio unit (`settle`, the API, `work`), so a month's statement is the same whichever path settled it
/// and whichever other months were asked for.
///
/// The rule (docs/dataset-format.md §9, "Consecutive months"): a month opens with the closing balance of the
/// month before when the portfolio has that month's readings for every meter of the site from its start to
/// its end; otherwise from the site file. A month settled alone (`--period 2026-02`) therefore settles the
/// months before it first, unstored, back to the first month the portfolio covers. A closing is kept until the
/// month after it takes it, so a chain of months is settled once per process.
public final class OpeningBalances: Sendable {
    private let portfolio: Portfolio
    /// The closing of each unit settled so far (`.some(nil)` would be a result without one: it opens the next
    /// month from the site file).
    private let closings = Mutex<[Portfolio.Unit: OpeningBalance?]>([:])

    public init(_ portfolio: Portfolio) {
        self.portfolio = portfolio
    }

    /// The opening of `unit`: nil to open from the site file. Throws when a month before it that the
    /// portfolio covers cannot be settled: the opening is then unknown, and guessing it would move money.
    public func opening(for unit: Portfolio.Unit) throws(DatasetInvalid) -> OpeningBalance? {
        guard let month = YearMonth(period: unit.period) else { return nil }
        // the months before, newest first, back to one whose closing is known or that the portfolio does not cover
        var chain: [YearMonth] = []
        var known: OpeningBalance?? = nil
        var m = month.previous
        while portfolio.covers(site: unit.site, month: m) {
            if let c = take(Portfolio.Unit(site: unit.site, period: m.period)) { known = c; break }
            chain.append(m)
            m = m.previous
        }
        var opening: OpeningBalance? = known ?? nil
        for earlier in chain.reversed() {
            let u = Portfolio.Unit(site: unit.site, period: earlier.period)
            do throws(DatasetInvalid) {
                let d = try portfolio.dataset(u)
                let r = try SettlementEngine.settle(d, validation: DatasetValidator.validate(d), opening: opening)
                record(u, closing: r.closing)
                opening = r.closing
            } catch {
                let why = DatasetIssue(
                    location: "(opening balance of \(month))", field: "period", value: earlier.description,
                    expected: "\(earlier) settled first, since \(month) opens with its closing inventory and demand peaks; it was refused for the errors that follow")
                throw DatasetInvalid(issues: [why] + error.issues)
            }
        }
        return opening
    }

    /// Records what `unit` closed with, for the month after it; nothing when the portfolio does not cover that
    /// month (no unit will ask), so settling one month of 10,000 resources keeps nothing.
    public func record(_ unit: Portfolio.Unit, closing: OpeningBalance?) {
        guard let month = YearMonth(period: unit.period), portfolio.covers(site: unit.site, month: month.next) else { return }
        closings.withLock { $0[unit] = .some(closing) }
    }

    /// The closing of `unit`, removed once taken: each is wanted by the one month after it, so what is kept does
    /// not grow with the months settled (settling a month again settles the month before it again).
    private func take(_ unit: Portfolio.Unit) -> OpeningBalance?? {
        closings.withLock { $0.removeValue(forKey: unit) }
    }

    /// Whether unit `b` is the month right after unit `a` of the same site: `b` opens with `a`'s closing.
    public static func follows(_ b: Portfolio.Unit, _ a: Portfolio.Unit) -> Bool {
        guard b.site == a.site, let ma = YearMonth(period: a.period), let mb = YearMonth(period: b.period) else { return false }
        return ma.next == mb
    }
}
