import GridSettleCore
import GridSettleFormats
import GridSettleReports
import GridSettleStore

/// The documents of a stored run — statement JSON, statement CSV, HTML report — for every path that shows them
/// (`gridsettle report`, `GET /v1/runs/{id}/statement`, the report page).
///
/// A run stored since schema v9 keeps its whole statement (``StatementCoding``) and its chart figures
/// (``ReportFiguresCoding``), not rendered text: the documents are rendered here, on demand, by the renderers
/// `settle` writes its files with, so they equal those files byte for byte, and every run has a report whether
/// or not it was settled with `--report`. A run stored before v9 keeps the text it was stored with and is
/// served as it is (its HTML only when it was settled with `--report`).
///
/// Each document is rendered when it is read, so a request for the JSON does not render the report.
public struct StoredRunDocuments: Sendable {
    enum Source: Sendable {
        /// A run since v9: its statement, and the figures its report's charts are drawn from (nil: stored without).
        case data(GridSettleCore.Statement, figures: ReportFigures?)
        /// A run stored before v9: the text it was stored with.
        case text(RunDocuments)
    }

    let source: Source

    public var json: String {
        switch source {
        case .data(let s, _): StatementJSON.render(s)
        case .text(let t): t.json
        }
    }

    public var csv: String {
        switch source {
        case .data(let s, _): StatementCSV.render(s)
        case .text(let t): t.csv
        }
    }

    /// nil when the run has no report: stored before v9 without `--report`, or without figures.
    public var html: String? {
        switch source {
        case .data(let s, let figures): figures.map { HTMLReport.render(s, figures: $0) }
        case .text(let t): t.html.isEmpty ? nil : t.html
        }
    }

    /// Whether the documents are rendered from stored data (a run since v9) rather than read as stored text.
    public var rendered: Bool {
        if case .data = source { return true }
        return false
    }

    /// A stored statement or figures that cannot be decoded: the run is damaged, named with where it stops.
    public struct Damaged: Error, Sendable, CustomStringConvertible {
        public var runID: Int64
        public var reason: String
        public var description: String { "run \(runID): \(reason)" }
    }

    /// The run's documents, or nil when there is no such run.
    public static func load(runID: Int64, from repository: any SettlementRepository) async throws -> StoredRunDocuments? {
        guard let statement = try await statement(runID: runID, from: repository) else {
            return try await repository.documents(runID: runID).map { StoredRunDocuments(source: .text($0)) }
        }
        var figures: ReportFigures? = nil
        if let stored = try await repository.figures(runID: runID) {
            do {
                figures = try ReportFiguresCoding.decode(stored)
            } catch {
                throw Damaged(runID: runID, reason: error.description)
            }
        }
        return StoredRunDocuments(source: .data(statement, figures: figures))
    }

    /// The run's whole statement as stored (schema v9); nil for a run stored before v9 (or no such run).
    public static func statement(runID: Int64, from repository: any SettlementRepository) async throws -> GridSettleCore.Statement? {
        guard let bytes = try await repository.statement(runID: runID) else { return nil }
        do {
            return try StatementCoding.decode(bytes)
        } catch {
            throw Damaged(runID: runID, reason: error.description)
        }
    }

    /// Whether the run has an HTML report, without rendering it: a run since v9 with figures, or an earlier run
    /// stored with one.
    public static func hasReport(runID: Int64, in repository: any SettlementRepository) async throws -> Bool {
        if try await repository.statement(runID: runID) != nil { return try await repository.figures(runID: runID) != nil }
        return try await repository.documents(runID: runID).map { !$0.html.isEmpty } ?? false
    }
}
