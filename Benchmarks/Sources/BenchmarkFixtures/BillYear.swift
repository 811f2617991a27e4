import GridSettleCore
import GridSettleExamples
import GridSettleFormats

/// One bill-year: SCE TOU-8 Option D billed for the twelve months of 2018 on 15-minute data (35,040
/// intervals), the profile of the PySAM oracle case `sce-tou-8/load+battery/15min`
/// (Tests/GridSettleFormatsTests/Fixtures/pysam/SOURCES.md), so the benchmark bills exactly what PySAM is
/// timed on and can check the result against PySAM's golden year total.
public enum BillYear {
    /// PySAM's year-1 bill for `sce-tou-8/load+battery/15min` (golden-bills.json), in cents.
    public static let pysamYearTotalCents: Int64 = 112_345_662

    public static func calculator() -> BillCalculator {
        let reference = TariffReference(urdbFile: "tariff.json", demandWindowMinutes: 15, holidaysAsWeekends: false)
        let tariff = try! URDBReader.read(data: Array(ExampleTariffs.sceTOU8JSON.utf8), file: "tariff.json", reference: reference).tariff
        let zone = MarketTimeZone(identifier: "UTC-8 fixed", standardOffsetSeconds: -8 * 3600, observesDST: false)
        return BillCalculator(tariff: tariff, calendar: MarketCalendar(timeZone: zone, holidays: []))
    }

    /// The oracle's load − battery profile in µkWh per 15 minutes.
    public static func netLoad() -> EnergySeries {
        let s = 4
        let n = 8760 * s
        var e = ContiguousArray<Int64>(repeating: 0, count: n)
        for k in 0..<n {
            let hr = k / s, d = hr / 24, h = hr % 24, q = k % s
            var load = Int64(400_000 + 20_000 * ((7 * h + 11 * d) % 17) + (11 <= h && h < 18 ? 250_000 : 0))
            load += ((Int64(k) * 2_654_435_761 + Int64(977 * q)) % 1_000_003) % 40_000
            let battery: Int64 = h < 4 ? -150_000 : (16 <= h && h < 21 && d % 7 < 5 ? 200_000 : 0)
            e[k] = (load - battery) * 1000 / Int64(s)
        }
        let grid = IntervalGrid(start: Instant(utc: LocalDate(year: 2018, month: 1, day: 1), hour: 8), seconds: 900, count: n)
        return EnergySeries(grid: grid, microKWh: e)
    }

    public static let cycles = BillingCycle.calendarYear(2018)

    /// The twelve bills; their exact total (rounded once, as PySAM reports it) in cents.
    public static func bill(_ calc: BillCalculator, _ input: BillInput) -> Int64 {
        let bills = calc.bills(input, cycles: cycles)
        return Money(micros: bills.reduce(Int64(0)) { $0 + $1.lines.reduce(0) { $0 + $1.amountMicros } }).roundedToCents.cents
    }
}
