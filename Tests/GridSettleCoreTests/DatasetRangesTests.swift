import GridSettleCore
import Testing

/// The derived bounds behind docs/dataset-format.md "Ranges".
@Suite("Dataset ranges")
struct DatasetRangesTests {
    @Test("an interval's energy bound is 1 GW for its length, and unsupported lengths hold nothing")
    func intervalEnergy() {
        #expect(DatasetRanges.maximumMicroKWh(intervalSeconds: 3_600) == 1_000_000_000_000)
        #expect(DatasetRanges.maximumMicroKWh(intervalSeconds: 300) == 83_333_333_333)
        #expect(DatasetRanges.maximumMicroKWh(intervalSeconds: 0) == 0)
        #expect(DatasetRanges.maximumMicroKWh(intervalSeconds: .max) == 0)
    }

    @Test("a year of 1-minute data at the bound sums far inside Int64, and prices it at the price bound too")
    func yearFits() {
        let intervals = Int64(366 * 1_440)
        let (energy, o1) = DatasetRanges.maximumMicroKWh(intervalSeconds: 60).multipliedReportingOverflow(by: intervals)
        #expect(!o1)
        // µkWh × µ$/MWh = 10⁻¹⁵ $; the whole year's wholesale amount in µ$
        let amount = Int128(energy) * Int128(DatasetRanges.microPrice.upperBound) / 1_000_000_000
        #expect(amount < Int128(Int64.max) / 10)
    }

    @Test("the bill bound grows with rates and never traps on extreme ones")
    func billBound() {
        let tier = EnergyTier(price: Int64.max, sell: Int64.min + 1)
        let tariff = Tariff(
            label: "t", utility: "u", name: "n",
            energy: EnergyCharges(periods: [[tier]], weekdaySchedule: [[Int]](repeating: [Int](repeating: 0, count: 24), count: 12),
                                  weekendSchedule: [[Int]](repeating: [Int](repeating: 0, count: 24), count: 12)))
        let bound = BillMagnitude.bound(tariff: tariff, energyMicroKWh: Int128(Int64.max), demandMicroKW: 0, days: 31)
        #expect(bound > BillMagnitude.limitMicros)
    }
}
