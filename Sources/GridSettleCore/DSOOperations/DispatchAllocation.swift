/// How the served part of an award is shared among the members in one interval.
public enum DispatchAllocationRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// Pro rata to stored energy above the floor when discharging (`soc − min`) and to room below the
    /// ceiling when charging (`max − soc`), each member capped at its available power, the excess going to
    /// the others. Members then reach their limits together, so the fleet keeps its full power for as long
    /// as its energy allows. The default.
    case energyHeadroom = "energy-headroom"
    /// Pro rata to each member's available power this interval (rated power, reduced near empty or full).
    /// Simplest to audit; a small battery beside a big one empties first.
    case powerHeadroom = "power-headroom"
}

/// Shares a non-negative total among members pro rata to weights, each capped, with the rounding remainder
/// placed by cumulative rounding so the shares sum exactly to the total (docs/dso-operations.md §2).
///
/// Cumulative rounding: over the members in order with running weight `Wᵢ = w₁ + … + wᵢ` of `W`, member i
/// gets `⌊T·Wᵢ/W⌋ − ⌊T·Wᵢ₋₁/W⌋`. The shares telescope to `⌊T·W/W⌋ = T` exactly, each is within one unit
/// of the exact share `T·wᵢ/W` (never above its ceiling), and the units of remainder go to members in a
/// fixed order, so the result is deterministic.
///
/// Caps (water-filling): a member whose share exceeds its cap gets the cap and leaves; the rest is shared
/// again among the others, until no share exceeds a cap. A rounded share above an integer cap means the
/// exact share was above it too (shares never exceed the ceiling of the exact share), so rounding never caps
/// a member exact arithmetic would not. When the remaining members all weigh zero but can still take power,
/// their caps become the weights.
public enum ProRataAllocation {
    /// Shares of `total` (`0 ≤ total ≤ Σ caps`), `0 ≤ shareᵢ ≤ capᵢ`, `Σ shares = total`.
    public static func allocate(_ total: Int64, weights: [Int64], caps: [Int64]) -> [Int64] {
        precondition(weights.count == caps.count, "one weight per cap")
        precondition(weights.allSatisfy { $0 >= 0 } && caps.allSatisfy { $0 >= 0 }, "weights and caps must not be negative")
        precondition(total >= 0 && Int128(total) <= caps.reduce(Int128(0)) { $0 + Int128($1) }, "total must lie within 0…Σ caps")
        var shares = [Int64](repeating: 0, count: caps.count)
        var active = caps.indices.filter { caps[$0] > 0 }
        var remaining = total
        while remaining > 0 && !active.isEmpty {
            let weightSum = active.reduce(Int128(0)) { $0 + Int128(weights[$1]) }
            let w: (Int) -> Int128 = weightSum > 0 ? { Int128(weights[$0]) } : { Int128(caps[$0]) }
            let sum = weightSum > 0 ? weightSum : active.reduce(Int128(0)) { $0 + Int128(caps[$1]) }
            var round: [(member: Int, share: Int64)] = []
            var running: Int128 = 0
            var previous: Int128 = 0
            for i in active {
                running += w(i)
                let upTo = Int128(remaining) * running / sum
                round.append((i, Int64(upTo - previous)))
                previous = upTo
            }
            let over = round.filter { $0.share > caps[$0.member] }
            if over.isEmpty {
                for (i, s) in round { shares[i] = s }
                remaining = 0
                break
            }
            for (i, _) in over {
                shares[i] = caps[i]
                remaining -= caps[i]
            }
            let capped = Set(over.map(\.member))
            active.removeAll { capped.contains($0) }
        }
        return shares
    }
}
