import GridSettleCore
import Testing

/// The largest-remainder split a drill-down uses so that a line's intervals add up to the line exactly.
@Suite("Exact allocation")
struct ExactAllocationTests {
    @Test("parts add up to the rounded total, each within one unit of its exact value")
    func addsUp() throws {
        // exact parts 1/3, 1/3, 1/3 of 1 (denominator 3): total 1 → the first part gets the unit (earliest on a tie)
        #expect(ExactAllocation.split(total: 1, shares: [1, 1, 1], denominator: 3) == [1, 0, 0])
        // 2.5 + 2.5 = 5 exactly: floors 2 + 2, one unit left, to the first of the equal remainders
        #expect(ExactAllocation.split(total: 5, shares: [5, 5], denominator: 2) == [3, 2])
        // negative parts −1.25 and −0.5, total round(−1.75) = −2: floors −2 and −1 (sum −3), remainders 0.75 and
        // 0.5: the unit goes to the first
        #expect(ExactAllocation.split(total: -2, shares: [-5, -2], denominator: 4) == [-1, -1])
        // a mixed-sign case against the rule itself: every part is floor or floor + 1 and the sum is the total
        let shares: [Int128] = [7, -13, 29, -3, 11, 0, 17]
        let d: Int128 = 6
        let exact = shares.reduce(0, +)
        let total = Int64(Rounding.divideHalfAwayFromZero(exact, bySigned: d))
        let parts = try #require(ExactAllocation.split(total: total, shares: shares, denominator: d))
        #expect(parts.reduce(0, +) == total)
        for (p, s) in zip(parts, shares) {
            #expect(Int128(p) * d <= s + d - 1 && Int128(p) * d >= s - d + 1, "part \(p) is not within one unit of \(s)/\(d)")
        }
    }

    @Test("a total the shares cannot round to is refused, not forced")
    func refusesForeignTotal() {
        #expect(ExactAllocation.split(total: 10, shares: [1, 1], denominator: 2) == nil)
        #expect(ExactAllocation.split(total: -1, shares: [1, 1], denominator: 2) == nil)
        #expect(ExactAllocation.split(total: 1, shares: [1], denominator: 0) == nil)
    }

    @Test("a total shared by weights: in proportion, exact, and the sign of the weights does not matter")
    func byWeights() {
        #expect(ExactAllocation.split(total: 100, weights: [1, 1, 2]) == [25, 25, 50])
        #expect(ExactAllocation.split(total: 10, weights: [1, 1, 1]) == [4, 3, 3])
        #expect(ExactAllocation.split(total: 10, weights: [-1, -1, -1]) == [4, 3, 3])
        // −7 · 3/2 = −10.5 and −7 · −1/2 = 3.5: floors −11 and 3, the unit to the first of equal remainders
        #expect(ExactAllocation.split(total: -7, weights: [3, -1]) == [-10, 3])
        #expect(ExactAllocation.split(total: 5, weights: [1, -1]) == nil)
        // the largest figures do not overflow: Int64.max halved, the odd unit to the first part
        #expect(ExactAllocation.split(total: .max, weights: [.max, .max]) == [Int64.max / 2 + 1, Int64.max / 2])
    }
}
