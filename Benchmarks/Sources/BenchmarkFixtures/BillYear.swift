import GridSettleCore
import GridSettleExamples
import GridSettleFormats

/// One bill-year: SCE TOU-8 Option D billed for the twelve months of 2018 on 15-minute data (35,040
/// intervals), the profiles of the PySAM oracle cases `sce-tou-8/load/15min` and
/// `sce-tou-8/load+battery/15min` (Tests/GridSettleFormatsTests/Fixtures/pysam/SOURCES.md), so the benchmark
/// bills exactly what PySAM is timed on and checks the result against PySAM's golden year totals.
///
/// One PySAM `execute()` bills the year twice, without the system (the load) and with it (load − battery):
/// the `savings` benchmark does the same two bill-years, and is the one to set against PySAM's time.
public enum BillYear {
    /// PySAM's year-1 bill for `sce-tou-8/load+battery/15min` (golden-bills.json), in cents.
    public static let pysamWithStorageCents: Int64 = 112_345_662
    /// PySAM's year-1 bill for `sce-tou-8/load/15min` (golden-bills.json), in cents.
    public static let pysamWithoutStorageCents: Int64 = 115_668_495

    public static func calculator() -> BillCalculator {
        let reference = TariffReference(urdbFile: "tariff.json", demandWindowMinutes: 15, holidaysAsWeekends: false)
        let tariff = try! URDBReader.read(data: Array(ExampleTariffs.sceTOU8JSON.utf8), file: "tariff.json", reference: reference).tariff
        return BillCalculator(tariff: tariff, calendar: MarketCalendar(timeZone: PySAMOracleProfile.zone, holidays: []))
    }

    /// The oracle's load − battery profile in µkWh per 15 minutes.
    public static func netLoad() -> EnergySeries { PySAMOracleProfile.series("load+battery", stepsPerHour: 4) }

    /// The oracle's load profile (no battery) in µkWh per 15 minutes.
    public static func load() -> EnergySeries { PySAMOracleProfile.series("load", stepsPerHour: 4) }

    public static let cycles = BillingCycle.calendarYear(2018)

    /// The twelve bills; their exact total (rounded once, as PySAM reports it) in cents.
    public static func bill(_ calc: BillCalculator, _ input: BillInput) -> Int64 {
        let bills = calc.bills(input, cycles: cycles)
        return Money(micros: bills.reduce(Int64(0)) { $0 + $1.lines.reduce(0) { $0 + $1.amountMicros } }).roundedToCents.cents
    }
}
