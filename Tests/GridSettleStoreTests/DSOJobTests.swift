import Foundation
import GridSettleCore
@testable import GridSettleStore
import Testing

/// A DSO settled as a job (docs/scaling.md, "A DSO as a job"): `plan` makes one unit per member, workers store each
/// member's received and delivered energy per interval, and `gridsettle dso DIR --db … --job …` is the reduce. Its
/// output files must be byte-identical to settling the dataset in one process, however many workers ran; a job that
/// is not finished, or whose member failed, settles nothing and names the members.
@Suite("DSO as a job: member units and the interface settlement as their reduce", .serialized)
struct DSOJobTests {
    static let outputs = ["dso-member-lines.csv", "dso-accounts.csv", "local-market-trades.csv", "interface-forecast.csv",
                          "forecast-backtest.csv", "dispatch-setpoints.csv"]

    /// `gridsettle generate --example dso --resources 6 --member-files` (42 members) and its one-process settlement.
    actor Example {
        static let shared = Example()
        private var task: Task<(dir: String, direct: [String: String]), any Error>?

        func get() async throws -> (dir: String, direct: [String: String]) {
            if task == nil {
                task = Task {
                    let dir = NSTemporaryDirectory() + "gridsettle-dso-job-\(UInt64.random(in: 0...UInt64.max))"
                    try Cli.run(["generate", "--example", "dso", "--resources", "6", "--member-files", "--out", dir])
                    let out = dir + "-direct"
                    try Cli.run(["dso", dir, "--out", out])
                    return (dir, try DSOJobTests.read(out))
                }
            }
            return try await task!.value
        }
    }

    static func read(_ dir: String) throws -> [String: String] {
        var out: [String: String] = [:]
        for name in outputs { out[name] = try String(contentsOfFile: (dir as NSString).appendingPathComponent(name), encoding: .utf8) }
        return out
    }

    static func expectSameOutputs(_ got: [String: String], _ want: [String: String]) {
        for name in outputs {
            #expect(got[name] == want[name], "\(name) differs from the one-process settlement")
            #expect((want[name]?.split(separator: "\n").count ?? 0) > 1, "\(name) has rows")
        }
    }

    @Test("SQLite, one worker: plan one unit per member, work, reduce → the one-process settlement, byte for byte")
    func sqliteOneWorker() async throws {
        let (dir, direct) = try await Example.shared.get()
        let db = NSTemporaryDirectory() + "dso-job-\(UUID().uuidString).sqlite"
        defer { try? FileManager.default.removeItem(atPath: db) }
        let plan = try Cli.run(["plan", "--db", db, "--job", "d", dir])
        #expect(plan.contains("42 unit(s) added"), "\(plan)")
        let work = try Cli.run(["work", "--db", db, "--job", "d", "--quiet"])
        #expect(work.contains("42 done, 0 failed"), "\(work)")
        let out = dir + "-sqlite"
        let text = try Cli.run(["dso", dir, "--db", db, "--job", "d", "--out", out])
        #expect(text.contains("42 members") && text.contains("job d"), "\(text)")
        Self.expectSameOutputs(try Self.read(out), direct)

        // the units' lines total the members' metered energy (independently: Σ over the member files' rows)
        let reduced = try Cli.run(["reduce", "--db", db, "--job", "d", "--csv", "-"])
        var received: Int64 = 0, delivered: Int64 = 0
        for file in try FileManager.default.contentsOfDirectory(atPath: dir + "/member_readings") {
            let rows = try String(contentsOfFile: dir + "/member_readings/" + file, encoding: .utf8).split(separator: "\n").dropFirst()
            for r in rows {
                let f = r.split(separator: ",", omittingEmptySubsequences: false)
                delivered += Self.micro(f[3])
                received += Self.micro(f[4])
            }
        }
        #expect(received > 0 && delivered > 0)
        #expect(reduced.contains("dso-member,RECEIVED,kWh,42,\(FixedPointFormat.decimal(received, scale: 6, fractionDigits: 6))"), "\(reduced)")
        #expect(reduced.contains("dso-member,DELIVERED,kWh,42,\(FixedPointFormat.decimal(delivered, scale: 6, fractionDigits: 6))"), "\(reduced)")
    }

    @Test("a job with pending or failed members settles nothing and names them; fixing the file and retrying completes it")
    func notReady() async throws {
        let (source, direct) = try await Example.shared.get()
        let dir = NSTemporaryDirectory() + "gridsettle-dso-broken-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.copyItem(atPath: source, toPath: dir)
        let db = dir + ".sqlite"
        defer {
            try? FileManager.default.removeItem(atPath: db)
            try? FileManager.default.removeItem(atPath: dir)
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/member_readings").sorted()
        let victim = files[3]
        let member = String(victim.dropLast(4))
        let path = dir + "/member_readings/" + victim
        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        try good.prefix(500).write(to: URL(fileURLWithPath: path))  // cut mid-file: intervals missing

        try Cli.run(["plan", "--db", db, "--job", "d", dir])
        try Cli.run(["work", "--db", db, "--job", "d", "--quiet", "--max-units", "10"])
        var r = try Cli.start(["dso", dir, "--db", db, "--job", "d", "--out", dir + "/out"])
        r.process.waitUntilExit()
        #expect(r.status == 1)
        #expect(r.stdout.contains("is pending") && r.stdout.contains("not ready"), "\(r.stdout)\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out/dso-accounts.csv"), "nothing is written")

        try Cli.run(["work", "--db", db, "--job", "d", "--quiet"])
        r = try Cli.start(["dso", dir, "--db", db, "--job", "d", "--out", dir + "/out"])
        r.process.waitUntilExit()
        #expect(r.status == 1)
        #expect(r.stdout.contains("\(member): unit \(member)@") && r.stdout.contains("failed"), "\(r.stdout)\(r.stderr)")
        #expect(!r.stdout.contains("is pending"))

        try good.write(to: URL(fileURLWithPath: path))
        try Cli.run(["plan", "--db", db, "--job", "d", "--retry-failed"])
        try Cli.run(["work", "--db", db, "--job", "d", "--quiet"])
        try Cli.run(["dso", dir, "--db", db, "--job", "d", "--out", dir + "/out"])
        Self.expectSameOutputs(try Self.read(dir + "/out"), direct)
    }

    @Test("PostgreSQL, three concurrent workers: the same files as one process", .enabled(if: WorkQueueTests.postgresEnabled))
    func postgresThreeWorkers() async throws {
        let (dir, direct) = try await Example.shared.get()
        try await WorkDatabase.with { db in
            try Cli.run(["plan", "--db", db.url, "--job", "d", dir])
            // a third of the units each: with batching, one worker started first could otherwise claim them all before
            // the others have started, and the sharing would depend on how fast processes start on a loaded machine
            let workers = try (1...3).map { try Cli.start(["work", "--db", db.url, "--job", "d", "--worker-id", "w\($0)", "--quiet", "--max-units", "14"]) }
            for w in workers { try await w.wait(seconds: 300) }
            for w in workers { #expect(w.status == 0, "worker failed: \(w.stderr)") }
            let units = try await db.queue.units(jobID: try #require(try await db.queue.job(tenant: "default", name: "d")).id)
            #expect(units.count == 42 && units.allSatisfy { $0.status == "done" && $0.attempts == 1 })
            #expect(Set(units.compactMap(\.worker)) == ["w1", "w2", "w3"], "the work was shared")
            let out = db.scratch("dso-out")
            try Cli.run(["dso", dir, "--db", db.url, "--job", "d", "--out", out])
            Self.expectSameOutputs(try Self.read(out), direct)
        }
    }

    /// "12.345" → µ units, by hand.
    static func micro(_ s: Substring) -> Int64 {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        var frac = parts.count > 1 ? String(parts[1]) : ""
        while frac.count < 6 { frac += "0" }
        return Int64(parts[0])! * 1_000_000 + Int64(frac)!
    }
}
