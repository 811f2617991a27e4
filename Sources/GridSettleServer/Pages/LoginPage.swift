import GridSettleReports
import Foundation
import GridSettleStore
import Hummingbird
import NIOCore

/// Sign-in and sign-out for the pages. The API token is the credential (there are no passwords): the form
/// posts it once, the server checks its SHA-256 against the store like the API does, and on success keeps it
/// in the `gridsettle_token` cookie — HttpOnly (no script can read it), SameSite=Strict (no other site can
/// make the browser send it, which is what protects the pages' forms from cross-site requests), Path=/.
/// ``AuthMiddleware`` then reads the cookie on every `/ui` request.
///
/// `GET /ui/login?token=…&next=/ui/…` signs in the same way from a link. It exists for headless browsers
/// (Chromium cannot set a cookie from its command line) and scripts; the token is then in a URL, so it can
/// end up in browser history and request logs — docs/pages.md says so, and people should use the form.
struct LoginPage {
    let repository: any SettlementRepository

    /// What the form posts.
    struct Form: Decodable {
        var token: String?
        var next: String?
    }

    static let maxFormBytes = 16 * 1024

    func show(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        let next = Self.safeNext(query.get("next"))
        if let token = query.get("token") {
            return try await signIn(token: token, next: next, secure: Self.isHTTPS(request))
        }
        return PageResponse.html(Self.form(message: nil, next: next))
    }

    func submit(_ request: Request) async throws -> Response {
        let body = try await request.body.collect(upTo: Self.maxFormBytes)
        let text = String(buffer: body)
        let form = (try? URLEncodedFormDecoder().decode(Form.self, from: text)) ?? Form(token: nil, next: nil)
        return try await signIn(token: form.token ?? "", next: Self.safeNext(form.next), secure: Self.isHTTPS(request))
    }

    func signOut(_ request: Request) -> Response {
        var response = PageResponse.redirect("/ui/login")
        if let expired = Self.cookie(value: "", secure: Self.isHTTPS(request), maxAge: 0) { response.setCookie(expired) }
        return response
    }

    /// Checks the token as ``AuthMiddleware`` will (known, not revoked, a known role); sets the cookie and
    /// goes on, or shows the form again with a 401.
    func signIn(token raw: String, next: String, secure: Bool) async throws -> Response {
        let token = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty, token.utf8.count <= 512,
            let stored = try await repository.token(hash: ContentDigest.sha256(Array(token.utf8))), !stored.revoked,
            Identity.Role(rawValue: stored.role) != nil,
            let cookie = Self.cookie(value: token, secure: secure)
        else {
            return PageResponse.html(Self.form(message: "That token is unknown or revoked. Paste the whole API token, as `gridsettle token create` printed it.", next: next), status: .unauthorized)
        }
        var response = PageResponse.redirect(next)
        response.setCookie(cookie)
        return response
    }

    /// The session cookie (no expiry: it ends with the browser session); nil when the value has characters a
    /// cookie cannot carry (RFC 6265), which no token `gridsettle token create` makes has.
    static func cookie(value: String, secure: Bool, maxAge: Int? = nil) -> Cookie? {
        try? Cookie.validated(name: AuthMiddleware.cookieName, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }

    /// Behind a TLS-terminating proxy the cookie is marked Secure, so a browser never sends it over plain HTTP.
    static func isHTTPS(_ request: Request) -> Bool {
        guard let name = HTTPFields.Element.Name("X-Forwarded-Proto"), let proto = request.headers[name] else { return false }
        return proto.lowercased() == "https"
    }

    /// Where to go after signing in: a page of this server under `/ui`, never another host (no `//x`, no
    /// scheme) and only characters a path and query need, else `/ui` — the value becomes a Location header.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.utf8.count <= 512, next == "/ui" || next.hasPrefix("/ui/") || next.hasPrefix("/ui?") else { return "/ui" }
        guard !next.contains("//"), next.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "/?=&-_.%".contains($0)) }) else { return "/ui" }
        return next
    }

    static func form(message: String?, next: String) -> String {
        var h = PageBuffer()
        h.raw("<section class=\"login\"><h1>Sign in</h1>")
        h.raw("<p class=\"muted\">Use your GridSettle API token. It decides your tenant, your role and the datasets you see.</p>")
        if let message {
            h.raw("<p class=\"form-error\" role=\"alert\">")
            h.text(message)
            h.raw("</p>")
        }
        h.raw("<form method=\"post\" action=\"/ui/login\"><label for=\"token\">API token</label>")
        h.raw("<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"off\" required autofocus placeholder=\"gs_…\">")
        h.raw("<input type=\"hidden\" name=\"next\" value=\"")
        h.text(next)
        h.raw("\"><button type=\"submit\">Sign in</button></form></section>")
        return PageLayout.page(title: "Sign in", identity: nil, body: h.html)
    }
}
