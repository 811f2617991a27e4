import Foundation
import GridSettleServer
import GridSettleStore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A request that announces a body over the upload limit is refused from its `Content-Length` alone, before
/// any of the body is read; an announcement that is not a length is a 400.
@Suite("Announced body length")
struct UploadLimitTests {
    @Test("a PUT announcing 99,999,999,999 bytes is 413 payload_too_large without its body being read; nothing is stored")
    func announcedLengthRefused() async throws {
        let w = try await APITests.world(configuration: .init(maxUploadBytes: 1000))
        let before = try await w.repo.fileVersions(tenant: "acme", dataset: "a1", name: "events.csv").count
        try await w.app().test(.router) { client in
            // no body is sent at all: a server that waited to read it would store an empty file (201)
            var headers = APITests.auth(w.tokens["admin"]!)
            headers[.contentLength] = "99999999999"
            try await client.execute(uri: "/v1/datasets/a1/files/events.csv", method: .put, headers: headers) { r in
                #expect(r.status == .contentTooLarge && APITests.errorCode(r) == "payload_too_large")
                #expect((APITests.json(r)["error"] as? [String: Any])?["message"] as? String == "the request announces 99999999999 bytes; the limit is 1000")
            }
            // the same without a token: refused before authentication, so no one can make the server read a huge body
            try await client.execute(uri: "/v1/datasets/a1/files/events.csv", method: .put, headers: [.contentLength: "1001"]) { r in
                #expect(r.status == .contentTooLarge)
            }
            // more digits than any Int holds is still a count, and over the limit
            headers[.contentLength] = "999999999999999999999999"
            try await client.execute(uri: "/v1/datasets/a1/files/events.csv", method: .put, headers: headers) { r in
                #expect(r.status == .contentTooLarge && r.headers[.connection] == "close")
            }
            for bad in ["-1", "12x", "1,000"] {
                headers[.contentLength] = bad
                try await client.execute(uri: "/v1/datasets/a1/files/events.csv", method: .put, headers: headers) { r in
                    #expect(r.status == .badRequest && APITests.errorCode(r) == "bad_content_length", "\(bad)")
                }
            }
            #expect(try await w.repo.fileVersions(tenant: "acme", dataset: "a1", name: "events.csv").count == before)
            // at the limit is accepted
            try await client.execute(uri: "/v1/datasets/a1/files/events.csv", method: .put, headers: APITests.auth(w.tokens["admin"]!),
                                     body: ByteBuffer(repeating: 65, count: 1000)) { r in
                #expect(r.status == .created)
            }
            #expect(try await w.repo.fileVersions(tenant: "acme", dataset: "a1", name: "events.csv").count == before + 1)
        }
    }
}
