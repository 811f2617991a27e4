/// The file names of dataset format v1 (docs/dataset-format.md).
public enum DatasetFiles {
    public static let site = "site.json"
    public static let readings = "readings.csv"
    public static let awards = "awards.csv"
    public static let signals = "signals.csv"
    public static let prices = "prices.csv"
    /// Optional files.
    public static let mileage = "mileage.csv"
    public static let trips = "trips.csv"
    public static let edits = "edits.csv"
    public static let events = "events.csv"
    /// Outdoor temperature for weather-matching baselines.
    public static let temperature = "temperature.csv"
    /// An externally computed baseline (method `external`).
    public static let baselineSeries = "baseline_series.csv"

    public enum Columns {
        public static let readings = ["meter_id", "interval_start", "interval_minutes", "delivered_kwh", "received_kwh", "quality"]
        public static let awards = ["resource_id", "market", "product", "interval_start", "interval_minutes", "mw"]
        public static let signals = ["resource_id", "signal", "start", "end"]
        public static let prices = ["node", "market", "product", "interval_start", "interval_minutes", "price"]
        public static let mileage = ["resource_id", "direction", "interval_start", "interval_minutes", "instructed_mileage_mw", "accuracy"]
        public static let trips = ["resource_id", "vehicle_id", "departure", "return", "driven_kwh"]
        public static let edits = ["meter_id", "interval_start", "channel", "new_kwh", "reason", "editor"]
        public static let events = ["resource_id", "event_start", "event_end", "type"]
        public static let temperature = ["interval_start", "temperature_f"]
        public static let baselineSeries = ["interval_start", "interval_end", "baseline_kw"]
    }
}
