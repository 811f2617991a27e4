import GridSettleCore
import GridSettleExamples
import Testing

/// The PJM customer-side ESR example: deterministic, physically possible, and a valid PJM dataset.
@Suite("PJM example generator")
struct PJMExampleTests {
    static let d = PJMExampleGenerator.customerSide(tariff: testTariff(), tariffFile: "tariff.json")

    @Test("the same seed gives the same month; another seed another")
    func deterministic() {
        let again = PJMExampleGenerator.customerSide(tariff: testTariff(), tariffFile: "tariff.json")
        let other = PJMExampleGenerator.customerSide(seed: 842, tariff: testTariff(), tariffFile: "tariff.json")
        let id = PJMExampleGenerator.storageMeterID
        #expect(again.meters[id]?.delivered.microKWh == Self.d.meters[id]?.delivered.microKWh)
        #expect(again.prices.map(\.microPrice) == Self.d.prices.map(\.microPrice))
        #expect(other.prices.map(\.microPrice) != Self.d.prices.map(\.microPrice))
    }

    @Test("hourly Eastern-time November 2019 with the 25-hour day; an RT LMP for every hour; the ESR within 500 kW")
    func shape() {
        let m2 = Self.d.meters[PJMExampleGenerator.storageMeterID]!
        #expect(m2.grid.seconds == 3600 && m2.grid.count == 721)
        #expect(Self.d.config.market == .pjm && Self.d.config.pjm?.configuration == .customerSide)
        #expect(Self.d.prices.count == 721 && Self.d.prices.allSatisfy { $0.run == .realTimeHourly })
        #expect(m2.delivered.microKWh.allSatisfy { $0 >= 0 && $0 <= 500_000_000 })
        #expect(m2.received.microKWh.allSatisfy { $0 >= 0 && $0 <= 400_000_000 })
        // never charging and discharging in the same hour
        #expect((0..<m2.grid.count).allSatisfy { m2.delivered.microKWh[$0] == 0 || m2.received.microKWh[$0] == 0 })
        #expect(DatasetValidator.validate(Self.d).filter { $0.severity == .error }.isEmpty)
    }
}
