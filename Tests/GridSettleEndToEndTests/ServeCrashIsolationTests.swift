import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `gridsettle serve` settles each run in a child process (`gridsettle settle-run`): a settlement that traps
/// costs its own request a `settlement_crashed` error and nothing else — the server, `/health` and the other
/// tenants go on — and runs in flight leave the server free to answer. The trap and the wait are the
/// test-only fault hooks of the child (`GRIDSETTLE_FAULT_CRASH_SETTLEMENT`, `GRIDSETTLE_FAULT_HOLD_SETTLEMENT`).
@Suite("gridsettle serve survives a settlement that crashes")
struct ServeCrashIsolationTests {
    /// A running `gridsettle serve` on a temporary SQLite database, with its log.
    struct Server {
        let process: Process
        let port: Int
        let database: String
        let log: String

        static func start(in dir: String, arguments: [String], environment: [String: String]) async throws -> Server {
            let port = Int.random(in: 20_000...40_000)
            let database = (dir as NSString).appendingPathComponent("serve.sqlite")
            let log = (dir as NSString).appendingPathComponent("server.log")
            _ = FileManager.default.createFile(atPath: log, contents: nil)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: KilledRunTests.binary)
            p.arguments = ["serve", "--database", database, "--port", String(port)] + arguments
            p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            let server = Server(process: p, port: port, database: database, log: log)
            for _ in 0..<200 {
                if try await server.request("GET", "/ready").status == 200 { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            return server
        }

        /// Status and body of one request; status 0 when the server did not answer.
        func request(_ method: String, _ path: String, token: String? = nil, body: [UInt8]? = nil) async throws -> (status: Int, body: Data) {
            var r = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
            r.httpMethod = method
            r.timeoutInterval = 600
            if let token { r.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
            if let body { r.httpBody = Data(body) }
            guard let (data, response) = try? await URLSession.shared.data(for: r) else { return (0, Data()) }
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
        }

        /// `gridsettle token create` on the server's database.
        func token(tenant: String) throws -> String {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: KilledRunTests.binary)
            p.arguments = ["token", "create", "--tenant", tenant, "--role", "admin", "--name", "\(tenant)-ops", "--database", database]
            let out = Pipe()
            p.standardOutput = out
            try p.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// Sends every file of the generated LA AFB month as `dataset`.
        func ingestExample(_ dataset: String, token: String) async throws {
            for (name, bytes) in E2E.files(try E2E.example()).sorted(by: { $0.key < $1.key }) {
                let status = try await request("PUT", "/v1/datasets/\(dataset)/files/\(name)", token: token, body: bytes).status
                #expect(status == 201, "ingest \(dataset)/\(name): \(status)")
            }
        }

        func stop() -> (reason: Process.TerminationReason, status: Int32) {
            if process.isRunning { kill(process.processIdentifier, SIGTERM) }
            process.waitUntilExit()
            return (process.terminationReason, process.terminationStatus)
        }

        var logText: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
    }

    static func object(_ data: Data) -> [String: Any] { (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:] }
    static func array(_ data: Data) -> [[String: Any]] { (try? JSONSerialization.jsonObject(with: data)) as? [[String: Any]] ?? [] }

    /// The markers a held settlement of `dataset` writes into `directory` (one per child process).
    static func held(_ dataset: String, in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasPrefix("held-\(dataset)-") }
    }

    /// Waits (at most 5 minutes) until `count` settlements of `dataset` are held.
    static func waitUntilHeld(_ dataset: String, count: Int, in directory: String, server: Server) async throws {
        for _ in 0..<3000 {
            if held(dataset, in: directory).count >= count || !server.process.isRunning { return }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    @Test("a settlement that traps: its request gets settlement_crashed; the server, /health and another tenant go on")
    func crashIsolated() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: KilledRunTests.binary), "build the gridsettle executable first (swift build)")
        let dir = E2E.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let holds = (dir as NSString).appendingPathComponent("holds")
        try FileManager.default.createDirectory(atPath: holds, withIntermediateDirectories: true)
        let server = try await Server.start(
            in: dir, arguments: ["--max-concurrent-runs", "2"],
            environment: ["GRIDSETTLE_FAULT_CRASH_SETTLEMENT": "crashme", "GRIDSETTLE_FAULT_HOLD_SETTLEMENT": holds])
        defer { _ = server.stop() }
        let acme = try server.token(tenant: "acme")
        let other = try server.token(tenant: "other")
        try await server.ingestExample("crashme", token: acme)
        try await server.ingestExample("site-1", token: other)
        let first = try await server.request("POST", "/v1/datasets/site-1/runs", token: other)
        #expect(first.status == 201, "\(String(decoding: first.body, as: UTF8.self))")
        let firstRun = try #require(Self.object(first.body)["id"] as? Int)

        // the crashing settlement is held in its child until the other tenant has been served
        let gate = (holds as NSString).appendingPathComponent("hold-crashme")
        _ = FileManager.default.createFile(atPath: gate, contents: nil)
        let crashing = Task { try await server.request("POST", "/v1/datasets/crashme/runs", token: acme) }
        try await Self.waitUntilHeld("crashme", count: 1, in: holds, server: server)
        #expect(Self.held("crashme", in: holds).count == 1, "the crashing settlement never started")
        #expect(try await server.request("GET", "/health").status == 200)
        let runsMeanwhile = try await server.request("GET", "/v1/runs", token: other)
        #expect(runsMeanwhile.status == 200 && Self.array(runsMeanwhile.body).map { $0["id"] as? Int } == [firstRun])
        #expect(try await server.request("GET", "/v1/runs/\(firstRun)/statement", token: other).status == 200)
        let secondMeanwhile = try await server.request("POST", "/v1/datasets/site-1/runs", token: other)
        #expect(secondMeanwhile.status == 201, "\(String(decoding: secondMeanwhile.body, as: UTF8.self))")

        try FileManager.default.removeItem(atPath: gate)
        let crashed = try await crashing.value
        let error = Self.object(crashed.body)["error"] as? [String: Any] ?? [:]
        #expect(crashed.status == 500 && error["code"] as? String == "settlement_crashed", "\(String(decoding: crashed.body, as: UTF8.self))")
        let message = error["message"] as? String ?? ""
        #expect(message.contains("crashme") && message.contains("killed by signal"), "\(message)")
        let requestID = try #require(message.components(separatedBy: "the request id is ").last.flatMap { $0.isEmpty ? nil : $0 })
        #expect(server.process.isRunning, "the server died with its settlement")

        // afterwards: the server, the other tenant and its runs, the crashed tenant's store all whole
        #expect(try await server.request("GET", "/health").status == 200)
        let third = try await server.request("POST", "/v1/datasets/site-1/runs", token: other)
        #expect(third.status == 201 && Self.object(third.body)["version"] as? Int == 3, "\(String(decoding: third.body, as: UTF8.self))")
        #expect(Self.array(try await server.request("GET", "/v1/runs", token: other).body).count == 3)
        let acmeRuns = try await server.request("GET", "/v1/runs", token: acme)
        #expect(acmeRuns.status == 200 && Self.array(acmeRuns.body).isEmpty, "a crashed settlement left a run behind")
        let metrics = String(decoding: try await server.request("GET", "/metrics").body, as: UTF8.self)
        #expect(metrics.contains(#"gridsettle_settlements_total{outcome="crashed"} 1"#), "\(metrics)")
        #expect(metrics.contains(#"gridsettle_settlements_total{outcome="saved"} 3"#), "\(metrics)")
        #expect(server.process.isRunning)

        let stopped = server.stop()
        #expect(stopped.reason == .exit && stopped.status == 0)
        let log = server.logText
        #expect(log.contains("GRIDSETTLE_FAULT_CRASH_SETTLEMENT"), "the child's trap message is not in the server log")
        #expect(log.split(separator: "\n").contains { $0.contains("run failed") && $0.contains(requestID) && $0.contains("outcome=crashed") },
                "no log line for the crashed run with request id \(requestID): \(log.suffix(2000))")
    }

    @Test("settlements in flight leave the server free: /health answers while they are held, then they all finish")
    func healthWhileRunsInFlight() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: KilledRunTests.binary), "build the gridsettle executable first (swift build)")
        let dir = E2E.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let holds = (dir as NSString).appendingPathComponent("holds")
        try FileManager.default.createDirectory(atPath: holds, withIntermediateDirectories: true)
        let datasets = ["site-1", "site-2", "site-3"]
        let server = try await Server.start(
            in: dir, arguments: ["--max-concurrent-runs", String(datasets.count)], environment: ["GRIDSETTLE_FAULT_HOLD_SETTLEMENT": holds])
        defer { _ = server.stop() }
        let acme = try server.token(tenant: "acme")
        var runs: [(gate: String, request: Task<(status: Int, body: Data), any Error>)] = []
        for dataset in datasets {
            try await server.ingestExample(dataset, token: acme)
            let gate = (holds as NSString).appendingPathComponent("hold-\(dataset)")
            _ = FileManager.default.createFile(atPath: gate, contents: nil)
            runs.append((gate, Task { try await server.request("POST", "/v1/datasets/\(dataset)/runs", token: acme) }))
        }
        for dataset in datasets {
            try await Self.waitUntilHeld(dataset, count: 1, in: holds, server: server)
            #expect(Self.held(dataset, in: holds).count == 1, "the settlement of \(dataset) never started")
        }
        let health = try await server.request("GET", "/health")
        #expect(health.status == 200 && Self.object(health.body)["status"] as? String == "ok")
        #expect(try await server.request("GET", "/ready").status == 200)
        #expect(runs.allSatisfy { FileManager.default.fileExists(atPath: $0.gate) }, "the runs were no longer in flight")

        // released one at a time: each is the next version of the same site and period
        var versions: [Int] = []
        for run in runs {
            try FileManager.default.removeItem(atPath: run.gate)
            let r = try await run.request.value
            #expect(r.status == 201, "\(String(decoding: r.body, as: UTF8.self))")
            versions.append(Self.object(r.body)["version"] as? Int ?? 0)
        }
        #expect(versions == Array(1...datasets.count))
    }
}
