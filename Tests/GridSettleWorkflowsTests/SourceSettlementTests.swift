import Foundation
import GridSettleCore
import GridSettleFormats
import GridSettleStore
import Testing

@testable import GridSettleWorkflows

/// The settle use case: every unit of a portfolio stored as a run, in unit order, whatever core finished first.
@Suite struct SourceSettlementTests {
    final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [SourceSettlement.Outcome] = []
        func add(_ o: SourceSettlement.Outcome) { lock.withLock { items.append(o) } }
        var all: [SourceSettlement.Outcome] { lock.withLock { items } }
    }

    @Test func portfolioUnitsAreStoredInOrderAndASecondSettlementReplacesThem() async throws {
        let fleet = try PortfolioFixture.fleet(3)
        let dir = try PortfolioFixture.portfolio(fleet, tag: "settle")
        let out = PortfolioFixture.temporaryDirectory("settle-out")
        let store = try SettlementStore(path: (out as NSString).appendingPathComponent("runs.sqlite"))
        let source = try SourceReader.read(directory: dir)
        #expect(source.unitCount == 3)
        #expect(source.fingerprint.count == 64)
        #expect(try SourceReader.read(directory: dir).fingerprint == source.fingerprint)

        let first = Collected()
        try await SourceSettlement.settle(source, into: store, options: SettlementOptions(tenant: "acme", outputDirectory: out, parallelism: 2)) { first.add($0) }
        #expect(first.all.map(\.index) == [0, 1, 2])
        let runs = try await store.runs(tenant: "acme")
        #expect(runs.map(\.resourceID) == fleet.map(\.config.resource.id))
        #expect(runs.allSatisfy { $0.inputDigest == source.fingerprint && $0.version == 1 })
        for (k, o) in first.all.enumerated() {
            guard case .success(let settled) = o.result else { Issue.record("unit \(k) not settled"); continue }
            #expect(settled.jsonPath.map { FileManager.default.fileExists(atPath: $0) } == true)
            #expect(settled.reportPath == nil)  // no --report: statements only
            let stored = try await StoredRunDocuments.load(runID: settled.runID, from: store)
            #expect(stored?.json == PortfolioFixture.text(out, ((settled.jsonPath ?? "") as NSString).lastPathComponent))
        }

        let second = Collected()
        try await SourceSettlement.settle(source, into: store, options: SettlementOptions(tenant: "acme", outputDirectory: out, report: true, parallelism: 1)) { second.add($0) }
        for o in second.all {
            guard case .success(let settled) = o.result else { Issue.record("not settled"); continue }
            #expect(settled.replaced?.previous.version == 1)
            #expect(settled.replaced?.changed.isEmpty == true)  // same inputs, same lines
            #expect(settled.reportPath.map { FileManager.default.fileExists(atPath: $0) } == true)
        }
    }

    /// A unit whose data is wrong is reported and the others are still settled.
    @Test func oneInvalidUnitDoesNotStopTheOthers() async throws {
        let fleet = try PortfolioFixture.fleet(2)
        let dir = try PortfolioFixture.portfolio(fleet, tag: "invalid")
        // the first resource's storage meter loses every row of November 3 onwards: a gap VEE cannot fill is
        // fine, but no row at all for a meter is an error
        let storage = fleet[0].config.meters.first { $0.role == .storage }!.id
        let kept = PortfolioFixture.text(dir, "readings.csv").split(separator: "\n").filter { !$0.hasPrefix(storage + ",") }
        try PortfolioFixture.write(dir, "readings.csv", kept.joined(separator: "\n") + "\n")
        let out = PortfolioFixture.temporaryDirectory("invalid-out")
        let store = try SettlementStore(path: (out as NSString).appendingPathComponent("runs.sqlite"))
        let source = try SourceReader.read(directory: dir, periods: PeriodSelection("2016-11")!)
        let got = Collected()
        try await SourceSettlement.settle(source, into: store, options: SettlementOptions(outputDirectory: out, parallelism: 2)) { got.add($0) }
        #expect(got.all.count == 2)
        if case .failure(let e) = got.all[0].result {
            #expect(e.issues.contains { $0.value == storage })
        } else {
            Issue.record("the unit without storage readings must fail")
        }
        if case .success = got.all[1].result {} else { Issue.record("the other unit must settle") }
        #expect(try await store.runs(tenant: SettlementOptions.defaultTenant).count == 1)
    }

    /// A format 1 dataset is a portfolio of one: it takes the same path, and another period is refused.
    @Test func aFormatOneDatasetIsAPortfolioOfOne() throws {
        let d = try PortfolioFixture.fleet(1)[0]
        let dir = PortfolioFixture.temporaryDirectory("v1")
        try DatasetWriter.write(d, tariffJSON: PortfolioFixture.tariffJSON, to: dir)
        let source = try SourceReader.read(directory: dir)
        #expect(source.unitCount == 1)
        #expect(source.fingerprint == InputDigest.of(files: DatasetWriter.files(d, tariffJSON: PortfolioFixture.tariffJSON)))
        #expect(throws: DatasetInvalid.self) { try SourceReader.read(directory: dir, periods: PeriodSelection("2016-12")!) }
        // settled with the reader's validation (one pass), the statement is the one a fresh validation gives
        let once = try source.settle(0).result.statement
        #expect(StatementJSON.render(once) == StatementJSON.render(try SettlementEngine.settle(try DatasetReader.read(directory: dir)).statement))
    }
}
