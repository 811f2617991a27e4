import Foundation

/// What `gridsettle token create --expires` accepts: an ISO 8601 instant with a zone
/// (`2027-01-31T00:00:00Z`, `2027-01-31T09:00:00+09:00`) or a duration from now — a whole number followed by
/// `d` (days), `h` (hours) or `m` (minutes), e.g. `90d`. The result is the expiry in seconds since
/// 1970-01-01T00:00:00Z, as `api_token.expires_at` holds it. An instant not after `now`, a duration of zero,
/// or more than ten years ahead is refused: a token that never works, or one that might as well never
/// expire, is a mistake worth saying so.
public enum TokenLifetime {
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Ten years: the longest lifetime accepted.
    public static let maxSeconds: Int64 = 10 * 366 * 86_400

    public static func expiry(_ text: String, now: Date) throws -> Int64 {
        let value = text.trimmingCharacters(in: .whitespaces)
        let nowSeconds = Int64(now.timeIntervalSince1970.rounded(.down))
        let expected = "an ISO 8601 instant with a zone (2027-01-31T00:00:00Z) or a duration such as 90d, 12h or 30m"
        let at: Int64
        if let unit = value.last, "dhm".contains(unit), value.count >= 2 {
            let digits = value.dropLast()
            guard digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int64(digits) else {
                throw Invalid(description: "--expires '\(text)': expected \(expected)")
            }
            let perUnit: Int64 = unit == "d" ? 86_400 : (unit == "h" ? 3_600 : 60)
            let (seconds, overflow) = n.multipliedReportingOverflow(by: perUnit)
            guard !overflow, seconds > 0, seconds <= maxSeconds else {
                throw Invalid(description: "--expires '\(text)': expected a duration of 1 minute to 3660 days")
            }
            at = nowSeconds + seconds
        } else {
            let f = ISO8601DateFormatter()
            f.formatOptions = [.withInternetDateTime]
            guard let date = f.date(from: value) else { throw Invalid(description: "--expires '\(text)': expected \(expected)") }
            at = Int64(date.timeIntervalSince1970.rounded(.down))
            guard at > nowSeconds else {
                throw Invalid(description: "--expires '\(text)': that instant is not in the future (now is \(iso8601(unixSeconds: nowSeconds)))")
            }
            guard at - nowSeconds <= maxSeconds else { throw Invalid(description: "--expires '\(text)': more than 3660 days ahead") }
        }
        return at
    }

    /// `2027-01-31T00:00:00Z`.
    public static func iso8601(unixSeconds: Int64) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date(timeIntervalSince1970: Double(unixSeconds)))
    }
}
