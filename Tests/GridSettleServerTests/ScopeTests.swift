import Foundation
import GridSettleServer
import GridSettleStore
import Hummingbird
import HummingbirdTesting
import Testing

/// Runs are chained by site, resource and period, not by dataset, so a run can replace a run of a dataset the
/// caller may not see. No endpoint that follows that link may compare with, name or link the hidden run.
@Suite("Scope across chained runs")
struct ScopeTests {
    @Test("the two datasets' runs chain: the second replaces the first (what the other tests rely on)")
    func runsChain() async throws {
        let w = try await ScopeWorld.shared.value
        let second = try #require(try await w.repo.run(id: w.second))
        #expect(second.replacesRunID == w.first && second.datasetID == "site-2")
    }

    @Test("GET /v1/runs/{id} and /v1/runs name the replaced run only to callers who may see it")
    func runJSONHidesInvisibleReplacedRun() async throws {
        let w = try await ScopeWorld.shared.value
        try await w.app().test(.router) { client in
            try await client.execute(uri: "/v1/runs/\(w.second)", method: .get, headers: w.auth("admin")) { r in
                #expect(r.status == .ok && (APITests.json(r)["replacesRun"] as? Int).map(Int64.init) == w.first)
            }
            for key in ["site-2", "site-2-utility"] {
                try await client.execute(uri: "/v1/runs/\(w.second)", method: .get, headers: w.auth(key)) { r in
                    #expect(r.status == .ok && APITests.json(r)["id"] as? Int == Int(w.second), "\(key)")
                    #expect(APITests.json(r)["replacesRun"] == nil, "\(key): \(String(buffer: r.body))")
                }
                try await client.execute(uri: "/v1/runs", method: .get, headers: w.auth(key)) { r in
                    let runs = APITests.jsonArray(r) ?? []
                    #expect(runs.count == 1 && runs.allSatisfy { $0["replacesRun"] == nil }, "\(key): \(String(buffer: r.body))")
                }
            }
        }
    }

    @Test("GET /v1/runs/{id}/difference without from never compares with a run the caller may not see; with from it is 404")
    func apiDifferenceChecksScope() async throws {
        let w = try await ScopeWorld.shared.value
        try await w.app().test(.router) { client in
            try await client.execute(uri: "/v1/runs/\(w.second)/difference", method: .get, headers: w.auth("admin")) { r in
                #expect(r.status == .ok && (APITests.json(r)["from"] as? Int).map(Int64.init) == w.first)
            }
            for key in ["site-2", "site-2-utility"] {
                try await client.execute(uri: "/v1/runs/\(w.second)/difference", method: .get, headers: w.auth(key)) { r in
                    #expect(r.status == .notFound && APITests.errorCode(r) == "not_found", "\(key): \(r.status)")
                    #expect(APITests.json(r)["lines"] == nil && !String(buffer: r.body).contains("\(w.first)"), "\(key): \(String(buffer: r.body))")
                }
                for uri in ["/v1/runs/\(w.second)/difference?from=\(w.first)", "/v1/runs/\(w.first)/lines", "/v1/runs/\(w.first)/difference?from=\(w.second)"] {
                    try await client.execute(uri: uri, method: .get, headers: w.auth(key)) { r in
                        #expect(r.status == .notFound && APITests.errorCode(r) == "not_found", "\(key) \(uri): \(r.status)")
                    }
                }
            }
            // the other direction: a token limited to site-1 cannot name site-2's run as the one to compare
            try await client.execute(uri: "/v1/runs/\(w.first)/difference?from=\(w.second)", method: .get, headers: w.auth("site-1")) { r in
                #expect(r.status == .notFound)
            }
        }
    }

    @Test("the /ui run, runs and difference pages neither name nor link a replaced run the caller may not see")
    func pagesHideInvisibleReplacedRun() async throws {
        let w = try await ScopeWorld.shared.value
        let hidden = ["replaces run #\(w.first)", "replaces #\(w.first)", "/ui/runs/\(w.first)\"", "since run #\(w.first)", "from=\(w.first)\"", ">#\(w.first)<"]
        try await w.app().test(.router) { client in
            try await client.execute(uri: "/ui/runs/\(w.second)", method: .get, headers: w.auth("admin")) { r in
                #expect(r.status == .ok && String(buffer: r.body).contains("replaces run #\(w.first)"))
            }
            for key in ["site-2", "site-2-utility"] {
                for uri in ["/ui/runs/\(w.second)", "/ui", "/ui/runs/\(w.second)/difference", "/ui/runs/\(w.second)/violations"] {
                    try await client.execute(uri: uri, method: .get, headers: w.auth(key)) { r in
                        let page = String(buffer: r.body)
                        #expect(r.status == .ok, "\(key) \(uri): \(r.status)")
                        for text in hidden { #expect(!page.contains(text), "\(key) \(uri) shows '\(text)'") }
                    }
                }
                try await client.execute(uri: "/ui/runs/\(w.second)/difference?from=\(w.first)", method: .get, headers: w.auth(key)) { r in
                    #expect(r.status == .notFound, "\(key)")
                }
                // what the pages say instead: nothing to compare with, and not "the first settlement" either
                try await client.execute(uri: "/ui/runs/\(w.second)/difference", method: .get, headers: w.auth(key)) { r in
                    #expect(String(buffer: r.body).contains("replaces no earlier run you can see"), "\(key)")
                }
                try await client.execute(uri: "/ui/runs/\(w.second)", method: .get, headers: w.auth(key)) { r in
                    #expect(String(buffer: r.body).contains("a recalculation of this period"), "\(key)")
                }
            }
        }
    }
}
