/// The names of dataset format 2, a portfolio (docs/dataset-format.md §9).
public enum PortfolioFiles {
    /// Its presence makes a directory a portfolio: `{"formatVersion": 2}` and an optional `name`.
    public static let manifest = "portfolio.json"
    /// One site file per site, `sites/*.json`: the keys of format 1's site.json without `period`.
    public static let sites = "sites"
    /// Meter data: `readings.csv`, or any number of files in `readings/` (by month, by meter, as exports come).
    public static let readings = "readings.csv"
    public static let readingsDirectory = "readings"
    /// Files of format 1 a portfolio does not take yet: they hold no site or resource column.
    public static let unsupported = [DatasetFiles.temperature, DatasetFiles.baselineSeries]
}
