import GridSettleCore
import GridSettleFormats
import Testing

/// In-range readings on in-range URDB rates can still overflow together; the validator refuses the pair
/// before billing, so `settle` throws instead of trapping.
@Suite("Bill amounts fit in 64 bits")
struct BillMagnitudeTests {
    @Test("$1 000 000/kWh (the URDB reader's limit) on 300 intervals of 1 GW is refused, not trapped on")
    func extremeRateOnLargeEnergy() throws {
        var d = try E2E.example()
        d.tariff.energy.periods = d.tariff.energy.periods.map { $0.map { var t = $0; t.price = 1_000_000_000_000; return t } }
        let most = DatasetRanges.maximumMicroKWh(intervalSeconds: 300)
        for i in 0..<300 { d.meters["M1"]!.delivered.microKWh[i] = most }
        #expect(DatasetValidator.validate(d).contains { $0.field == "tariff.urdbFile" && $0.value.contains("bill amounts") })
        do {
            _ = try SettlementEngine.settle(d)
            Issue.record("settle accepted bill amounts beyond 64 bits")
        } catch {
            #expect(error.issues.contains { $0.field == "tariff.urdbFile" })
        }
    }

    @Test("the example's tariff and data are far inside the bound")
    func exampleFits() throws {
        let d = try E2E.example()
        #expect(!DatasetValidator.validate(d).contains { $0.field == "tariff.urdbFile" })
    }
}
