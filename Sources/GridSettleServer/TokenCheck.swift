import Foundation
import GridSettleStore

/// The one check of an API token, for the API (``AuthMiddleware``) and the sign-in page alike: its SHA-256
/// is looked up in the store (tokens are never stored in clear), and it must be known, not revoked, not past
/// its expiry and of a known role.
enum TokenCheck {
    /// Why a token is refused. The messages name the reason: whoever holds a token may learn that it was
    /// revoked or has expired, and then knows to ask for a new one.
    enum Refusal: Error, Sendable, Equatable {
        case unknown
        case revoked
        /// Past `expires_at` (seconds since 1970-01-01T00:00:00Z).
        case expired(at: Int64)
        case unknownRole(String)

        var message: String {
            switch self {
            case .unknown: return "unknown API token"
            case .revoked: return "token revoked"
            case .expired(let at): return "token expired at \(TokenLifetime.iso8601(unixSeconds: at))"
            case .unknownRole(let role): return "the token's role '\(role)' is not one of \(Identity.Role.allCases.map(\.rawValue).joined(separator: ", "))"
            }
        }

        var code: String {
            switch self {
            case .expired: return "token_expired"
            case .revoked: return "token_revoked"
            default: return "unauthorized"
            }
        }
    }

    static func check(_ token: String, repository: any SettlementRepository, now: Date = Date()) async throws -> Result<Identity, Refusal> {
        guard let t = try await repository.token(hash: ContentDigest.sha256(Array(token.utf8))) else { return .failure(.unknown) }
        if t.revoked { return .failure(.revoked) }
        if let expiresAt = t.expiresAt, now.timeIntervalSince1970 >= Double(expiresAt) { return .failure(.expired(at: expiresAt)) }
        guard let role = Identity.Role(rawValue: t.role) else { return .failure(.unknownRole(t.role)) }
        return .success(Identity(tenant: t.tenant, role: role, datasets: t.datasets.map(Set.init), tokenName: t.name))
    }
}
