/// A small, seeded pseudo-random generator (xoshiro256** seeded through SplitMix64) whose output depends
/// only on the seed: the same seed gives the same numbers on every machine, compiler and standard-library
/// version. The example datasets never use the standard library's `random(in:)` helpers, whose algorithms
/// are not part of any stability promise, nor transcendental functions (`log`, `cos`, `exp`) whose last bit
/// differs between C libraries; only `+ − × ÷` and `squareRoot()`, which IEEE 754 makes exact.
public struct SeededRandom: RandomNumberGenerator, Sendable, Hashable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// A generator for `seed`; `stream` selects an independent sub-stream (e.g. one per concern, so that
    /// changing how prices are drawn does not move the meter data).
    public init(seed: UInt64, stream: UInt64 = 0) {
        var sm = seed ^ (stream &* 0xD1B5_4A32_D192_ED03)
        s0 = SeededRandom.splitMix(&sm)
        s1 = SeededRandom.splitMix(&sm)
        s2 = SeededRandom.splitMix(&sm)
        s3 = SeededRandom.splitMix(&sm)
        if s0 | s1 | s2 | s3 == 0 { s0 = 0x9E37_79B9_7F4A_7C15 }
    }

    @inline(__always)
    static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// Uniform in `[0, 1)` with 53 random bits.
    @inline(__always)
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in `[a, b)`.
    @inline(__always)
    public mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * unit() }

    /// Uniform integer in `range` (multiply-shift, no modulo loop: deterministic and fast; the bias of
    /// at most 2⁻⁶⁴·n is irrelevant for example data).
    @inline(__always)
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        let n = UInt64(range.upperBound - range.lowerBound + 1)
        return range.lowerBound + Int(next().multipliedFullWidth(by: n).high)
    }

    /// True with probability `p`.
    @inline(__always)
    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// Approximately standard normal (Irwin–Hall sum of four uniforms, rescaled to unit variance; bounded
    /// at ±3.46, which suits noise on physical quantities).
    @inline(__always)
    public mutating func gaussian() -> Double {
        (unit() + unit() + unit() + unit() - 2) * 1.732_050_807_568_877_2
    }

    /// One element of a non-empty array.
    public mutating func pick<T>(_ values: [T]) -> T { values[int(0...(values.count - 1))] }

    /// Fisher–Yates shuffle of `values` in place.
    public mutating func shuffle<T>(_ values: inout [T]) {
        guard values.count > 1 else { return }
        for i in stride(from: values.count - 1, to: 0, by: -1) {
            values.swapAt(i, int(0...i))
        }
    }
}
