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
/// The form itself is guarded against posts from other sites (login CSRF: another site signing a person's
/// browser in with the attacker's token, so the person's work lands in the attacker's tenant). A post must come
/// from this server's own origin (``OriginCheck``: `Origin`, `Sec-Fetch-Site`, `Referer`) and carry the
/// double-submit pair: `GET /ui/login` sets a random `gridsettle_csrf` cookie (HttpOnly, SameSite=Strict,
/// Path=/ui/login) and puts the same value in the form's hidden `csrf` field; another site can neither read
/// the cookie nor make the browser send it. Otherwise 403, and no cookie.
///
/// `GET /ui/login?token=…&next=/ui/…` signs in the same way from a link. It exists for headless browsers
/// (Chromium cannot set a cookie from its command line) and scripts; the token is then in a URL, so it can
/// end up in browser history and request logs — docs/pages.md says so, and people should use the form.
struct LoginPage {
    let repository: any SettlementRepository
    var publicOrigin: String? = nil

    /// What the form posts.
    struct Form: Decodable {
        var token: String?
        var next: String?
        var csrf: String?
    }

    static let csrfCookieName = "gridsettle_csrf"

    static let maxFormBytes = 16 * 1024

    func show(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        let next = Self.safeNext(query.get("next"))
        if let token = query.get("token") {
            // a link from another site would sign the person in as whoever's token it carries
            if let refusal = OriginCheck.refusal(request, publicOrigin: publicOrigin) { throw Self.refused(refusal) }
            return try await signIn(token: token, next: next, secure: Self.isHTTPS(request), csrf: nil)
        }
        let csrf = Self.newCSRFValue()
        var response = PageResponse.html(Self.form(message: nil, next: next, csrf: csrf))
        if let cookie = Self.csrfCookie(value: csrf, secure: Self.isHTTPS(request)) { response.setCookie(cookie) }
        return response
    }

    func submit(_ request: Request) async throws -> Response {
        if let refusal = OriginCheck.refusal(request, publicOrigin: publicOrigin) { throw Self.refused(refusal) }
        let body = try await request.body.collect(upTo: Self.maxFormBytes)
        let text = String(buffer: body)
        let form = (try? URLEncodedFormDecoder().decode(Form.self, from: text)) ?? Form(token: nil, next: nil, csrf: nil)
        guard let cookie = request.cookies[Self.csrfCookieName]?.value, let field = form.csrf, Self.sameSecret(cookie, field) else {
            throw Self.refused("The form's check value is missing or does not match this browser's. Open the sign-in page again and sign in there.")
        }
        return try await signIn(token: form.token ?? "", next: Self.safeNext(form.next), secure: Self.isHTTPS(request), csrf: cookie)
    }

    static func refused(_ why: String) -> PageFailure {
        PageFailure(status: .forbidden, title: "Sign-in refused", message: "\(why) Signing in works only from this server's own sign-in page.")
    }

    /// 32 random bytes as hex: the double-submit value.
    static func newCSRFValue() -> String {
        var random = SystemRandomNumberGenerator()
        return (0..<32).map { _ in
            let b = UInt8.random(in: 0...255, using: &random)
            return String(b, radix: 16).count == 1 ? "0" + String(b, radix: 16) : String(b, radix: 16)
        }.joined()
    }

    /// Equal, non-empty and of the form ``newCSRFValue()`` makes, compared in time independent of where they differ.
    static func sameSecret(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == 64, y.count == 64 else { return false }
        var diff: UInt8 = 0
        for i in 0..<64 { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    static func csrfCookie(value: String, secure: Bool) -> Cookie? {
        try? Cookie.validated(name: csrfCookieName, value: value, path: "/ui/login", secure: secure, httpOnly: true, sameSite: .strict)
    }

    func signOut(_ request: Request) -> Response {
        var response = PageResponse.redirect("/ui/login")
        if let expired = Self.cookie(value: "", secure: Self.isHTTPS(request), maxAge: 0) { response.setCookie(expired) }
        return response
    }

    /// Checks the token as ``AuthMiddleware`` will (``TokenCheck``: known, not revoked, not expired, a known
    /// role); sets the cookie and goes on, or shows the form again with a 401 (with the same CSRF value, which
    /// the browser still holds).
    func signIn(token raw: String, next: String, secure: Bool, csrf: String?) async throws -> Response {
        let token = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        var problem = "That token is unknown or revoked. Paste the whole API token, as `gridsettle token create` printed it."
        var accepted = false
        if !token.isEmpty, token.utf8.count <= 512 {
            switch try await TokenCheck.check(token, repository: repository) {
            case .success: accepted = true
            case .failure(.expired(let at)): problem = "That token expired at \(TokenLifetime.iso8601(unixSeconds: at)). Ask for a new one."
            case .failure: break
            }
        }
        guard accepted, let cookie = Self.cookie(value: token, secure: secure) else {
            // a posted form's browser already holds its CSRF cookie; a sign-in link's gets one with the form
            let value = csrf ?? Self.newCSRFValue()
            var response = PageResponse.html(Self.form(message: problem, next: next, csrf: value), status: .unauthorized)
            if csrf == nil, let cookie = Self.csrfCookie(value: value, secure: secure) { response.setCookie(cookie) }
            return response
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

    static func form(message: String?, next: String, csrf: String) -> String {
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
        h.raw("\"><input type=\"hidden\" name=\"csrf\" value=\"")
        h.text(csrf)
        h.raw("\"><button type=\"submit\">Sign in</button></form></section>")
        return PageLayout.page(title: "Sign in", identity: nil, body: h.html)
    }
}
