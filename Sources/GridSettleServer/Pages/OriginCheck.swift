import Foundation
import Hummingbird

/// Whether a request to sign in came from this server's own pages. A browser says where a request comes
/// from: `Origin` on a form post, `Sec-Fetch-Site` on every request of a current browser, `Referer` often. Any of
/// them naming another site refuses the request; a client that sends none of them (a script with its own
/// token) is not a browser someone else's page could drive, and still needs the form's CSRF pair.
enum OriginCheck {
    /// `scheme://host[:port]`, lower case, without the scheme's default port; nil when it is not one (a path,
    /// user info, no host, a scheme other than http or https).
    static func normalized(_ text: String) -> String? {
        let lower = text.lowercased()
        let scheme: String
        if lower.hasPrefix("https://") { scheme = "https" } else if lower.hasPrefix("http://") { scheme = "http" } else { return nil }
        var authority = String(lower.dropFirst(scheme.count + 3))
        if authority.hasSuffix("/") { authority.removeLast() }
        guard !authority.isEmpty, authority.count <= 255,
            authority.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-:[]".contains($0)) }) else { return nil }
        if scheme == "https", authority.hasSuffix(":443") { authority.removeLast(4) }
        if scheme == "http", authority.hasSuffix(":80") { authority.removeLast(3) }
        return "\(scheme)://\(authority)"
    }

    /// This server's origin as the request reached it: the configured public origin, else the request's
    /// scheme (`X-Forwarded-Proto` behind a TLS proxy) and its Host.
    static func own(_ request: Request, publicOrigin: String?) -> String? {
        if let publicOrigin { return normalized(publicOrigin) }
        guard let host = request.head.authority else { return nil }
        return normalized("\(LoginPage.isHTTPS(request) ? "https" : "http")://\(host)")
    }

    static let origin = HTTPFields.Element.Name("Origin")!
    static let fetchSite = HTTPFields.Element.Name("Sec-Fetch-Site")!
    static let referer = HTTPFields.Element.Name("Referer")!

    /// nil when the request may come from this server's own pages; else why not, in words for the person.
    static func refusal(_ request: Request, publicOrigin: String?) -> String? {
        let own = own(request, publicOrigin: publicOrigin)
        if let site = request.headers[fetchSite]?.lowercased(), site != "same-origin", site != "none" {
            return "The browser says this request came from another site (Sec-Fetch-Site: \(site.prefix(20)))."
        }
        if let origin = request.headers[origin] {
            guard let own, normalized(origin) == own else { return "The request came from \(origin.prefix(100)), not from this server's own page." }
        } else if let referer = request.headers[referer] {
            // the referrer's origin: scheme and authority, up to the first '/' after them
            let afterScheme = referer.range(of: "://").map { referer[$0.upperBound...] } ?? ""
            let authority = afterScheme.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            let scheme = referer.prefix { $0 != ":" }
            guard let own, normalized("\(scheme)://\(authority)") == own else { return "The request came from another page than this server's own." }
        }
        return nil
    }
}
