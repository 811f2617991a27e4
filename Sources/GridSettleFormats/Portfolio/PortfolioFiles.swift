/// The names of dataset format 2, a portfolio (docs/dataset-format.md §9).
public enum PortfolioFiles {
    /// Its presence makes a directory a portfolio: `{"formatVersion": 2}` and an optional `name`.
    public static let manifest = "portfolio.json"
    /// One site file per site, `sites/*.json`: the keys of format 1's site.json without `period`.
    public static let sites = "sites"
    /// Meter data: `readings.csv`, or any number of files in `readings/` (by month, by meter, as exports come).
    public static let readings = "readings.csv"
    public static let readingsDirectory = "readings"
    /// `temperature.csv` and `baseline_series.csv` in a portfolio: format 1's columns after a `resource_id`,
    /// like every other file of a portfolio's records.
    public static let temperatureColumns = ["resource_id"] + DatasetFiles.Columns.temperature
    public static let baselineSeriesColumns = ["resource_id"] + DatasetFiles.Columns.baselineSeries
}
