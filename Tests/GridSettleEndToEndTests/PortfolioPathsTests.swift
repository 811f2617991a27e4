import Foundation
import GridSettleStore
import GridSettleWorkflows
import Testing

/// A portfolio settled in one process (`settle`) and as a job (`plan --period`, `work`, `reduce`) gives the
/// same lines and the same runs: both build each unit with the same portfolio code, settle it with the same
/// engine and store it as an ordinary run (a worker's in its unit's transaction).
@Suite struct PortfolioPathsTests {
    /// (section, code) → (quantity, amount) summed from CSV rows with those columns.
    static func sums(_ csv: String, quantity: Int, amount: Int) -> [String: (Decimal, Decimal)] {
        var out: [String: (Decimal, Decimal)] = [:]
        for row in csv.split(separator: "\n").dropFirst() {
            let f = Self.fields(row)
            guard f.count > max(quantity, amount), f[1] != "TOTAL", let q = Decimal(string: f[quantity]), let a = Decimal(string: f[amount]) else { continue }
            let key = f[0] + "/" + f[1]
            let s = out[key] ?? (0, 0)
            out[key] = (s.0 + q, s.1 + a)
        }
        return out
    }

    /// One RFC 4180 row's fields (descriptions such as "Energy, period 0" are quoted).
    static func fields(_ row: Substring) -> [String] {
        var out: [String] = []
        var field = ""
        var quoted = false
        var it = row.makeIterator()
        while let c = it.next() {
            if quoted {
                if c == "\"" { quoted = false } else { field.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                out.append(field)
                field = ""
            } else {
                field.append(c)
            }
        }
        out.append(field)
        return out
    }

    @Test func settleAndAJobGiveTheSameLines() async throws {
        let dir = E2E.tempDirectory()
        let portfolio = dir + "/fleet"
        #expect(try E2E.gridsettle(["generate", "--resources", "3", "--portfolio", "--out", portfolio]).status == 0)
        let settled = try E2E.gridsettle(["settle", portfolio, "--db", dir + "/one.sqlite", "--out", dir + "/statements"])
        #expect(settled.status == 0 || settled.status == 2, "\(settled.out)")
        #expect(settled.out.contains("3 of 3 unit(s) settled"))
        #expect(try E2E.gridsettle(["plan", "--db", dir + "/job.sqlite", "--job", "nov", portfolio]).status != 0)  // no --period
        #expect(try E2E.gridsettle(["plan", "--db", dir + "/job.sqlite", "--job", "nov", "--period", "2016-11", portfolio]).status == 0)
        let worked = try E2E.gridsettle(["work", "--db", dir + "/job.sqlite", "--job", "nov"])
        #expect(worked.out.contains("3 done, 0 failed"), "\(worked.out)")
        #expect(try E2E.gridsettle(["reduce", "--db", dir + "/job.sqlite", "--job", "nov", "--csv", dir + "/totals.csv"]).status == 0)

        var fromSettle: [String: (Decimal, Decimal)] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir + "/statements") where name.hasSuffix(".csv") && name.hasPrefix("statement-") {
            // statement CSV: quantity is column 3, amount (rounded) column 7
            for (k, v) in Self.sums(try String(contentsOfFile: dir + "/statements/" + name, encoding: .utf8), quantity: 3, amount: 7) {
                let s = fromSettle[k] ?? (0, 0)
                fromSettle[k] = (s.0 + v.0, s.1 + v.1)
            }
        }
        // reduce CSV: section, code, unit, lines, quantity, amount, amount_exact
        let fromJob = Self.sums(try String(contentsOfFile: dir + "/totals.csv", encoding: .utf8), quantity: 4, amount: 5)
        #expect(!fromJob.isEmpty)
        #expect(Set(fromJob.keys) == Set(fromSettle.keys))
        for (k, v) in fromJob { #expect(fromSettle[k].map { $0 == v } == true, "\(k): job \(v), settle \(String(describing: fromSettle[k]))") }

        // the worker's runs are the command line's: same resources, fingerprint and documents
        let one = try SettlementStore(path: dir + "/one.sqlite")
        let job = try SettlementStore(path: dir + "/job.sqlite")
        let a = try await one.runs(tenant: "default").sorted { $0.resourceID < $1.resourceID }
        let b = try await job.runs(tenant: "default").sorted { $0.resourceID < $1.resourceID }
        #expect(a.count == 3 && b.count == 3)
        for (x, y) in zip(a, b) {
            #expect(x.resourceID == y.resourceID && x.inputDigest == y.inputDigest && x.status == y.status)
            let dx = try await StoredRunDocuments.load(runID: x.id, from: one)
            let dy = try await StoredRunDocuments.load(runID: y.id, from: job)
            #expect(dx?.json == dy?.json && dx?.csv == dy?.csv && dx?.html == dy?.html && dx?.html != nil)
            #expect(try await one.lines(runID: x.id) == job.lines(runID: y.id))
        }
    }

    /// `import --into` a portfolio merges into its top-level files and names the meters no site file has.
    @Test func importIntoAPortfolioNamesUnknownMeters() throws {
        let dir = E2E.tempDirectory()
        let portfolio = dir + "/fleet"
        #expect(try E2E.gridsettle(["generate", "--resources", "1", "--portfolio", "--out", portfolio]).status == 0)
        let export = dir + "/export.csv"
        try Data("""
            Name,TEST SITE
            Account Number,555

            TYPE,DATE,START TIME,END TIME,IMPORT (KWh),EXPORT (KWh),COST,NOTES
            Electric usage,2016-11-02,00:00,00:14,1.50,0.00,$0.00,
            Electric usage,2016-11-02,00:15,00:29,1.25,0.00,$0.00,

            """.utf8).write(to: URL(fileURLWithPath: export))
        let r = try E2E.gridsettle(["import", "--format", "greenbutton-csv", export, "--into", portfolio, "--zone", "America/Los_Angeles", "--meter", "NEW-METER"])
        #expect(r.status == 0, "\(r.out)")
        #expect(r.out.contains("no site file has meter(s) NEW-METER"), "\(r.out)")
        #expect(try String(contentsOfFile: portfolio + "/readings.csv", encoding: .utf8).contains("NEW-METER,2016-11-02T07:00:00Z,15,1.5"))
    }
}
