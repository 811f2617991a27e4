import GridSettleCore

/// The ranges every interchange reader (Green Button XML and CSV, CMEP, OASIS, Data Miner, OpenADR) checks
/// where it reads a number (docs/interchange.md, "Ranges and limits").
///
/// Each bound is far beyond any real file but small enough that the arithmetic done on the value later (sums
/// over a year, prices × energy, start + duration) stays inside 64 bits, and that every instant can be written
/// back with a four-digit year. A value outside is an error naming the file, line, field and value, never
/// clamped.
enum InterchangeLimits {
    /// The earliest instant read: 1900-01-01T00:00:00Z.
    static let earliestSeconds: Int64 = -2_208_988_800
    /// The first instant not read: 10000-01-01T00:00:00Z (dataset files write four-digit years).
    static let endSeconds: Int64 = 253_402_300_800
    /// Energy in one interval reading: at most 1 000 000 kWh (1 GWh; a 15-minute reading at 4 GW).
    static let maximumIntervalMicroKWh: Int64 = 1_000_000 * 1_000_000
    /// A cumulative register read (CMEP `KWHREG`): 0 … 10¹² kWh.
    static let maximumRegisterMicroKWh: Int64 = 1_000_000_000_000 * 1_000_000
    /// One interval reading's length: at most one day.
    static let maximumReadingSeconds: Int64 = 86_400
    /// Prices (LMP, regulation capability and performance): at most $1 000 000 per MWh either way (real caps
    /// and penalty prices are a few thousand dollars).
    static let maximumPriceMicros: Int64 = 1_000_000 * 1_000_000

    /// Whether `[start, start + seconds)` lies in the instants read (`seconds` ≥ 0).
    static func contains(start: Int64, seconds: Int64 = 0) -> Bool {
        start >= earliestSeconds && start < endSeconds && seconds <= endSeconds - start
    }

    /// The instant range as text, for messages.
    static let instantRangeText = "between 1900-01-01T00:00:00Z and 9999-12-31T23:59:59Z"
}
