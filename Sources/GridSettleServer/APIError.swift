import Foundation
import Hummingbird
import NIOCore

/// Every error the API returns: a status and a JSON body `{"error": {"status", "code", "message"}}`, plus
/// details (e.g. the dataset issues that stopped a run) when there are any.
public struct APIError: Error, HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var details: [String]
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, details: [String] = [], headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers
    }

    public static func notFound(_ what: String) -> APIError { APIError(.notFound, "not_found", "\(what) not found") }

    struct Body: Encodable {
        struct Inner: Encodable {
            var status: Int
            var code: String
            var message: String
            var details: [String]?
        }
        var error: Inner
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(error: Body.Inner(status: status.code, code: code, message: message, details: details.isEmpty ? nil : details))
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try JSONCoding.encode(body))))
    }
}

/// Deterministic JSON for responses: sorted keys, no escaped slashes.
enum JSONCoding {
    static func encode(_ value: some Encodable) throws -> [UInt8] {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return [UInt8](try e.encode(value))
    }

    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encode(value))))
    }
}
