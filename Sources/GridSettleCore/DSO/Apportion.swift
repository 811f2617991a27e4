/// Exact proportional division of an integer total: the parts always add back to the total, so nothing is
/// dropped and nothing is created (research §5.6: explicit residual accounts).
///
/// Two methods, both deterministic (the result depends only on the inputs and their order):
/// - ``largestRemainder(_:weights:)`` (Hamilton) for small, printed splits such as default GDFs, where the
///   placement of the last unit should be explainable ("to the largest remainder, ties to the earlier
///   member");
/// - ``runningTotal(_:weights:into:)`` for the per-interval F5.4 schedule-split residual: O(n), no scratch
///   memory, each part within one unit of its exact share. The unit there is 1/(3.6·10¹²) µ$, so which part
///   receives it is immaterial; what matters is that the parts sum exactly.
///
/// A negative total is split as its magnitude and negated, so a charge and a credit split the same way.
/// Products `|total|·wᵢ` may exceed 128 bits (an amount numerator times an energy), so they are formed
/// full-width.
public enum Apportion {
    /// Hamilton's method: every part is `floor(|total|·wᵢ/W)`; the units left over (fewer than the number
    /// of weights) go one each to the largest fractional remainders, ties to the **earlier** index.
    /// Returns nil when a weight is negative or the weights sum to zero.
    public static func largestRemainder(_ total: Int128, weights: [Int128]) -> [Int128]? {
        guard let sum = weightSum(weights[...]) else { return nil }
        let magnitude = total.magnitude
        var parts = [Int128](repeating: 0, count: weights.count)
        var remainders = [UInt128](repeating: 0, count: weights.count)
        var allotted: UInt128 = 0
        for (k, w) in weights.enumerated() {
            let (q, r) = sum.dividingFullWidth(magnitude.multipliedFullWidth(by: UInt128(w)))
            parts[k] = Int128(q)
            remainders[k] = r
            allotted += q
        }
        // Σ rᵢ = left · W with every rᵢ < W, so at least `left` remainders are non-zero: each unit goes to a
        // distinct weight.
        let order = remainders.indices.sorted { remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : $0 < $1 }
        let left = Int(magnitude - allotted)
        for k in order.prefix(left) { parts[k] += 1 }
        if total < 0 { for k in parts.indices { parts[k] = -parts[k] } }
        return parts
    }

    /// The running-total method: part `i` is `floor(|total|·Cᵢ/W) − floor(|total|·Cᵢ₋₁/W)` with `Cᵢ` the
    /// cumulative weight, so the parts telescope to exactly `total`. Writes into `parts` (same count as
    /// `weights`) without allocating. Returns false (writing nothing) when a weight is negative or the
    /// weights sum to zero.
    @discardableResult
    public static func runningTotal(
        _ total: Int128, weights: ArraySlice<Int128>, into parts: inout ArraySlice<Int128>
    ) -> Bool {
        precondition(parts.count == weights.count)
        guard let sum = weightSum(weights) else { return false }
        let magnitude = total.magnitude
        let negative = total < 0
        var cumulative: UInt128 = 0
        var previous: UInt128 = 0
        var pi = parts.startIndex
        for w in weights {
            cumulative += UInt128(w)
            let (upTo, _) = sum.dividingFullWidth(magnitude.multipliedFullWidth(by: cumulative))
            let part = Int128(upTo - previous)
            parts[pi] = negative ? -part : part
            previous = upTo
            pi += 1
        }
        return true
    }

    private static func weightSum(_ weights: ArraySlice<Int128>) -> UInt128? {
        var sum: UInt128 = 0
        for w in weights {
            guard w >= 0 else { return nil }
            sum += UInt128(w)
        }
        return sum > 0 ? sum : nil
    }
}
