/// Forecast error over a set of intervals, in µkW of average power (forecast − actual), with one documented
/// rounding per figure so the numbers are the same on every machine and can be checked by hand.
///
/// - ``biasMicroKW`` = Σ(f − a) / n, rounded half away from zero. Positive = over-forecast.
/// - ``meanAbsoluteErrorMicroKW`` = Σ|f − a| / n, rounded half away from zero.
/// - ``rootMeanSquareErrorMicroKW`` = √(Σ(f − a)² / n) rounded to the nearest µkW (halves up), computed
///   exactly in integers (no floating point).
/// - ``meanAbsolutePercentageErrorPPM`` = mean of |f − a| / |a| over the intervals whose actual is not zero,
///   in ppm (10⁶ = 100 %): each term is taken to 10⁻¹² (half away from zero), the terms are summed and the
///   mean is rounded half away from zero to ppm. Intervals with a zero actual have no percentage error;
///   they are counted in ``zeroActualsSkipped`` and MAPE is nil when every actual is zero.
public struct ForecastErrorMetrics: Sendable, Hashable {
    /// Intervals compared (both a forecast and an actual).
    public var count: Int
    public var biasMicroKW: Int64
    public var meanAbsoluteErrorMicroKW: Int64
    public var rootMeanSquareErrorMicroKW: Int64
    public var meanAbsolutePercentageErrorPPM: Int64?
    /// Intervals in the MAPE (non-zero actual).
    public var percentageCount: Int
    /// Intervals left out of the MAPE because the actual was zero.
    public var zeroActualsSkipped: Int
}

/// Exact integer sums behind ``ForecastErrorMetrics``: adding intervals (or merging days) in any order gives
/// the same metrics, so per-day and pooled figures agree.
public struct ForecastErrorAccumulator: Sendable, Hashable {
    public private(set) var count = 0
    public private(set) var sumError: Int128 = 0
    public private(set) var sumAbsoluteError: Int128 = 0
    public private(set) var sumSquaredError: UInt128 = 0
    /// Σ |e| / |a| in units of 10⁻¹² (each term rounded half away from zero).
    public private(set) var sumPercentageTerms: Int128 = 0
    public private(set) var percentageCount = 0
    public private(set) var zeroActualsSkipped = 0

    static let percentageScale: Int128 = 1_000_000_000_000

    public init() {}

    public mutating func add(forecast f: Int64, actual a: Int64) {
        let e = Int128(f) - Int128(a)
        count += 1
        sumError += e
        sumAbsoluteError += Int128(e.magnitude)
        sumSquaredError += e.magnitude * e.magnitude
        if a == 0 {
            zeroActualsSkipped += 1
        } else {
            sumPercentageTerms += Rounding.divideHalfAwayFromZero(Int128(e.magnitude) * Self.percentageScale, by: Int128(a.magnitude))
            percentageCount += 1
        }
    }

    public mutating func merge(_ o: ForecastErrorAccumulator) {
        count += o.count
        sumError += o.sumError
        sumAbsoluteError += o.sumAbsoluteError
        sumSquaredError += o.sumSquaredError
        sumPercentageTerms += o.sumPercentageTerms
        percentageCount += o.percentageCount
        zeroActualsSkipped += o.zeroActualsSkipped
    }

    /// The metrics, or nil when no interval was compared.
    public var metrics: ForecastErrorMetrics? {
        guard count > 0 else { return nil }
        let n = Int128(count)
        let mape = percentageCount == 0
            ? nil
            : Rounding.int64(Rounding.divideHalfAwayFromZero(sumPercentageTerms, by: Int128(percentageCount) * 1_000_000))
        return ForecastErrorMetrics(
            count: count,
            biasMicroKW: Rounding.int64(Rounding.divideHalfAwayFromZero(sumError, by: n)),
            meanAbsoluteErrorMicroKW: Rounding.int64(Rounding.divideHalfAwayFromZero(sumAbsoluteError, by: n)),
            rootMeanSquareErrorMicroKW: Rounding.int64(Int128(Self.roundedSquareRoot(sumSquaredError, count: UInt128(count)))),
            meanAbsolutePercentageErrorPPM: mape, percentageCount: percentageCount, zeroActualsSkipped: zeroActualsSkipped)
    }

    /// √(s / n) rounded to the nearest integer, halves up. With q = ⌊s/n⌋, ρ = s mod n and r = ⌊√q⌋ (which
    /// is ⌊√(s/n)⌋): round up iff (r + ½)² ≤ s/n, i.e. r² + r + ¼ ≤ q + ρ/n; as r² + r is an integer that is
    /// r² + r < q, or r² + r = q and 4ρ ≥ n. Exact, and no product larger than q is formed.
    static func roundedSquareRoot(_ s: UInt128, count n: UInt128) -> UInt128 {
        let q = s / n
        let rho = s % n
        let r = integerSquareRoot(q)
        let (a, overflow) = (r * r).addingReportingOverflow(r)
        if overflow || a > q { return r }
        if a < q { return r + 1 }
        return 4 * rho >= n ? r + 1 : r
    }

    /// ⌊√x⌋ by bisection on the bits (exact; no floating point).
    static func integerSquareRoot(_ x: UInt128) -> UInt128 {
        var lo: UInt128 = 0
        var hi: UInt128 = UInt128(UInt64.max) + 1  // √(2¹²⁸) = 2⁶⁴
        while lo < hi {
            let mid = lo + (hi - lo + 1) / 2
            if mid <= x / mid { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }
}
