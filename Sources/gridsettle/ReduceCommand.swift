import ArgumentParser
import Foundation
import GridSettleFormats
import GridSettleStore

/// `gridsettle reduce`: a job's totals over its finished units (docs/scaling.md).
struct ReduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reduce",
        abstract: "Total a job's finished units by section and line code, count done/failed/pending units, and check the sums.",
        discussion: """
            Money is the sum of the units' rounded line amounts (integer cents), so it does not depend on how the work was
            split between workers. The check: for every section, the sum of the units' own section totals (each worker's
            statement total) equals the sum of the reduced line totals, to the cent. Exit status 2 when it does not; with
            --require-complete, 1 while units are pending or failed.
            """)

    @Option(help: "SQLite database file, or a postgres://user:password@host:port/database URL.")
    var db: String = "gridsettle.sqlite"
    @Option(help: "The job's name.")
    var job: String
    @Option(help: "Tenant the job belongs to.")
    var tenant: String = "default"
    @Option(help: "Write the totals by section and line code as CSV to this file ('-' for standard output).")
    var csv: String?
    @Option(help: "Write one CSV row per unit (key, status, attempts, worker, times, error) to this file.")
    var unitsCsv: String?
    @Flag(help: "Exit with status 1 unless every unit is done.")
    var requireComplete = false

    func run() async throws {
        let queue = try await Repositories.openWorkQueue(db)
        let r: JobReduction
        var units: [WorkUnitRow] = []
        do {
            guard let j = try await queue.job(tenant: tenant, name: job) else {
                throw ValidationError("no job '\(job)' for tenant '\(tenant)' in \(db)")
            }
            r = try await queue.reduce(jobID: j.id)
            if unitsCsv != nil { units = try await queue.units(jobID: j.id) }
        } catch {
            await queue.close()
            throw error
        }
        await queue.close()
        if let csv {
            let text = ReductionText.csv(r)
            if csv == "-" { FileHandle.standardOutput.write(Data(text.utf8)) } else { try DocumentFile.write(text, to: csv) }
        }
        if let unitsCsv { try DocumentFile.write(ReductionText.unitsCSV(units), to: unitsCsv) }
        if csv != "-" { Console.out(ReductionText.render(r)) }
        if !r.balanced { throw ExitCode(2) }
        if requireComplete && (r.counts.pending > 0 || r.counts.failed > 0) { throw ExitCode(1) }
    }
}

/// The reduction as text and CSV.
enum ReductionText {
    static func render(_ r: JobReduction) -> String {
        let c = r.counts
        var out: [String] = []
        out.append("job \(r.job.name) (id \(r.job.id), tenant \(r.job.tenant), period \(r.job.periodStart)/\(r.job.periodEnd)): \(r.job.status)")
        out.append("  units: \(c.total) — \(c.done) done, \(c.failed) failed, \(c.pending) pending; \(c.retried) took more than one attempt; "
            + "\(c.withViolations) with check violations")
        var section = ""
        for t in r.totals {
            if t.section != section {
                section = t.section
                out.append("  \(section)")
            }
            out.append("    \(t.code.padded(32)) \(String(t.lineCount).leftPadded(8)) × \(micro(t.quantityMicro).leftPadded(22)) \(t.unit.padded(6)) \(cents(t.amountCents).leftPadded(18)) $")
        }
        out.append("  check: Σ of the units' rounded section totals = Σ of the reduced line totals, per section")
        for s in r.sections {
            out.append("    \(s.section.padded(20)) units \(cents(s.unitTotalCents).leftPadded(18)) $   reduced \(cents(s.reducedCents).leftPadded(18)) $   "
                + (s.balanced ? "equal" : "MISMATCH by \(cents(s.reducedCents - s.unitTotalCents)) $") + " (\(s.units) units)")
        }
        out.append(r.balanced ? "  balanced: every section's reduced total equals the sum of its units' totals exactly" : "  !!! NOT BALANCED: see the sections above !!!")
        return out.joined(separator: "\n")
    }

    /// One row per section and code, then one TOTAL row per section (as the statement CSV ends).
    static func csv(_ r: JobReduction) -> String {
        var out = CSVWriter(columns: ["section", "code", "unit", "lines", "quantity", "amount", "amount_exact"])
        for t in r.totals {
            out.row([t.section, t.code, t.unit, String(t.lineCount), micro(t.quantityMicro), cents(t.amountCents), micro(t.amountMicros)])
        }
        for s in r.sections {
            out.row([s.section, "TOTAL", "", String(s.units), "", cents(s.reducedCents), ""])
        }
        return out.text
    }

    static func unitsCSV(_ units: [WorkUnitRow]) -> String {
        var out = CSVWriter(columns: [
            "unit_key", "resource_id", "period_start", "period_end", "status", "attempts", "worker", "started_at", "finished_at", "statement_status",
            "violations", "input_location", "error",
        ])
        for u in units {
            out.row([u.key, u.resourceID, u.periodStart, u.periodEnd, u.status, String(u.attempts), u.worker ?? "", u.startedAt ?? "", u.finishedAt ?? "",
                     u.statementStatus ?? "", u.violationCount.map(String.init) ?? "", u.inputLocation, u.error ?? ""])
        }
        return out.text
    }

    /// Integer cents as dollars, exactly: -1234 → "-12.34".
    static func cents(_ v: Int64) -> String { decimal(v, places: 2) }

    /// Integer millionths as a decimal, exactly: 1500000 → "1.500000".
    static func micro(_ v: Int64) -> String { decimal(v, places: 6) }

    static func decimal(_ v: Int64, places: Int) -> String {
        let magnitude = v.magnitude
        var p: UInt64 = 1
        for _ in 0..<places { p *= 10 }
        var frac = String(magnitude % p)
        while frac.count < places { frac = "0" + frac }
        return (v < 0 ? "-" : "") + String(magnitude / p) + "." + frac
    }
}
