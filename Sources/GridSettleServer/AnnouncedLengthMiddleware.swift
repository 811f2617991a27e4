import Hummingbird

/// Refuses a request whose `Content-Length` announces more than the upload limit, from the header alone,
/// before authentication and before a byte of the body is read: 413, and `Connection: close` so the
/// connection is dropped (``RequestReadTimeoutHandler``) instead of the rest of the body being read and
/// thrown away. A `Content-Length` that is not a plain decimal count is a 400.
struct AnnouncedLengthMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let maxBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let raw = request.headers[.contentLength] {
            guard !raw.isEmpty, raw.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                throw APIError(.badRequest, "bad_content_length", "Content-Length '\(raw.prefix(40))': expected a decimal byte count", headers: [.connection: "close"])
            }
            let announced = Int(raw)  // nil past Int.max: over any limit, refused below
            if announced.map({ $0 > maxBytes }) ?? true {
                throw APIError(.contentTooLarge, "payload_too_large", "the request announces \(raw.prefix(40)) bytes; the limit is \(maxBytes)",
                               headers: [.connection: "close"])
            }
        }
        return try await next(request, context)
    }
}
