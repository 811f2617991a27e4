/// The report's four charts, drawn from ``ReportFigures`` alone: the report draws them at settlement time and
/// the run page draws them again from the figures stored with the run, so both show the same charts.
public enum ReportCharts {
    /// The `<figure>`s of the meters, add-back, bill and revenue-stack charts, in that order.
    public static func render(_ f: ReportFigures) -> String {
        MetersChart.render(f) + AddBackChart.render(f) + BillComparisonChart.render(f) + RevenueStackChart.render(f)
    }

    /// The charts' styles for a page that is not the report: the report's stylesheet with every rule scoped under
    /// `scope` (a selector such as `.report-charts`), so it cannot restyle the page around the charts.
    public static func stylesheet(scopedTo scope: String) -> String { ScopedStylesheet.scoped(ReportStyle.css, under: scope) }
}
