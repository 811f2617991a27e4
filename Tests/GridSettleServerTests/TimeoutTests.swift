#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GridSettleServer
import GridSettleStore
import Hummingbird
import HummingbirdTesting
import Prometheus
import Testing

/// The connection limits over a real socket (router mode has no connection): a connection that sends
/// nothing, or trickles a request head, is closed after the idle timeout; a body that trickles is closed after
/// the read timeout; a request announcing a body over the limit is answered 413 and the connection closed
/// without the body being sent. Each waits for the server to close, up to a bound far above the configured
/// timeout, so a slow machine cannot make it fail and a server that never closes does.
///
/// The socket calls block, so they run on a thread of their own (``offPool(_:)``): on Swift Testing's cooperative
/// pool (two threads here) a blocked `recv` holds one of the threads the server under test needs to answer, and
/// with the other taken by a minute-long property test the answer never came — the server's own idle timeout
/// closed the connection first and the test read nothing.
@Suite("Connection timeouts (live socket)")
struct TimeoutTests {
    /// A blocking TCP connection to 127.0.0.1 with a receive timeout, so no test can hang.
    final class Connection: Sendable {
        let fd: Int32

        /// 120 s: the server under test shares Swift Testing's cooperative threads with the suite's minute-long
        /// property tests on a two-core machine, and an answer has been seen to take over 20 s there.
        init(port: Int, receiveTimeoutSeconds: Int = 120) throws {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw POSIXError(.EBADF) }
            var timeout = timeval(tv_sec: receiveTimeoutSeconds, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { close(fd); throw POSIXError(.ECONNREFUSED) }
        }

        deinit { close(fd) }

        /// Sends bytes; false once the server has closed the connection.
        func send(_ text: String) -> Bool {
            let bytes = Array(text.utf8)
            return bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
        }

        /// Everything the server sends until it closes the connection; nil when it is still open after the
        /// receive timeout.
        func readUntilClosed() -> String? {
            var out: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if n == 0 { return String(decoding: out, as: UTF8.self) }
                if n < 0 { return errno == ECONNRESET ? String(decoding: out, as: UTF8.self) : nil }
                out += buffer[0..<n]
            }
        }

        /// Whether the server has closed the connection, without waiting.
        func closedByServer() -> Bool {
            var byte: UInt8 = 0
            let n = recv(fd, &byte, 1, Int32(MSG_DONTWAIT | MSG_PEEK))
            return n == 0 || (n < 0 && errno == ECONNRESET)
        }
    }

    /// Runs blocking socket calls on a thread of their own, off the cooperative pool the server answers on.
    static func offPool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: body()) }.start()
        }
    }

    static func live(idle: Duration, read: Duration, _ body: @escaping @Sendable (Int, String) async throws -> Void) async throws {
        let repo = try SettlementStore(path: NSTemporaryDirectory() + "gridsettle-timeout-\(UInt64.random(in: 0...UInt64.max)).sqlite")
        let token = "gs_timeout_\(UInt32.random(in: 0...UInt32.max))"
        try await repo.saveToken(StoredToken(hash: ContentDigest.sha256(Array(token.utf8)), tenant: "acme", name: "t", role: "admin", datasets: nil))
        let configuration = GridSettleServer.Configuration(port: 0, maxUploadBytes: 1000, idleTimeout: idle, readTimeout: read)
        let app = Application(
            router: GridSettleServer.router(repository: repo, registry: PrometheusCollectorRegistry(), configuration: configuration),
            server: GridSettleServer.httpServer(configuration),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in try await body(try #require(client.port), token) }
    }

    @Test("a connection that sends nothing, or a request head a byte at a time and then stops, is closed after the idle timeout")
    func idleConnectionClosed() async throws {
        try await Self.live(idle: .seconds(1), read: .seconds(60)) { port, _ in
            let silent = try Connection(port: port)
            #expect(await Self.offPool { silent.readUntilClosed() } != nil)
            let partial = try Connection(port: port)
            #expect(partial.send("GET /health HTTP/1.1\r\nHo"))
            #expect(await Self.offPool { partial.readUntilClosed() } != nil)
        }
    }

    @Test("a body sent a byte at a time is cut off after the read timeout, though the connection is never idle")
    func tricklingBodyClosed() async throws {
        try await Self.live(idle: .seconds(60), read: .seconds(1)) { port, token in
            let c = try Connection(port: port)
            #expect(c.send("PUT /v1/datasets/d1/files/readings.csv HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nContent-Length: 900\r\n\r\n"))
            var closed = false
            // a byte every 100 ms: 900 bytes would take 90 s; give the server 30 s to close
            for _ in 0..<300 where !closed {
                try await Task.sleep(for: .milliseconds(100))
                closed = c.closedByServer() || !c.send("x")
            }
            #expect(closed)
        }
    }

    @Test("a request announcing a body over the limit gets 413 with Connection: close, and the connection is closed without the body")
    func announcedBodyRefusedAndClosed() async throws {
        // the timeouts far above the wait: this test is about the 413, and a starved server must not be cut off by them
        try await Self.live(idle: .seconds(900), read: .seconds(900)) { port, token in
            let c = try Connection(port: port, receiveTimeoutSeconds: 600)
            #expect(c.send("PUT /v1/datasets/d1/files/readings.csv HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nContent-Length: 99999999999\r\n\r\n"))
            let answer = try #require(await Self.offPool { c.readUntilClosed() })
            #expect(answer.hasPrefix("HTTP/1.1 413"))
            #expect(answer.lowercased().contains("connection: close"))
        }
    }
}
