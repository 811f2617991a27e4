import Foundation
import GridSettleServer
import GridSettleStore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// `POST /ui/login` answers only a form this server served: the `Origin` (or `Sec-Fetch-Site`) must be this
/// server's own, and the form's hidden `csrf` field must match the `gridsettle_csrf` cookie set with the form.
/// A post from another site gets 403 and no session cookie.
@Suite("Sign-in form against cross-site posts")
struct LoginCSRFTests {
    static let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
    static let origin = HTTPFields.Element.Name("Origin")!
    static let fetchSite = HTTPFields.Element.Name("Sec-Fetch-Site")!

    /// The form's CSRF value and the cookie that goes with it, as a browser would get them from `GET /ui/login`.
    static func formSession(_ client: some TestClientProtocol) async throws -> (field: String, cookie: String) {
        try await client.execute(uri: "/ui/login", method: .get) { r in
            let page = String(buffer: r.body)
            let marker = "name=\"csrf\" value=\""
            let start = try #require(page.range(of: marker)).upperBound
            let field = String(page[start...].prefix { $0 != "\"" })
            let setCookie = try #require(r.headers[.setCookie])
            #expect(setCookie.hasPrefix("gridsettle_csrf=") && setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
            let cookie = String(setCookie.prefix { $0 != ";" })
            #expect(!field.isEmpty && cookie == "gridsettle_csrf=\(field)")
            return (field, cookie)
        }
    }

    @Test("a post from another origin, or a cross-site fetch, gets 403 and no cookie even with a valid token and CSRF pair")
    func crossOriginRefused() async throws {
        let w = try await PagesWorld.shared.value
        let admin = try #require(w.tokens["admin"])
        try await w.app().test(.router) { client in
            let session = try await Self.formSession(client)
            var evil = Self.formHeaders
            evil[.cookie] = session.cookie
            evil[Self.origin] = "https://evil.example"
            try await client.execute(uri: "/ui/login", method: .post, headers: evil, body: PagesTests.form([("token", admin), ("csrf", session.field)])) { r in
                #expect(r.status == .forbidden && r.headers[.setCookie] == nil)
            }
            var crossSite = Self.formHeaders
            crossSite[.cookie] = session.cookie
            crossSite[Self.fetchSite] = "cross-site"
            try await client.execute(uri: "/ui/login", method: .post, headers: crossSite, body: PagesTests.form([("token", admin), ("csrf", session.field)])) { r in
                #expect(r.status == .forbidden && r.headers[.setCookie] == nil)
            }
            // the link form cannot be used from another site either (it would sign a victim in as someone else)
            try await client.execute(uri: "/ui/login?token=\(admin)", method: .get, headers: [Self.fetchSite: "cross-site"]) { r in
                #expect(r.status == .forbidden && r.headers[.setCookie] == nil)
            }
        }
    }

    @Test("without the CSRF pair, or with a field that does not match the cookie, a same-origin post is 403 with no cookie")
    func csrfPairRequired() async throws {
        let w = try await PagesWorld.shared.value
        let admin = try #require(w.tokens["admin"])
        try await w.app().test(.router) { client in
            let session = try await Self.formSession(client)
            var sameOrigin = Self.formHeaders
            sameOrigin[Self.origin] = "http://localhost"
            try await client.execute(uri: "/ui/login", method: .post, headers: sameOrigin, body: PagesTests.form([("token", admin)])) { r in
                #expect(r.status == .forbidden && r.headers[.setCookie] == nil)
            }
            var withCookie = sameOrigin
            withCookie[.cookie] = session.cookie
            try await client.execute(uri: "/ui/login", method: .post, headers: withCookie, body: PagesTests.form([("token", admin), ("csrf", session.field + "0")])) { r in
                #expect(r.status == .forbidden && r.headers[.setCookie] == nil)
            }
        }
    }

    @Test("the form this server served signs in: 303 and the session cookie HttpOnly, SameSite=Strict, Path=/")
    func sameOriginSignsIn() async throws {
        let w = try await PagesWorld.shared.value
        let admin = try #require(w.tokens["admin"])
        try await w.app().test(.router) { client in
            let session = try await Self.formSession(client)
            var headers = Self.formHeaders
            headers[.cookie] = session.cookie
            headers[Self.origin] = "http://localhost"
            headers[Self.fetchSite] = "same-origin"
            try await client.execute(uri: "/ui/login", method: .post, headers: headers, body: PagesTests.form([("token", admin), ("csrf", session.field)])) { r in
                #expect(r.status == .seeOther && r.headers[.location] == "/ui")
                let cookie = try #require(r.headers[.setCookie])
                #expect(cookie.hasPrefix("gridsettle_token=\(admin)") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"))
            }
        }
    }
}
