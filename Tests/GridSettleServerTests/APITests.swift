import Foundation
import GridSettleCore
import GridSettleExamples
import GridSettleFormats
import GridSettleServer
import GridSettleStore
import GridSettleWorkflows
import Hummingbird
import HummingbirdTesting
import NIOCore
import Prometheus
import Synchronization
import Testing

/// The HTTP API in-process (HummingbirdTesting's router mode) on a SQLite store: tenancy and roles through
/// every documented endpoint, idempotent ingest, runs, limits, JSON errors, health, metrics.
@Suite("HTTP API")
struct APITests {
    /// Tenant `acme` owns datasets `a1` (the generated LA AFB month, settled once) and `a2`; tenant `other` has
    /// its own admin. Tokens by role.
    struct World {
        var repo: SettlementStore
        var tokens: [String: String]
        var run: Int64
        var configuration: GridSettleServer.Configuration

        func app() -> some ApplicationProtocol {
            Application(router: GridSettleServer.router(repository: repo, registry: PrometheusCollectorRegistry(), configuration: configuration))
        }
    }

    static func world(configuration: GridSettleServer.Configuration = .init()) async throws -> World {
        let path = NSTemporaryDirectory() + "gridsettle-api-\(UInt64.random(in: 0...UInt64.max)).sqlite"
        let repo = try SettlementStore(path: path)
        var tokens: [String: String] = [:]
        for (key, tenant, role, datasets) in [
            ("admin", "acme", "admin", nil), ("scheduler", "acme", "scheduler", ["a1"]), ("utility", "acme", "utility", ["a1"]),
            ("aggregator-a2", "acme", "aggregator", ["a2"]), ("other", "other", "admin", nil),
        ] as [(String, String, String, [String]?)] {
            let token = "gs_test_\(key)_\(UInt32.random(in: 0...UInt32.max))"
            try await repo.saveToken(StoredToken(hash: ContentDigest.sha256(Array(token.utf8)), tenant: tenant, name: key, role: role, datasets: datasets))
            tokens[key] = token
        }
        let files = try PagesWorld.exampleFiles()
        for (name, bytes) in files { _ = try await repo.ingest(IngestFile(tenant: "acme", dataset: "a1", name: name, content: bytes)) }
        _ = try await repo.ingest(IngestFile(tenant: "acme", dataset: "a2", name: "readings.csv", content: files["readings.csv"]!))
        var w = World(repo: repo, tokens: tokens, run: 0, configuration: configuration)
        let admin = auth(tokens["admin"]!)
        w.run = try await w.app().test(.router) { client in
            try await client.execute(uri: "/v1/datasets/a1/runs", method: .post, headers: admin) { r in
                #expect(r.status == .created)
                return try #require(json(r)["id"] as? Int).int64
            }
        }
        return w
    }

    static func auth(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

    /// The body as a JSON object; empty when it is not one (so an expectation on it fails).
    static func json(_ r: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(r.body.readableBytesView))) as? [String: Any] ?? [:]
    }

    /// The body as a JSON array of objects; nil when it is not one.
    static func jsonArray(_ r: TestResponse) -> [[String: Any]]? {
        (try? JSONSerialization.jsonObject(with: Data(r.body.readableBytesView))) as? [[String: Any]]
    }

    static func errorCode(_ r: TestResponse) -> String? {
        (json(r)["error"] as? [String: Any])?["code"] as? String
    }

    /// Every operation of the OpenAPI document, with its path parameters filled in.
    static func operations(dataset: String, run: Int64) throws -> [(HTTPRequest.Method, String)] {
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIText.document.utf8)) as? [String: Any])
        let paths = try #require(doc["paths"] as? [String: [String: Any]])
        return paths.flatMap { path, ops in
            ops.keys.sorted().map { m in
                (HTTPRequest.Method(rawValue: m.uppercased())!,
                 path.replacingOccurrences(of: "{dataset}", with: dataset).replacingOccurrences(of: "{id}", with: String(run))
                    .replacingOccurrences(of: "{name}", with: "readings.csv"))
            }
        }.sorted { $0.1 < $1.1 }
    }

    @Test("another tenant, through every documented endpoint, finds nothing of acme's: 404 on its runs, an empty run list; a dataset name it uses is its own")
    func crossTenant() async throws {
        let w = try await Self.world()
        let ops = try Self.operations(dataset: "a1", run: w.run).filter { $0.1.hasPrefix("/v1") }
        #expect(ops.count >= 9)
        try await w.app().test(.router) { client in
            for (method, uri) in ops {
                try await client.execute(uri: uri, method: method, headers: Self.auth(w.tokens["other"]!), body: ByteBuffer(string: "x")) { r in
                    switch (method, uri) {
                    case (.get, "/v1/runs"):
                        #expect(r.status == .ok && Self.jsonArray(r)?.isEmpty == true, "\(method) \(uri)")
                    case (.put, _):
                        #expect(r.status == .created, "\(method) \(uri)")  // into other's own a1
                    case (.post, _):
                        #expect(r.status == .unprocessableContent, "\(method) \(uri)")  // other's a1 has one bad file, nothing of acme's
                    default:
                        #expect(r.status == .notFound && Self.errorCode(r) == "not_found", "\(method) \(uri): \(r.status)")
                    }
                }
            }
            // what tenant `other` did is its own: acme's a1 and runs are untouched
            let acme = try await w.repo.fileVersions(tenant: "acme", dataset: "a1", name: "readings.csv")
            let others = try await w.repo.fileVersions(tenant: "other", dataset: "a1", name: "readings.csv")
            let runs = try await w.repo.runs(tenant: "acme")
            #expect(acme.count == 1 && others.count == 1 && runs.count == 1)
        }
    }

    @Test("a token limited to dataset a2 finds nothing of a1 through any endpoint; no token is 401 everywhere under /v1")
    func datasetLimitsAndNoToken() async throws {
        let w = try await Self.world()
        let ops = try Self.operations(dataset: "a1", run: w.run).filter { $0.1.hasPrefix("/v1") }
        try await w.app().test(.router) { client in
            for (method, uri) in ops {
                try await client.execute(uri: uri, method: method, headers: Self.auth(w.tokens["aggregator-a2"]!), body: ByteBuffer(string: "x")) { r in
                    if uri == "/v1/runs" {
                        #expect(r.status == .ok && Self.jsonArray(r)?.isEmpty == true)
                    } else {
                        #expect(r.status == .notFound, "\(method) \(uri): \(r.status)")
                    }
                }
                try await client.execute(uri: uri, method: method, body: ByteBuffer(string: "x")) { r in
                    #expect(r.status == .unauthorized && Self.errorCode(r) == "unauthorized" && r.headers[.wwwAuthenticate] == "Bearer", "\(method) \(uri)")
                }
                try await client.execute(uri: uri, method: method, headers: Self.auth("gs_not_a_token"), body: ByteBuffer(string: "x")) { r in
                    #expect(r.status == .unauthorized, "\(method) \(uri)")
                }
            }
        }
    }

    @Test("roles: the scheduler sends market data only, the utility meter data and tariffs and sees the retail sections only")
    func roles() async throws {
        let w = try await Self.world()
        try await w.app().test(.router) { client in
            let s = Self.auth(w.tokens["scheduler"]!), u = Self.auth(w.tokens["utility"]!)
            try await client.execute(uri: "/v1/datasets/a1/files/awards.csv", method: .put, headers: s, body: ByteBuffer(string: "resource_id\n")) { r in
                #expect(r.status == .created)
            }
            try await client.execute(uri: "/v1/datasets/a1/files/readings.csv", method: .put, headers: s, body: ByteBuffer(string: "x")) { r in
                #expect(r.status == .forbidden && Self.errorCode(r) == "forbidden")
            }
            try await client.execute(uri: "/v1/datasets/a1/files/awards.csv", method: .put, headers: u, body: ByteBuffer(string: "x")) { r in
                #expect(r.status == .forbidden)
            }
            try await client.execute(uri: "/v1/datasets/a1/runs", method: .post, headers: u) { r in #expect(r.status == .forbidden) }
            try await client.execute(uri: "/v1/runs/\(w.run)/statement", method: .get, headers: u) { r in #expect(r.status == .forbidden) }
            try await client.execute(uri: "/v1/runs/\(w.run)/lines", method: .get, headers: u) { r in
                let sections = Set((Self.jsonArray(r) ?? []).compactMap { $0["section"] as? String })
                #expect(sections == ["retail-as-metered", "retail-adjusted", "retail-adjustment"])
            }
            try await client.execute(uri: "/v1/runs/\(w.run)/lines", method: .get, headers: s) { r in
                let lines = Self.jsonArray(r) ?? []
                #expect(lines.contains { $0["section"] as? String == "caiso" })
                // lineage: each line names its rule and intervals
                #expect(lines.allSatisfy { ($0["rule"] as? String) != nil && ($0["intervalCount"] as? Int) != nil })
            }
            try await client.execute(uri: "/v1/runs/\(w.run)/statement", method: .get, headers: s) { r in
                #expect(r.status == .ok && Self.json(r)["lines"] != nil)
            }
            // the CSV and the report too, rendered from what the run stores; none for the utility role
            let stored = try #require(try await StoredRunDocuments.load(runID: w.run, from: w.repo))
            try await client.execute(uri: "/v1/runs/\(w.run)/statement.csv", method: .get, headers: s) { r in
                #expect(r.status == .ok && r.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(String(buffer: r.body) == stored.csv)
            }
            try await client.execute(uri: "/v1/runs/\(w.run)/report", method: .get, headers: s) { r in
                #expect(r.status == .ok && r.headers[.contentType] == "text/html; charset=utf-8")
                #expect(r.headers[.contentSecurityPolicy]?.hasPrefix("default-src 'none'") == true)
                #expect(String(buffer: r.body) == stored.html && stored.html?.hasPrefix("<!DOCTYPE html>") == true)
            }
            for path in ["statement.csv", "report"] {
                try await client.execute(uri: "/v1/runs/\(w.run)/\(path)", method: .get, headers: u) { r in #expect(r.status == .forbidden) }
            }
        }
    }

    @Test("a line's whole interval lineage is served: the statement's runs, adding up to its interval count; sections a role does not see are not found")
    func lineLineage() async throws {
        let w = try await Self.world()
        try await w.app().test(.router) { client in
            let s = Self.auth(w.tokens["scheduler"]!), u = Self.auth(w.tokens["utility"]!)
            var statementLines: [[String: Any]] = []
            try await client.execute(uri: "/v1/runs/\(w.run)/statement", method: .get, headers: s) { r in
                statementLines = Self.json(r)["lines"] as? [[String: Any]] ?? []
            }
            #expect(statementLines.count > 3)
            var multiRun = 0
            for (seq, expected) in statementLines.enumerated() {
                try await client.execute(uri: "/v1/runs/\(w.run)/lines/\(seq)", method: .get, headers: s) { r in
                    #expect(r.status == .ok)
                    let body = Self.json(r)
                    let line = body["line"] as? [String: Any] ?? [:]
                    #expect(line["code"] as? String == expected["code"] as? String)
                    #expect(body["intervalsStored"] as? Bool == true)
                    let runs = body["intervals"] as? [[String: Any]] ?? []
                    let want = expected["intervals"] as? [[String: Any]] ?? []
                    #expect(runs.map { $0["start"] as? String } == want.map { $0["start"] as? String })
                    #expect(runs.map { $0["count"] as? Int } == want.map { $0["count"] as? Int })
                    #expect(runs.reduce(0) { $0 + ($1["count"] as? Int ?? 0) } == line["intervalCount"] as? Int)
                    if runs.count > 2 { multiRun += 1 }
                }
            }
            #expect(multiRun > 0)  // lines whose lineage the first and last interval alone could not show
            let caiso = try #require(statementLines.firstIndex { $0["section"] as? String == "caiso" })
            try await client.execute(uri: "/v1/runs/\(w.run)/lines/\(caiso)", method: .get, headers: u) { r in #expect(r.status == .notFound) }
            try await client.execute(uri: "/v1/runs/\(w.run)/lines/\(statementLines.count)", method: .get, headers: s) { r in #expect(r.status == .notFound) }
            try await client.execute(uri: "/v1/runs/\(w.run)/lines/-1", method: .get, headers: s) { r in
                #expect(r.status == .badRequest && Self.errorCode(r) == "bad_request")
            }
        }
    }

    @Test("a line's intervals are served from the stored files and add up to the line exactly; changed files, a run settled from a directory and a hidden section are refused")
    func lineIntervals() async throws {
        let w = try await Self.world()
        try await w.app().test(.router) { client in
            let s = Self.auth(w.tokens["scheduler"]!), u = Self.auth(w.tokens["utility"]!), a = Self.auth(w.tokens["admin"]!)
            var lines: [[String: Any]] = []
            try await client.execute(uri: "/v1/runs/\(w.run)/lines", method: .get, headers: s) { r in lines = Self.jsonArray(r) ?? [] }
            func seq(_ code: String) throws -> Int { try #require(lines.first { $0["code"] as? String == code }?["seq"] as? Int, "no line \(code)") }
            func micros(_ text: Any?) -> Int64? { (text as? String).flatMap { try? FixedPointFormat.parse($0, scale: 6).get() } }
            for (code, basis) in [("CC6475", "interval-prices"), ("ENERGY-P2", "line-price"), ("DEMAND-FACILITY", "not-broken-down")] {
                try await client.execute(uri: "/v1/runs/\(w.run)/lines/\(try seq(code))/intervals", method: .get, headers: s) { r in
                    #expect(r.status == .ok, "\(code)")
                    let body = Self.json(r)
                    let line = body["line"] as? [String: Any] ?? [:]
                    #expect(line["code"] as? String == code && body["basis"] as? String == basis, "\(code)")
                    let intervals = body["intervals"] as? [[String: Any]] ?? []
                    guard basis != "not-broken-down" else {
                        #expect(intervals.isEmpty && !(body["explanation"] as? String ?? "").isEmpty)
                        return
                    }
                    #expect(intervals.count == line["intervalCount"] as? Int, "\(code)")
                    let amounts = intervals.compactMap { micros($0["amountExact"]) }, quantities = intervals.compactMap { micros($0["quantity"]) }
                    #expect(amounts.count == intervals.count && quantities.count == intervals.count)
                    #expect(amounts.reduce(0, +) == micros(line["amountExact"]), "\(code): the intervals do not add up to the line")
                    #expect(quantities.reduce(0, +) == micros(line["quantity"]), "\(code)")
                    #expect((body["sum"] as? [String: Any])?["amountExact"] as? String == line["amountExact"] as? String)
                }
            }
            // the utility role does not see the CAISO section: its lines' intervals are not found either
            try await client.execute(uri: "/v1/runs/\(w.run)/lines/\(try seq("CC6475"))/intervals", method: .get, headers: u) { r in
                #expect(r.status == .notFound)
            }
            // a line number past any line, past Int64, negative or not a number: not found or a bad request, never a trap
            for (seq, status) in [("999999", HTTPResponse.Status.notFound), ("9223372036854775807", .notFound), ("99999999999999999999999", .badRequest),
                                  ("-1", .badRequest), ("1e3", .badRequest), ("%20", .badRequest)] {
                try await client.execute(uri: "/v1/runs/\(w.run)/lines/\(seq)/intervals", method: .get, headers: a) { r in
                    #expect(r.status == status, "seq \(seq)")
                }
            }
            // a run settled from a directory (the command line) is taken apart from that directory, while it is there
            let files = try await w.repo.currentFiles(tenant: "acme", dataset: "a1")
            let directory = NSTemporaryDirectory() + "gridsettle-drill-\(UInt64.random(in: 0...UInt64.max))"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for (name, bytes) in files { try Data(bytes).write(to: URL(fileURLWithPath: directory).appendingPathComponent(name)) }
            func settle(_ source: SettlementSource) async throws -> Int64 {
                let stored = Mutex<Int64>(0)
                try await SourceSettlement.settle(
                    source, into: w.repo, options: SettlementOptions(tenant: "acme", datasetName: nil, outputDirectory: nil, report: false, parallelism: 1)
                ) { o in if case .success(let settled) = o.result { stored.withLock { $0 = settled.runID } } }
                return stored.withLock { $0 }
            }
            let fromDirectory = try await settle(try SourceReader.read(directory: directory))
            #expect(try await w.repo.run(id: fromDirectory)?.sourceDirectory == directory)
            let energy = try seq("ENERGY-P2")
            var served: [String: Any] = [:]
            try await client.execute(uri: "/v1/runs/\(fromDirectory)/lines/\(energy)/intervals", method: .get, headers: a) { r in
                #expect(r.status == .ok)
                served = Self.json(r)
                #expect(served["basis"] as? String == "line-price")
            }
            try FileManager.default.removeItem(atPath: directory)
            try await client.execute(uri: "/v1/runs/\(fromDirectory)/lines/\(energy)/intervals", method: .get, headers: a) { r in
                #expect(r.status == .conflict && Self.errorCode(r) == "inputs_unavailable")
                #expect(Self.json(r).description.contains("gridsettle drill"))
                #expect(!Self.json(r).description.contains(directory))  // the server's paths are not shown to callers
            }
            // a run whose inputs were neither a directory nor stored files (read from bytes in memory)
            let fromBytes = try await settle(try SourceReader.read(files: files))
            try await client.execute(uri: "/v1/runs/\(fromBytes)/lines/0/intervals", method: .get, headers: a) { r in
                #expect(r.status == .conflict && Self.errorCode(r) == "inputs_unavailable")
            }
            // files changed since the run: its inputs are gone, so its lines are not recomputed from others
            let site = String(decoding: files["site.json"]!, as: UTF8.self).replacingOccurrences(of: "\"addBackOnly\"", with: "\"symmetric\"")
            try await client.execute(uri: "/v1/datasets/a1/files/site.json", method: .put, headers: a, body: ByteBuffer(string: site)) { r in
                #expect(r.status == .created)
            }
            try await client.execute(uri: "/v1/runs/\(w.run)/lines/\(try seq("CC6475"))/intervals", method: .get, headers: s) { r in
                #expect(r.status == .conflict && Self.errorCode(r) == "inputs_changed")
            }
        }
    }

    @Test("a run's figures: every interval of both meters, the add-back per interval summing to the statement's, the bill total; not for the utility role")
    func runFigures() async throws {
        let w = try await Self.world()
        try await w.app().test(.router) { client in
            let s = Self.auth(w.tokens["scheduler"]!), u = Self.auth(w.tokens["utility"]!)
            var statement: [String: Any] = [:]
            try await client.execute(uri: "/v1/runs/\(w.run)/statement", method: .get, headers: s) { r in statement = Self.json(r) }
            try await client.execute(uri: "/v1/runs/\(w.run)/figures", method: .get, headers: s) { r in
                #expect(r.status == .ok)
                let body = Self.json(r)
                #expect(body["run"] as? Int == Int(w.run))
                let master = body["masterMeter"] as? [String: Any] ?? [:]
                let storage = body["storageMeter"] as? [String: Any] ?? [:]
                let count = (storage["grid"] as? [String: Any])?["count"] as? Int ?? 0
                #expect(count > 8_000)  // a month of 5-minute intervals
                #expect((master["asMeteredKWh"] as? [Any])?.count == (master["grid"] as? [String: Any])?["count"] as? Int)
                #expect((master["asMeteredQuality"] as? String)?.count == (master["grid"] as? [String: Any])?["count"] as? Int)
                #expect((storage["award"] as? String)?.count == count && (storage["award"] as? String)?.contains("1") == true)
                // the add-back per interval adds up, exactly, to the statement's ledger figure
                let perInterval = (storage["addedBackKWh"] as? [String] ?? []).map { FixedPointFormat.parse($0, scale: 6) }
                var sum: Int64 = 0
                for case .success(let v) in perInterval { sum += v }
                let ledger = statement["ledgerKWh"] as? [String: Any] ?? [:]
                #expect(perInterval.count == count)
                #expect(FixedPointFormat.decimal(sum, scale: 6, fractionDigits: 6) == ledger["addedBack"] as? String)
                #expect(storage["addedBackTotalKWh"] as? String == ledger["addedBack"] as? String)
                let bill = body["bill"] as? [[String: Any]] ?? []
                let totals = statement["totals"] as? [String: Any] ?? [:]
                #expect(bill.last?["code"] as? String == "TOTAL" && bill.last?["adjusted"] as? String == totals["retail-adjusted"] as? String)
            }
            try await client.execute(uri: "/v1/runs/\(w.run)/figures", method: .get, headers: u) { r in
                #expect(r.status == .forbidden && Self.errorCode(r) == "forbidden")
            }
        }
    }

    @Test("ingest is idempotent over HTTP; a corrected file is a new version; a recalculation replaces the run and the difference is served")
    func ingestAndRerun() async throws {
        let w = try await Self.world()
        try await w.app().test(.router) { client in
            let a = Self.auth(w.tokens["admin"]!)
            let site = try await w.repo.currentFiles(tenant: "acme", dataset: "a1")["site.json"]!
            try await client.execute(uri: "/v1/datasets/a1/files/site.json", method: .put, headers: a, body: ByteBuffer(bytes: site)) { r in
                #expect(r.status == .ok && Self.json(r)["outcome"] as? String == "unchanged")
            }
            let corrected = String(decoding: site, as: UTF8.self).replacingOccurrences(of: "\"addBackOnly\"", with: "\"symmetric\"")
            #expect(corrected.utf8.count == site.count - 2)
            try await client.execute(uri: "/v1/datasets/a1/files/site.json", method: .put, headers: a, body: ByteBuffer(string: corrected)) { r in
                let j = Self.json(r)
                #expect(r.status == .created && j["outcome"] as? String == "stored" && j["version"] as? Int == 2 && j["previousVersion"] as? Int == 1)
            }
            try await client.execute(uri: "/v1/datasets/a1/files/site.json", method: .get, headers: a) { r in
                #expect((Self.jsonArray(r) ?? []).map { $0["version"] as? Int } == [1, 2])
            }
            var second: Int64 = 0
            try await client.execute(uri: "/v1/datasets/a1/runs", method: .post, headers: a) { r in
                let j = Self.json(r)
                #expect(r.status == .created && j["version"] as? Int == 2 && (j["replacesRun"] as? Int).map(Int64.init) == w.run)
                second = try #require(j["id"] as? Int).int64
            }
            try await client.execute(uri: "/v1/runs/\(second)/difference", method: .get, headers: a) { r in
                let j = Self.json(r)
                #expect((j["from"] as? Int).map(Int64.init) == w.run)
                let lines = try #require(j["lines"] as? [[String: Any]])
                #expect(!lines.isEmpty && lines.allSatisfy { ($0["section"] as? String)?.hasPrefix("retail") == true || $0["section"] as? String == "revenue-stack" })
            }
            // a dataset that cannot be settled is 422 with every issue
            try await client.execute(uri: "/v1/datasets/a1/files/prices.csv", method: .put, headers: a, body: ByteBuffer(string: "node,market\n")) { r in
                #expect(r.status == .created)
            }
            try await client.execute(uri: "/v1/datasets/a1/runs", method: .post, headers: a) { r in
                #expect(r.status == .unprocessableContent && Self.errorCode(r) == "invalid_dataset")
                let details = try #require((Self.json(r)["error"] as? [String: Any])?["details"] as? [String])
                #expect(details.contains { $0.contains("prices.csv") })
            }
        }
    }

    @Test("limits: a body over the limit is 413, a caller over its rate 429 with Retry-After; errors are JSON; unknown routes say so")
    func limits() async throws {
        let w = try await Self.world(configuration: .init(rateBurst: 3, ratePerSecond: 1, maxUploadBytes: 1000))
        try await w.app().test(.router) { client in
            let a = Self.auth(w.tokens["admin"]!)
            try await client.execute(uri: "/v1/datasets/a1/files/events.csv", method: .put, headers: a, body: ByteBuffer(repeating: 65, count: 1001)) { r in
                #expect(r.status == .contentTooLarge && Self.errorCode(r) == "payload_too_large")
                #expect(r.headers[.contentType]?.hasPrefix("application/json") == true)
            }
            try await client.execute(uri: "/v1/nothing", method: .get, headers: a) { r in
                #expect(r.status == .tooManyRequests || (r.status == .notFound && Self.errorCode(r) == "no_route"))
            }
            // a burst of 3 refilled at 1/s: 20 requests in a row meet the limit however slow the machine is
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<20 where !statuses.contains(.tooManyRequests) {
                try await client.execute(uri: "/v1/runs", method: .get, headers: a) { r in
                    statuses.append(r.status)
                    if r.status == .tooManyRequests { #expect(r.headers[.retryAfter] != nil && Self.errorCode(r) == "rate_limited") }
                }
            }
            #expect(statuses.contains(.tooManyRequests))
            // health, readiness and metrics are not rate limited or authenticated
            for _ in 0..<5 { try await client.execute(uri: "/health", method: .get) { r in #expect(r.status == .ok) } }
            try await client.execute(uri: "/ready", method: .get) { r in
                #expect(r.status == .ok && Self.json(r)["schemaVersion"] as? Int == Schema.currentVersion)
            }
        }
    }

    @Test("metrics count requests by route and status; the run counter moves")
    func metrics() async throws {
        let registry = PrometheusCollectorRegistry()
        let w = try await Self.world()
        let app = Application(router: GridSettleServer.router(repository: w.repo, registry: registry, configuration: .init()))
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/runs", method: .get, headers: Self.auth(w.tokens["admin"]!)) { _ in }
            try await client.execute(uri: "/v1/runs", method: .get) { _ in }
            try await client.execute(uri: "/v1/datasets/a1/runs", method: .post, headers: Self.auth(w.tokens["admin"]!)) { _ in }
            try await client.execute(uri: "/metrics", method: .get) { r in
                let text = String(buffer: r.body)
                #expect(text.contains(#"gridsettle_http_requests_total{method="GET",route="/v1/runs",status="200"} 1"#))
                #expect(text.contains(#"gridsettle_http_requests_total{method="GET",route="/v1/runs",status="401"} 1"#))
                #expect(text.contains(#"gridsettle_runs_total{status="PROVISIONAL"} 1"#))
                #expect(text.contains("gridsettle_http_request_duration_seconds_bucket"))
            }
        }
    }

    @Test("the OpenAPI document and the router agree: every documented operation is routed, every route documented")
    func openAPIMatchesRouter() async throws {
        let w = try await Self.world()
        let router = GridSettleServer.router(repository: w.repo, registry: PrometheusCollectorRegistry(), configuration: .init())
        // the web pages under /ui are HTML for people, not API operations
        let routed = Set(router.routes.map { "\($0.method.rawValue) \($0.path.description)" }.filter { !$0.contains(" /ui") })
        let documented = Set(try Self.operations(dataset: "{dataset}", run: 0).map { m, p in
            "\(m.rawValue) \(p.replacingOccurrences(of: "/0", with: "/{id}").replacingOccurrences(of: "readings.csv", with: "{name}"))"
        })
        #expect(routed == documented, "routed only: \(routed.subtracting(documented)); documented only: \(documented.subtracting(routed))")
        // and every documented operation answers with one of its documented statuses for an admin
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIText.document.utf8)) as? [String: Any])
        let paths = try #require(doc["paths"] as? [String: [String: [String: Any]]])
        let table: [(path: String, method: String, statuses: Set<String>)] = paths.flatMap { path, ops in
            ops.map { method, op in (path, method, Set((op["responses"] as? [String: Any] ?? [:]).keys)) }
        }
        let admin = Self.auth(w.tokens["admin"]!)
        let run = w.run
        try await w.app().test(.router) { client in
            for (path, method, statuses) in table {
                do {
                    let uri = path.replacingOccurrences(of: "{dataset}", with: "a1").replacingOccurrences(of: "{id}", with: String(run))
                        .replacingOccurrences(of: "{name}", with: "events.csv")
                    try await client.execute(uri: uri, method: HTTPRequest.Method(rawValue: method.uppercased())!, headers: admin,
                                             body: ByteBuffer(string: "resource_id,event_start,event_end,type\n")) { r in
                        #expect(statuses.contains(String(r.status.code)), "\(method) \(path) answered \(r.status.code), documents \(statuses.sorted())")
                        #expect(Self.errorCode(r) != "no_route")
                    }
                }
            }
        }
    }
}

extension Int {
    var int64: Int64 { Int64(self) }
}
