/// One CAISO charge code's shadow settlement for a resource over the period.
///
/// The amount is accumulated exactly as an integer numerator over a fixed denominator and rounded once:
/// `amountMicros = round(numerator / denominator)`. Quantities are in nano-MW-seconds (nMW·s), the one
/// integer unit in which both metered µkWh (×3600) and scheduled µMW × seconds (×1000) are exact.
public struct ChargeCodeResult: Sendable, Hashable {
    public var code: String
    public var name: String
    /// The formula, as in docs/rules.md.
    public var formula: String
    /// Net energy or capacity quantity in the code's unit (see ``quantityUnit``), exact.
    public var quantity: Int128
    /// `"nMW·s"` (energy), `"µMW·s"` (capacity), `"µMW"` (mileage).
    public var quantityUnit: String
    public var numerator: Int128
    public var denominator: Int128
    public var runs: [IntervalRun]
    public var intervalCount: Int
    /// Notes such as intervals skipped for missing data or charging not settled under F1.2.
    public var notes: [String]
    /// Each settled interval's quantity and amount, in time order; empty unless the settlement was asked to
    /// record them (``CaisoShadowSettlement/settle(ledger:awards:prices:mileage:priceGrids:recordIntervals:)``).
    public var intervals: [ChargeCodeInterval] = []

    public var amount: Money { Money(micros: Rounding.int64(Rounding.divideHalfAwayFromZero(numerator, by: denominator))) }

    /// Quantity in MWh (energy) or MW-h (capacity) or MW (mileage), as µ-units for display.
    public var displayQuantityMicro: Int64 {
        switch quantityUnit {
        case "nMW·s": return Rounding.int64(Rounding.divideHalfAwayFromZero(quantity, by: 3_600_000_000 / 1000))  // µMWh
        case "µMW·s": return Rounding.int64(Rounding.divideHalfAwayFromZero(quantity, by: 3600))  // µMW-h
        default: return Rounding.int64(quantity)
        }
    }

    public var displayUnit: String {
        switch quantityUnit {
        case "nMW·s": return "MWh"
        case "µMW·s": return "MW-h"
        default: return "MW"
        }
    }
}
