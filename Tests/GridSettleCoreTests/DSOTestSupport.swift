import GridSettleCore

/// Helpers for the DSO tests: unit literals and a seeded generator whose output depends only on the seed
/// (SplitMix64 in `DSOSplitMix64`; the Core test target cannot see GridSettleExamples' SeededRandom).
enum DSOFixtures {
    static let t0 = Instant(utc: LocalDate(year: 2024, month: 7, day: 1), hour: 19)
    /// MWh → µkWh.
    static func mwh(_ x: Double) -> Int64 { Int64((x * 1e9).rounded()) }
    /// kWh → µkWh.
    static func kwh(_ x: Double) -> Int64 { Int64((x * 1e6).rounded()) }
    /// MW → µMW.
    static func mw(_ x: Double) -> Int64 { Int64((x * 1e6).rounded()) }
    /// kW → µkW.
    static func kw(_ x: Double) -> Int64 { Int64((x * 1e6).rounded()) }
    /// $/MWh → µ$/MWh.
    static func price(_ x: Double) -> Int64 { Int64((x * 1e6).rounded()) }
    /// $ → µ$.
    static func usd(_ x: Double) -> Money { Money(micros: Int64((x * 1e6).rounded())) }
    static func col(_ v: [Int64]) -> ContiguousArray<Int64> { ContiguousArray(v) }
}

/// SplitMix64.
struct DSOSplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in `range` (multiply-high, no modulo bias worth speaking of).
    mutating func int(_ range: ClosedRange<Int64>) -> Int64 {
        let span = UInt64(range.upperBound - range.lowerBound) &+ 1
        if span == 0 { return Int64(bitPattern: next()) }
        return range.lowerBound + Int64(next().multipliedFullWidth(by: span).high)
    }
    mutating func chance(_ percent: Int64) -> Bool { int(0...99) < percent }
}
