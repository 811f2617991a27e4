import GridSettleReports
import Hummingbird
import NIOCore

/// HTML responses with the headers every page carries. The pages hold a tenant's settlement figures, so
/// nothing is cached and no other site may frame them; the content security policy allows no script at all
/// (the pages have none) and styles only from this server, so a string that slipped past escaping still
/// could not run.
enum PageResponse {
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    static func html(_ page: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: headers(contentType: "text/html; charset=utf-8"), body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    static func headers(contentType: String) -> HTTPFields {
        var h: HTTPFields = [:]
        h[.contentType] = contentType
        h[.cacheControl] = "no-store"
        h[.contentSecurityPolicy] = contentSecurityPolicy
        h[.xContentTypeOptions] = "nosniff"
        if let referrer = HTTPFields.Element.Name("Referrer-Policy") { h[referrer] = "no-referrer" }
        return h
    }

    /// 303 See Other: after a form post the browser fetches the target with GET.
    static func redirect(_ location: String) -> Response {
        var h = headers(contentType: "text/plain; charset=utf-8")
        h[.location] = location
        return Response(status: .seeOther, headers: h)
    }

    /// An error as a page (the API's JSON errors are for programs): 404 says only that there is nothing
    /// here, never whether something exists for someone else.
    static func error(_ failure: PageFailure, identity: Identity?) -> Response {
        var h = PageBuffer()
        h.raw("<section class=\"error-page\"><div class=\"eyebrow\">")
        h.text("\(failure.status.code) \(failure.status.reasonPhrase)")
        h.raw("</div><h1>")
        h.text(failure.title)
        h.raw("</h1><p>")
        h.text(failure.message)
        h.raw("</p><p><a href=\"\(identity == nil ? "/ui/login" : "/ui")\">")
        h.text(identity == nil ? "Sign in" : "Back to your runs")
        h.raw("</a></p></section>")
        return html(PageLayout.page(title: failure.title, identity: identity, body: h.html), status: failure.status)
    }
}

/// Why a page cannot be shown, as a status and words for the person reading it.
struct PageFailure: Error, Sendable {
    var status: HTTPResponse.Status
    var title: String
    var message: String

    /// Anything missing or not the caller's: the same page either way, as the API does.
    static func notFound(_ what: String) -> PageFailure {
        PageFailure(status: .notFound, title: "Not found", message: "\(what) does not exist or is not visible to this token.")
    }

    /// A stored run whose data cannot be decoded: named, not shown half.
    static func damaged(_ reason: String) -> PageFailure {
        PageFailure(status: .internalServerError, title: "Damaged run", message: "The stored run cannot be read: \(reason).")
    }

    static func forbidden(_ message: String) -> PageFailure {
        PageFailure(status: .forbidden, title: "Not available to your role", message: message)
    }
}
