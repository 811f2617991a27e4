/// The ranges the URDB reader accepts (docs/rules.md, "URDB ranges and limits").
///
/// Every number in a URDB rate is checked against one of these where it is read, so a typo or a tool's
/// placeholder (`1e308`, `9e12`) is an error naming the field rather than a bill in the quadrillions or an
/// overflow when amounts are added. Each bound is far above any published tariff.
enum URDBLimits {
    /// Energy and demand rates, adjustments and sell rates: at most $1 000 000 per kWh or kW either way (real
    /// rates are cents per kWh and tens of dollars per kW). `rate + adj` then stays far inside 64 bits.
    static let maximumRateMicros: Int64 = 1_000_000 * 1_000_000
    /// Fixed and minimum charges: at most $10 000 000 per month, day or year either way.
    static let maximumChargeMicros: Int64 = 10_000_000 * 1_000_000
    /// A tier `max` of 10⁹ kWh (kW, kWh/kW) or more is the tools' "no limit" (they write 1e8…1e38); it is
    /// accepted on the last tier only, and every other limit must lie below it.
    static let unlimitedTierMicros: Int64 = 1_000_000_000 * 1_000_000
    /// URDB `demandwindow`: 1 minute to 1 day.
    static let demandWindowMinutes: ClosedRange<Int64> = 1...1_440
    /// The site file's `minimumBillingDemandKW`, applied with the ratchet: at most 1 GW.
    static let maximumMinimumBillingDemandKW = 1_000_000

    /// A limit (whole units, held in µ units) as text for messages.
    static func shown(_ micros: Int64) -> String { String(micros / 1_000_000) }
}
