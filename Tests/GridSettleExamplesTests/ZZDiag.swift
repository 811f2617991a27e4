import GridSettleCore
import GridSettleExamples
import Testing

@Test func zzDiagnostics() {
    let d = november
    let hours = d.awardHourStarts
    var perDay: [LocalDate: Int] = [:]
    for h in hours { perDay[calendar.tradingDay(of: Instant(secondsSinceEpoch: h)), default: 0] += 1 }
    for k in perDay.keys.sorted() {
        let hs = hours.filter { calendar.tradingDay(of: Instant(secondsSinceEpoch: $0)) == k }.sorted().map { zone.localTime(Instant(secondsSinceEpoch: $0)).hour + 1 }
        print("awardday", k, perDay[k]!, "HE", hs)
    }
    print("award hours total", hours.count, "days", perDay.count)
    let m2 = d.m2
    print("M2 delivered kWh", Double(m2.delivered.total)/1e6, "received kWh", Double(m2.received.total)/1e6)
    var inAwardDel: Int64 = 0, inAwardRec: Int64 = 0
    for i in 0..<m2.grid.count where d.inAwardHour(m2.grid.startOf(i), hours) { inAwardDel += m2.delivered.microKWh[i]; inAwardRec += m2.received.microKWh[i] }
    print("M2 award-hour del", Double(inAwardDel)/1e6, "rec", Double(inAwardRec)/1e6)
    print("M1 del", Double(d.m1.delivered.total)/1e6, "rec", Double(d.m1.received.total)/1e6, "max kW", Double(d.m1.delivered.microKWh.max()!)/1e6*12)
    print("EVSE kWh", Double(d.evse.delivered.total)/1e6)
    print("trips", d.trips.count, "driven kWh", Double(d.trips.reduce(0){$0+$1.drivenMicroKWh})/1e6)
    for s in [d.m1, m2] { for i in 0..<s.grid.count where s.delivered.quality[i] == .missing { print("gap", s.grid.startOf(i), zone.localTime(s.grid.startOf(i))) } }
    var unc: [Instant] = []
    for i in 0..<m2.grid.count { let t = m2.grid.startOf(i); if !d.inAwardHour(t, hours) && !d.coveredBySignal(t) { unc.append(t) } }
    print("outage", unc.first!, unc.last!.adding(seconds: 300), zone.localTime(unc.first!))
    let outKW = m2.delivered.microKWh[m2.grid.index(startingAt: unc.first!)!..<(m2.grid.index(startingAt: unc.last!)! + 1)].map { Double($0)/1e6*12 }
    print("outage kW", outKW.map { Int($0) })
    for s in d.signals where s.kind == .manualMode { print("manual", s.start, s.end, zone.localTime(s.start)) }
    print("signals", d.signals.count, "awards", d.awards.count, "prices", d.prices.count, "mileage", d.mileage.count)
    for a in d.awards where a.product == .energy && a.run == .dayAhead { print("energy award", a.start, zone.localTime(a.start)) }
    let rtd = d.prices.filter { $0.run == .realTimeDispatch }
    print("rtd neg", rtd.filter { $0.microPrice < 0 }.count, "spikes", rtd.filter { $0.microPrice > 200_000_000 }.map { ($0.start, $0.microPrice) })
    let da = d.prices.filter { $0.run == .dayAhead && $0.product == .lmp }.map { Double($0.microPrice)/1e6 }
    print("da min max mean", da.min()!, da.max()!, da.reduce(0,+)/Double(da.count))
    // max M2 charge kW at night
    print("max m2 del kW", Double(m2.delivered.microKWh.max()!)/1e6*12, "max rec kW", Double(m2.received.microKWh.max()!)/1e6*12)
    // print one working day profile hourly
    let day = LocalDate(year: 2016, month: 11, day: 15)
    let b = zone.dayBounds(day)
    var line = ""
    var i = m2.grid.index(startingAt: b.start)!
    while m2.grid.startOf(i) < b.end {
        var f: Int64 = 0, e: Int64 = 0, md: Int64 = 0, mr: Int64 = 0, m1n: Int64 = 0
        for k in i..<(i+12) { md += m2.delivered.microKWh[k]; mr += m2.received.microKWh[k]; e += d.evse.delivered.microKWh[k]; m1n += d.m1.delivered.microKWh[k] - d.m1.received.microKWh[k] }
        f = m1n - e - (md - mr)
        line += "\(zone.localTime(m2.grid.startOf(i)).hour): fac \(f/1_000_000) ev \(e/1_000_000) m2d \(md/1_000_000) m2r \(mr/1_000_000) m1 \(m1n/1_000_000)\n"
        i += 12
    }
    print(line)
}
