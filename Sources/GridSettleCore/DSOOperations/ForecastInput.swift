/// What an interface forecast is made from: the interface's metered net load and, where known, the own
/// output of the PV members behind it.
///
/// Net load is what the DSO exchanges with the ISO at the interface (supply substation): energy imported
/// minus energy exported, µkWh per interval, so a DSO exporting at midday reads negative. Gaps are
/// `.missing` in the series (``EnergySeries``), never zeros.
public struct InterfaceForecastInput: Sendable {
    /// The interface's name (what reports and the backtest key on).
    public var interface: String
    /// Net load at the interface, µkWh per interval (import − export).
    public var netLoad: EnergySeries
    /// PV members whose own output is metered. Empty: the net load is forecast directly.
    public var pv: [ForecastPVMember]
    /// Days whose load is not normal (DSO dispatch events, outages, switching that moved load between
    /// interfaces): never like days.
    public var excludedDays: Set<LocalDate>

    public init(interface: String, netLoad: EnergySeries, pv: [ForecastPVMember] = [], excludedDays: Set<LocalDate> = []) {
        self.interface = interface
        self.netLoad = netLoad
        self.pv = pv
        self.excludedDays = excludedDays
    }
}

/// A PV member behind the interface whose output is metered on its own (a generator-output meter).
///
/// Its output is already inside the interface's net load (net = gross load − PV). Separating it lets the
/// gross load follow the calendar (like days) while PV follows the weather (the most recent days, or a
/// forecast made from irradiance).
public struct ForecastPVMember: Sendable {
    public var id: String
    /// Measured PV output, µkWh per interval, generation positive.
    public var output: EnergySeries
    /// A PV forecast (µkWh per interval, generation positive) that covers the target day, e.g. from a
    /// weather service. Used instead of the similar-day PV for every slot it has a value for; a slot it has
    /// no value for falls back to the similar days (noted).
    public var forecast: EnergySeries?
    /// Days this member's output is not normal (inverter outage, curtailment): never PV days.
    public var excludedDays: Set<LocalDate>

    public init(id: String, output: EnergySeries, forecast: EnergySeries? = nil, excludedDays: Set<LocalDate> = []) {
        self.id = id
        self.output = output
        self.forecast = forecast
        self.excludedDays = excludedDays
    }
}

/// An input cut into local days of slots once (``DayProfiles``), so a backtest forecasting many days of one
/// interface reads every series only once.
public struct PreparedInterfaceForecastInput: Sendable {
    public let input: InterfaceForecastInput
    public let slotMinutes: Int
    let net: DayProfiles
    let pv: [DayProfiles]
    let pvForecast: [DayProfiles?]
}
