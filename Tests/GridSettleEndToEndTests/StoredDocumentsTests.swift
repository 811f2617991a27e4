import Foundation
import GridSettleCore
import GridSettleExamples
import GridSettleFormats
import GridSettleReports
import GridSettleWorkflows
import GRDB
import Testing

@testable import GridSettleStore

/// Runs are stored as data (schema v9): the whole statement and the chart figures, no rendered text. Their documents
/// are rendered on demand and must equal, byte for byte, what `settle --report --out` wrote when the run was settled:
/// the statement JSON, the CSV and the HTML report, for a provisional CAISO month (estimates, VEE findings and audit,
/// violations), a demand-response month and a PJM month.
@Suite("Stored runs render the documents they were settled with")
struct StoredDocumentsTests {
    /// The generated LA AFB month (short gaps the VEE estimates) with an hour of the master meter missing too: a gap
    /// too long to estimate, which VEE reports as a finding.
    static func withLongGap() throws -> Dataset {
        var d = try E2E.example()
        var m = try #require(d.meters[ExampleGenerator.masterMeterID])
        for i in 2_000..<2_012 {
            for channel in [\MeterChannels.delivered, \MeterChannels.received] {
                m[keyPath: channel].microKWh[i] = 0
                m[keyPath: channel].quality[i] = .missing
            }
        }
        d.meters[ExampleGenerator.masterMeterID] = m
        return try DatasetReader.read(files: E2E.files(d))
    }

    static func datasets() throws -> [(String, Dataset)] {
        [
            ("caiso", try withLongGap()),
            ("demand-response", try DemandResponseDatasetTests().enrolled()),
            ("pjm", try PJMDatasetTests.example()),
        ]
    }

    @Test("statement JSON, CSV and HTML report from the store equal the files written at settlement, byte for byte")
    func renderedFromStore() async throws {
        for (name, d) in try Self.datasets() {
            let dir = E2E.tempDirectory()
            let tariff = d.config.market == .pjm ? PJMDatasetTests.tariffJSON : E2E.tariffJSON
            for (file, bytes) in DatasetWriter.files(d, tariffJSON: tariff) {
                try Data(bytes).write(to: URL(fileURLWithPath: (dir as NSString).appendingPathComponent(file)))
            }
            let out = dir + "/out"
            let store = try SettlementStore(path: dir + "/runs.sqlite")
            let source = try SourceReader.read(directory: dir)
            try await SourceSettlement.settle(source, into: store, options: SettlementOptions(outputDirectory: out, report: true, parallelism: 1)) { _ in }
            let run = try #require(try await store.runs(tenant: SettlementOptions.defaultTenant).first, "\(name)")
            let docs = try #require(try await StoredRunDocuments.load(runID: run.id, from: store), "\(name)")
            #expect(docs.rendered, "\(name)")
            let tag = "\(d.config.resource.id)-\(d.config.period.start)"
            func file(_ n: String) throws -> String { try String(contentsOfFile: out + "/" + n, encoding: .utf8) }
            #expect(docs.json == (try file("statement-\(tag).json")), "\(name) JSON")
            #expect(docs.csv == (try file("statement-\(tag).csv")), "\(name) CSV")
            #expect(docs.html == (try file("report-\(tag).html")), "\(name) HTML")
            // no rendered text is kept: the store holds the statement and the figures
            #expect(try await store.documents(runID: run.id) == RunDocuments(json: "", csv: "", html: ""))

            // the stored statement is the whole statement: what the documents are made of is there, not only its lines
            let s = try #require(try await StoredRunDocuments.statement(runID: run.id, from: store))
            #expect(s.facts == StatementFacts(d.config) && s.inventory != nil, "\(name)")
            if name == "caiso" {
                #expect(s.status == .provisional && !s.veeAudit.isEmpty && !s.violations.isEmpty)
                #expect(s.veeFindings.contains { $0.code == "VEE-GAP" && $0.interval != nil })
            }
        }
    }

    @Test("a run stored before schema v9 is served with the documents it was stored with")
    func storedBeforeV9() async throws {
        let dir = E2E.tempDirectory()
        let store = try SettlementStore(path: dir + "/runs.sqlite")
        let saved = try await store.save(NewRun(statement: try SettlementEngine.settle(try E2E.example()).statement, inputDigest: "d", figures: [1]))
        // what a binary before v9 left: the documents as text, no run_statement row
        try await store.db.write { db in
            for sql in [
                "DROP TRIGGER run_no_update", "DROP TRIGGER run_statement_no_delete",
                "UPDATE run SET statement_json = '{\"old\":1}', statement_csv = 'old', report_html = '' WHERE id = \(saved.id)",
                "DELETE FROM run_statement WHERE run_id = \(saved.id)",
            ] { try db.execute(sql: sql) }
        }
        let docs = try #require(try await StoredRunDocuments.load(runID: saved.id, from: store))
        #expect(!docs.rendered && docs.json == "{\"old\":1}" && docs.csv == "old" && docs.html == nil)
        #expect(try await StoredRunDocuments.hasReport(runID: saved.id, in: store) == false)
        #expect(try await StoredRunDocuments.load(runID: 999_999, from: store) == nil)
    }

    @Test("a run whose stored statement is damaged is named as damaged, not rendered")
    func damagedStatement() async throws {
        let dir = E2E.tempDirectory()
        let store = try SettlementStore(path: dir + "/runs.sqlite")
        let r = try SettlementEngine.settle(try E2E.example())
        let saved = try await store.save(NewRun(statement: r.statement, inputDigest: "d"))
        let good = try #require(try await StoredRunDocuments.load(runID: saved.id, from: store))
        #expect(good.html == nil)  // saved without figures: no charts to draw, so no report
        #expect(good.json == StatementJSON.render(r.statement))
        // a copy of the database with the statement's bytes cut short
        let damaged = dir + "/damaged.sqlite"
        try FileManager.default.copyItem(atPath: dir + "/runs.sqlite", toPath: damaged)
        let copy = try SettlementStore(path: damaged)
        try await copy.db.write { db in
            try db.execute(sql: "DROP TRIGGER run_statement_no_update")
            try db.execute(sql: "UPDATE run_statement SET statement = substr(statement, 1, 100) WHERE run_id = \(saved.id)")
        }
        await #expect(throws: StoredRunDocuments.Damaged.self) { _ = try await StoredRunDocuments.load(runID: saved.id, from: copy) }
    }
}
