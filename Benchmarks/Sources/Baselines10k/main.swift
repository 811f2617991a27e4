// Baselines for N resources (default 10,000), each a year of 15-minute data with 50 event days (CAISO
// 10-in-10 with its load point adjustment): total wall time, resource-years per second, peak RSS. One
// resource at a time, so memory stays flat whatever N is. `bash run-baselines.sh [N]`.
import BenchmarkFixtures
import Foundation
import GridSettleCore

let n = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 10_000
let clock = ContinuousClock()
var checksum: Int64 = 0
var generation = Duration.zero
var baselines = Duration.zero
let start = clock.now
for r in 0..<n {
    let g0 = clock.now
    let s = BaselineYear.series(resource: r)
    let ev = BaselineYear.events(resource: r)
    let g1 = clock.now
    generation += g1 - g0
    let days = Set(ev.map { BaselineYear.zone.localTime($0.start).date })
    let input = BaselineInput(series: s, calendar: BaselineYear.calendar, eventDays: days)
    let engine = DayMatchingBaseline(BaselinePresets.caisoWeekday)
    let profiles = DayProfiles(s, timeZone: BaselineYear.zone)
    for e in ev { checksum &+= engine.baseline(input, profiles: profiles, event: e).loadReductionMicroKWh }
    baselines += clock.now - g1
    if (r + 1) % 1000 == 0 { FileHandle.standardError.write("\(r + 1) resources\n".data(using: .utf8)!) }
}
let total = clock.now - start
func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
let hwm = status.split(separator: "\n").first { $0.hasPrefix("VmHWM") }.map(String.init) ?? "VmHWM: ?"
print("resources: \(n), events: \(n * 50), intervals: \(n * 35_040)")
print(String(format: "baselines: %.2f s (%.1f resource-years/s, %.0f events/s); generation (excluded): %.2f s; total %.2f s",
             seconds(baselines), Double(n) / seconds(baselines), Double(n * 50) / seconds(baselines), seconds(generation), seconds(total)))
print("checksum (sum of event reductions): \(checksum) µkWh; \(hwm)")
