import GridSettleCore
import GridSettleExamples

/// A hand-built TOU tariff shaped like SCE TOU-8 (the URDB reader is tested elsewhere).
func testTariff() -> Tariff {
    let weekday = [Int](repeating: 0, count: 8) + [Int](repeating: 1, count: 4) + [Int](repeating: 2, count: 6)
        + [Int](repeating: 1, count: 5) + [0]
    let weekend = [Int](repeating: 0, count: 24)
    let demandWeekday = [Int](repeating: 0, count: 12) + [Int](repeating: 1, count: 6) + [Int](repeating: 0, count: 6)
    return Tariff(
        label: "test-tou8", utility: "Southern California Edison Co", name: "TOU-8-B (test)",
        energyRates: [58_000, 84_000, 121_000], energyPeriodNames: ["off-peak", "mid-peak", "on-peak"],
        energyWeekdaySchedule: [[Int]](repeating: weekday, count: 12),
        energyWeekendSchedule: [[Int]](repeating: weekend, count: 12),
        demandRates: [0, 19_500_000], demandWeekdaySchedule: [[Int]](repeating: demandWeekday, count: 12),
        demandWeekendSchedule: [[Int]](repeating: weekend, count: 12), flatDemandRates: [16_140_000],
        flatDemandMonths: [Int](repeating: 0, count: 12), fixedMonthlyCharge: 458_570_000, demandWindowMinutes: 15,
        holidaysAsWeekends: true)
}

/// The default November 2016 month, generated once for the read-only tests.
let november: Dataset = ExampleGenerator.laAirForceBase(tariff: testTariff())

let zone = MarketTimeZone.losAngeles
let calendar = MarketCalendar(market: .caiso)

extension Dataset {
    var m1: MeterChannels { meters[config.meter(role: .retailMaster)!.id]! }
    var m2: MeterChannels { meters[config.meter(role: .storage)!.id]! }
    var evse: MeterChannels { meters[config.meter(role: .evse)!.id]! }

    /// UTC starts of the clock hours that hold any award (the pilot's "CAISO award hours").
    var awardHourStarts: Set<Int64> {
        var out = Set<Int64>()
        for a in awards {
            var t = a.start.secondsSinceEpoch - ((a.start.secondsSinceEpoch % 3600) + 3600) % 3600
            while t < a.end.secondsSinceEpoch {
                out.insert(t)
                t += 3600
            }
        }
        return out
    }

    func inAwardHour(_ t: Instant, _ hours: Set<Int64>) -> Bool {
        hours.contains(t.secondsSinceEpoch - ((t.secondsSinceEpoch % 3600) + 3600) % 3600)
    }

    func coveredBySignal(_ t: Instant) -> Bool { signals.contains { $0.start <= t && t < $0.end } }
}

/// Field-by-field equality (Dataset itself is not Equatable).
func identical(_ a: Dataset, _ b: Dataset) -> Bool {
    a.config == b.config && a.meters == b.meters && a.awards == b.awards && a.signals == b.signals
        && a.prices == b.prices && a.mileage == b.mileage && a.trips == b.trips && a.edits == b.edits
        && a.tariff == b.tariff
}

/// kW → µkWh in one interval of `seconds`.
func microKWh(kW: Double, seconds: Int64) -> Int64 { Int64((kW * Double(seconds) / 3600 * 1e6).rounded()) }
