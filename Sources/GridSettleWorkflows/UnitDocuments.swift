import Foundation
import GridSettleCore
import GridSettleFormats
import GridSettleReports

/// The documents of one settled unit, rendered from its result: statement JSON and CSV always, the HTML
/// report when asked, and a PJM site's two submission files (docs/dataset-format.md §7.7); and, always, the figures
/// its charts are drawn from, encoded for the store (``ReportFigures``), so every run's page draws the report's
/// charts from data, whichever path settled it. A month of the benchmark portfolio's figures is about 20 KB
/// (``ReportFiguresCoding``); building, encoding and storing them costs 4–9 % of the benchmark's wall time (Benchmarks/README.md).
struct UnitDocuments: Sendable {
    var json: String
    var csv: String
    var html: String?
    /// ``ReportFiguresCoding`` of the unit's ``ReportFigures``.
    var figures: [UInt8]
    /// File name → contents, written next to the statement.
    var extra: [(String, String)]

    init(_ result: SettlementResult, zone: MarketTimeZone, report: Bool) {
        let s = result.statement
        json = StatementJSON.render(s)
        csv = StatementCSV.render(s)
        let figures = ReportFigures(result)
        html = report ? HTMLReport.render(result, figures: figures) : nil
        self.figures = ReportFiguresCoding.encode(figures)
        extra = []
        if let pjm = result.pjm {
            let tag = "\(s.resourceID)-\(s.period.start)"
            extra.append(("esr-meter-correction-\(tag).csv", PJMSubmissionCSV.meterCorrection(pjm, resourceID: s.resourceID, zone: zone)))
            extra.append(("load-reconciliation-\(tag).csv", PJMSubmissionCSV.loadReconciliation(pjm, resourceID: s.resourceID, zone: zone)))
        }
    }

    /// Writes the documents into `directory`; returns the statement JSON, CSV and report paths.
    func write(statement s: GridSettleCore.Statement, to directory: String) throws -> (json: String, csv: String, report: String?) {
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        let base = "statement-\(s.resourceID)-\(s.period.start)"
        let paths = (json: path(base + ".json"), csv: path(base + ".csv"), report: html.map { _ in path("report-\(s.resourceID)-\(s.period.start).html") })
        try Data(json.utf8).write(to: URL(fileURLWithPath: paths.json))
        try Data(csv.utf8).write(to: URL(fileURLWithPath: paths.csv))
        if let html, let p = paths.report { try Data(html.utf8).write(to: URL(fileURLWithPath: p)) }
        for (name, text) in extra { try Data(text.utf8).write(to: URL(fileURLWithPath: path(name))) }
        return paths
    }
}
