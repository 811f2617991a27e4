import Foundation
import GridSettleCore
import GridSettleFormats
import GridSettleReports

/// The documents of one settled unit, rendered from its result: statement JSON and CSV always, the HTML
/// report when asked, and a PJM site's two submission files (docs/dataset-format.md §7.7); with the report, the
/// figures its charts are drawn from, encoded for the store (``ReportFigures``), so the run page draws the same
/// charts from data. Only with the report: a month's figures are about 87 KB, and storing them for every run of a
/// 1,000-resource portfolio doubled its database (107 → 194 MB) and cost 5–35 % of its settlement time.
struct UnitDocuments: Sendable {
    var json: String
    var csv: String
    var html: String?
    /// ``ReportFiguresCoding`` of the unit's ``ReportFigures``, with the report only.
    var figures: [UInt8]?
    /// File name → contents, written next to the statement.
    var extra: [(String, String)]

    init(_ result: SettlementResult, zone: MarketTimeZone, report: Bool) {
        let s = result.statement
        json = StatementJSON.render(s)
        csv = StatementCSV.render(s)
        if report {
            let figures = ReportFigures(result)
            html = HTMLReport.render(result, figures: figures)
            self.figures = ReportFiguresCoding.encode(figures)
        } else {
            html = nil
            figures = nil
        }
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
