/// The AC-to-AC round-trip efficiency η that grosses discharged energy up to the charging energy that
/// produced it (research settlement_rules.md §2.4). Kept in ppm so every division by η is exact integer
/// arithmetic with one rounding.
public struct RoundTripEfficiency: Sendable, Hashable, CustomStringConvertible {
    /// η × 10⁶, in (0, 10⁶].
    public let ppm: Int64
    /// How η was obtained, for the statement.
    public let source: String

    /// Why an η cannot be used.
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// A declared (registered) η `[K]`, refused outside (0, 1] `[D]`.
    public static func declared(_ eta: Double) throws(Invalid) -> RoundTripEfficiency {
        guard eta.isFinite, eta > 0, eta <= 1 else {
            throw Invalid(description: "round-trip efficiency \(eta) is outside (0, 1]: discharge cannot exceed the energy charged, and η = 0 would divide by zero")
        }
        return RoundTripEfficiency(ppm: Int64((eta * 1e6).rounded()), source: "declared \(eta)")
    }

    /// Measured over a period with the stored-energy correction (F2.8 `[V]`):
    /// `η = (E_delivered + S_end − S_start) / E_received`, energies in µkWh, net of station service.
    /// Refused outside (0, 1] with the figures that produced it (SOC telemetry drift gives η > 1).
    public static func measured(
        deliveredMicroKWh: Int64, receivedMicroKWh: Int64, storedAtStartMicroKWh: Int64, storedAtEndMicroKWh: Int64
    ) throws(Invalid) -> RoundTripEfficiency {
        let numerator = Int128(deliveredMicroKWh) + Int128(storedAtEndMicroKWh) - Int128(storedAtStartMicroKWh)
        let figures = "delivered \(Units.formatKWh(deliveredMicroKWh)) kWh + stored at end \(Units.formatKWh(storedAtEndMicroKWh)) kWh − stored at start \(Units.formatKWh(storedAtStartMicroKWh)) kWh, over received \(Units.formatKWh(receivedMicroKWh)) kWh"
        guard receivedMicroKWh > 0 else {
            throw Invalid(description: "measured round-trip efficiency needs charging energy (received 0 kWh): \(figures)")
        }
        let ppm = Rounding.int64(Rounding.divideHalfAwayFromZero(numerator * 1_000_000, by: Int128(receivedMicroKWh)))
        guard ppm > 0, ppm <= 1_000_000 else {
            throw Invalid(description: "measured round-trip efficiency \(FixedPointFormat.decimal(ppm, scale: 6, fractionDigits: 6)) is outside (0, 1] (\(figures)); check the state-of-charge readings, or declare η")
        }
        return RoundTripEfficiency(ppm: ppm, source: "measured (F2.8): \(figures)")
    }

    init(ppm: Int64, source: String) {
        self.ppm = ppm
        self.source = source
    }

    /// `energy / η`, µkWh, rounded once: the charging energy a discharge drew.
    @inlinable public func grossUp(_ microKWh: Int64) -> Int64 {
        Rounding.int64(Rounding.divideHalfAwayFromZero(Int128(microKWh) * 1_000_000, by: Int128(ppm)))
    }

    public var description: String { FixedPointFormat.decimal(ppm, scale: 6, fractionDigits: 6) }
}
