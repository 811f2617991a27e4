/// F5.7 `[V]` (research §5.2; `pnnl/tesp`, `dso_market_dsot.py`, `retail_rate` / `retail_rate_inverse`):
/// the DSO's retail price from the wholesale price, `Pr = Pw · s + d`, and its inverse
/// `Pw = (Pr − d) / s`. It gives a local market's outside option a realistic buy price
/// (``LocalOutsideOption/retail(wholesaleMicroPrice:conversion:)``).
///
/// Prices in µ$/MWh (0.040 $/kWh = 40 000 000 µ$/MWh), `s` in millionths. Example T1 (test
/// `DSOAggregationTests.exampleT1`): Pw 0.040 $/kWh, s 1.25, d 0.030 $/kWh → Pr 0.080 $/kWh, and the
/// inverse returns 0.040.
public struct RetailPriceConversion: Codable, Sendable, Hashable {
    /// `s`, millionths (1.25 = 1 250 000).
    public var scaleMillionths: Int64
    /// `d_rate`, µ$/MWh.
    public var distributionRateMicroPerMWh: Int64

    public init(scaleMillionths: Int64, distributionRateMicroPerMWh: Int64) {
        precondition(scaleMillionths > 0, "the scale s must be positive")
        self.scaleMillionths = scaleMillionths
        self.distributionRateMicroPerMWh = distributionRateMicroPerMWh
    }

    /// `Pr = Pw·s + d`, rounded half away from zero to µ$/MWh.
    public func retail(wholesaleMicroPrice pw: Int64) -> Int64 {
        Rounding.int64(Rounding.divideHalfAwayFromZero(Int128(pw) * Int128(scaleMillionths), by: 1_000_000))
            + distributionRateMicroPerMWh
    }

    /// `Pw = (Pr − d)/s`, rounded half away from zero to µ$/MWh.
    public func wholesale(retailMicroPrice pr: Int64) -> Int64 {
        Rounding.int64(Rounding.divideHalfAwayFromZero(
            (Int128(pr) - Int128(distributionRateMicroPerMWh)) * 1_000_000, by: Int128(scaleMillionths)))
    }
}
