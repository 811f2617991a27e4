import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `gridsettle serve` as a process: it answers readiness on loopback, finishes a request in flight, and on
/// SIGTERM stops cleanly (exit status 0, "stopped" logged) — graceful shutdown through ServiceLifecycle.
@Suite("gridsettle serve shuts down gracefully")
struct ServeShutdownTests {
    @Test("SIGTERM: the server stops with status 0 after answering")
    func sigterm() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: KilledRunTests.binary), "build the gridsettle executable first (swift build)")
        let dir = E2E.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let port = Int.random(in: 20_000...40_000)
        let log = (dir as NSString).appendingPathComponent("server.log")
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: KilledRunTests.binary)
        p.arguments = ["serve", "--database", (dir as NSString).appendingPathComponent("s.sqlite"), "--port", String(port)]
        p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        var ready: [String: Any]?
        for _ in 0..<100 {
            if let (data, response) = try? await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/ready")!),
                (response as? HTTPURLResponse)?.statusCode == 200
            {
                ready = try JSONSerialization.jsonObject(with: data) as? [String: Any]
                break
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(ready?["status"] as? String == "ready" && ready?["backend"] as? String == "sqlite")
        let (body, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/v1/runs")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 401)
        #expect(String(decoding: body, as: UTF8.self).contains("\"unauthorized\""))
        kill(p.processIdentifier, SIGTERM)
        p.waitUntilExit()
        #expect(p.terminationReason == .exit && p.terminationStatus == 0)
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(text.contains("stopped"), "\(text.suffix(500))")
    }
}
