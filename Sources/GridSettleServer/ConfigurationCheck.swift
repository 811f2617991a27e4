import Foundation

extension GridSettleServer.Configuration {
    /// Every limit in range, or an error naming the setting (as the `serve` option that sets it), the value and what was expected — so a server
    /// never starts with a rate limit that divides by zero, a table bound of nothing, or a timeout of no time.
    public func validate() throws {
        func check(_ ok: Bool, _ field: String, _ value: String, _ expected: String) throws {
            guard ok else { throw ConfigurationError(description: "\(field): saw \(value), expected \(expected)") }
        }
        try check((1...65_535).contains(port), "--port", String(port), "1 to 65535")
        try check((1...1_000_000).contains(rateBurst), "--rate-burst", String(rateBurst), "1 to 1000000 requests")
        try check((1...1_000_000).contains(ratePerSecond), "--rate-per-second", String(ratePerSecond), "1 to 1000000 requests")
        try check((1...(1 << 40)).contains(maxUploadBytes), "--max-upload-bytes", String(maxUploadBytes), "1 to 2^40 bytes")
        try check((1...10_000_000).contains(rateLimitMaxClients), "--rate-limit-max-clients", String(rateLimitMaxClients), "1 to 10000000")
        try check(idleTimeout >= .seconds(1) && idleTimeout <= .seconds(86_400), "--idle-timeout", "\(idleTimeout.components.seconds) s", "1 to 86400 seconds")
        try check(readTimeout >= .seconds(1) && readTimeout <= .seconds(86_400), "--read-timeout", "\(readTimeout.components.seconds) s", "1 to 86400 seconds")
        if let publicOrigin {
            try check(OriginCheck.normalized(publicOrigin) != nil, "--public-origin", "'\(publicOrigin)'", "scheme://host[:port], e.g. https://settle.example.com, with no path")
        }
    }
}

/// A server setting out of range, in words an operator can act on.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var description: String
}
