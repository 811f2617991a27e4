import Foundation
import Hummingbird
import Logging

/// The request context: Hummingbird's core storage plus the caller's ``Identity`` once authenticated.
public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Identity?

    public init(source: Source) {
        coreContext = .init(source: source)
        identity = nil
    }


    /// The authenticated caller, or 401.
    func caller() throws -> Identity {
        guard let identity else { throw APIError(.unauthorized, "unauthorized", "missing or invalid API token") }
        return identity
    }
}
