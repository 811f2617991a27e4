import Foundation
import GridSettleCore
import GridSettleFormats
import GridSettleReports

/// What one settled unit stores and writes beyond its statement: the figures its charts are drawn from, encoded for
/// the store (``ReportFigures``), so every run's page and report draw the charts from data whichever path settled
/// it; and, for an output directory, the documents: statement JSON and CSV always, the HTML report when asked, and
/// a PJM site's two submission files (docs/dataset-format.md §7.7).
///
/// The store keeps the statement and the figures, not rendered text (schema v9): a stored run's documents are rendered
/// on demand by ``StoredRunDocuments`` with the same renderers, so they equal the files written here byte for byte.
/// A month of the benchmark portfolio's figures is about 20 KB (``ReportFiguresCoding``).
struct UnitDocuments: Sendable {
    var figures: ReportFigures
    /// ``ReportFiguresCoding`` of ``figures``.
    var encodedFigures: [UInt8]
    /// File name → contents, written next to the statement.
    var extra: [(String, String)]

    init(_ result: SettlementResult) {
        let s = result.statement
        let zone = result.config.zone
        figures = ReportFigures(result)
        encodedFigures = ReportFiguresCoding.encode(figures)
        extra = []
        if let pjm = result.pjm {
            let tag = "\(s.resourceID)-\(s.period.start)"
            extra.append(("esr-meter-correction-\(tag).csv", PJMSubmissionCSV.meterCorrection(pjm, resourceID: s.resourceID, zone: zone)))
            extra.append(("load-reconciliation-\(tag).csv", PJMSubmissionCSV.loadReconciliation(pjm, resourceID: s.resourceID, zone: zone)))
        }
    }

    /// Renders the documents into `directory` (the HTML report when `report`); returns the statement JSON, CSV and
    /// report paths.
    func write(statement s: GridSettleCore.Statement, report: Bool, to directory: String) throws -> (json: String, csv: String, report: String?) {
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        let base = "statement-\(s.resourceID)-\(s.period.start)"
        let paths = (json: path(base + ".json"), csv: path(base + ".csv"), report: report ? path("report-\(s.resourceID)-\(s.period.start).html") : nil)
        try DocumentFile.write(StatementJSON.bytes(s), to: paths.json)
        try DocumentFile.write(StatementCSV.bytes(s), to: paths.csv)
        if let p = paths.report { try DocumentFile.write(HTMLReport.render(s, figures: figures), to: p) }
        for (name, text) in extra { try DocumentFile.write(text, to: path(name)) }
        return paths
    }
}
