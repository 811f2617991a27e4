import GridSettleCore
import GridSettleExamples
import Testing

@Test func zzPerf() {
    let clock = ContinuousClock()
    var n = 0
    let t = clock.measure {
        let f = ExampleGenerator.fleet(count: 1000, tariff: testTariff())
        n = f.count
    }
    print("PERF fleet 1000:", t, n)
    let t2 = clock.measure { _ = ExampleGenerator.laAirForceBase(tariff: testTariff()) }
    print("PERF single:", t2)
}
