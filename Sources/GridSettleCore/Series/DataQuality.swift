/// The quality of one interval value, visible in every output so an analyst can tell settlement-quality
/// data from estimates.
///
/// Ordered from best to worst: combining intervals (resampling) keeps the worst.
public enum DataQuality: UInt8, Sendable, Hashable, Comparable, Codable, CaseIterable, BitwiseCopyable {
    /// Settlement-quality meter data as received.
    case actual = 0
    /// Changed by a documented edit; the edit is in the audit log.
    case edited = 1
    /// Filled by an estimation method; the method is in the audit log.
    case estimated = 2
    /// No value. The interval is a gap; its energy is unknown, not zero.
    case missing = 3

    public static func < (a: DataQuality, b: DataQuality) -> Bool { a.rawValue < b.rawValue }

    /// The code used in CSV files: A, E (edited), S (estimated), M.
    public var code: String {
        switch self {
        case .actual: return "A"
        case .edited: return "E"
        case .estimated: return "S"
        case .missing: return "M"
        }
    }

    public init?(code: String) {
        switch code {
        case "A", "": self = .actual
        case "E": self = .edited
        case "S": self = .estimated
        case "M": self = .missing
        default: return nil
        }
    }
}
