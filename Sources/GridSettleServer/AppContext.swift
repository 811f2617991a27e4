import Foundation
import Hummingbird
import Logging

/// The request context: Hummingbird's core storage plus the caller's ``Identity`` once authenticated.
public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Identity?
    /// The peer's IP address (no port), which the rate limit keys callers without a valid token by; nil when the
    /// channel has none (HummingbirdTesting's router mode, a Unix socket).
    public var clientAddress: String?

    public init(source: Source) {
        coreContext = .init(source: source)
        identity = nil
        clientAddress = source.channel.remoteAddress?.ipAddress
    }


    /// The authenticated caller, or 401.
    func caller() throws -> Identity {
        guard let identity else { throw APIError(.unauthorized, "unauthorized", "missing or invalid API token") }
        return identity
    }
}
