import GridSettleCore
import Testing

/// VEE: validation findings, estimation of short gaps, editing with an audit log.
@Suite("VEE")
struct VEETests {
    let day = LocalDate(year: 2016, month: 7, day: 12)

    /// A one-day dataset with M1 (rating 1000 kW) and M2 (rating 100 kW), 5-minute, flat data.
    func dataset(m1KWh: [Double]? = nil, m2Delivered: [Double]? = nil, m2Quality: [DataQuality]? = nil, edits: [MeterEdit] = []) -> Dataset {
        let zone = MarketTimeZone.losAngeles
        let g = IntervalGrid(start: zone.startOfDay(day), seconds: 300, count: 288)
        func s(_ v: [Double], _ q: [DataQuality]? = nil) -> EnergySeries {
            EnergySeries(grid: g, microKWh: ContiguousArray(v.map(Units.microKWh)), quality: ContiguousArray(q ?? Array(repeating: .actual, count: 288)))
        }
        let zero = Array(repeating: 0.0, count: 288)
        let m2d = m2Delivered ?? Array(repeating: 2.0, count: 288)
        let m1 = MeterChannels(delivered: s(m1KWh ?? Array(repeating: 30.0, count: 288)), received: s(zero))
        let m2 = MeterChannels(delivered: s(m2d, m2Quality), received: s(zero, m2Quality))
        let sched = Array(repeating: Array(repeating: 0, count: 24), count: 12)
        let tariff = Tariff(label: "t", utility: "u", name: "n", energyRates: [100_000], energyWeekdaySchedule: sched, energyWeekendSchedule: sched,
                            demandRates: [], demandWeekdaySchedule: sched, demandWeekendSchedule: sched, flatDemandRates: [],
                            flatDemandMonths: Array(repeating: 0, count: 12), fixedMonthlyCharge: 0, demandWindowMinutes: 15, holidaysAsWeekends: true)
        let config = SiteConfig(
            site: SiteInfo(id: "S", name: "S"), market: .caiso, period: SettlementPeriod(start: day, end: day.adding(days: 1)),
            meters: [MeterSpec(id: "M1", role: .retailMaster, intervalMinutes: 5, ratingKW: 1000),
                     MeterSpec(id: "M2", role: .storage, intervalMinutes: 5, ratingKW: 100)],
            resource: ResourceSpec(id: "R", participationModel: "NGR", pricingNode: "N", roundTripEfficiency: 0.9, initialInventoryKWh: 0),
            tariff: TariffReference(urdbFile: "t.json"), policies: SettlementPolicies())
        return Dataset(config: config, meters: ["M1": m1, "M2": m2], awards: [], signals: [], prices: [], edits: edits, tariff: tariff)
    }

    var start: Instant { MarketTimeZone.losAngeles.startOfDay(day) }

    @Test("a value above the meter's rating is an error naming meter, interval, field, value and rating")
    func overRating() {
        var m2 = Array(repeating: 2.0, count: 288)
        m2[10] = 9  // 9 kWh in 5 minutes = 108 kW > 100 kW
        let r = VEE.run(dataset(m2Delivered: m2))
        let f = r.findings.filter { $0.code == "VEE-OVER-RATING" }
        #expect(f.count == 1)
        #expect(f.first?.interval == start.adding(seconds: 3000) && f.first?.meterID == "M2" && f.first?.value == "9.000000")
        #expect(f.first?.expected.contains("8.333333") == true)
    }

    @Test("a gap of 2 intervals is linearly interpolated, flagged estimated and logged; a long gap stays missing")
    func estimation() {
        var m2 = Array(repeating: 2.0, count: 288)
        var q = Array(repeating: DataQuality.actual, count: 288)
        m2[99] = 1; m2[102] = 4
        q[100] = .missing; q[101] = .missing
        m2[100] = 0; m2[101] = 0
        for i in 200..<210 { q[i] = .missing; m2[i] = 0 }
        let r = VEE.run(dataset(m2Delivered: m2, m2Quality: q))
        let d = r.meters["M2"]!.delivered
        #expect(d.microKWh[100] == 2_000_000 && d.microKWh[101] == 3_000_000)  // 1 → 4 in thirds
        #expect(d.quality[100] == .estimated && d.quality[101] == .estimated)
        #expect(r.audit.filter { $0.action == .estimate && $0.method == "LINEAR-INTERPOLATION" }.count == 4)  // 2 intervals × 2 channels
        #expect((200..<210).allSatisfy { d.quality[$0] == .missing })
        #expect(r.findings.contains { $0.code == "VEE-GAP" && $0.interval == start.adding(seconds: 200 * 300) })
    }

    @Test("storage load above the master meter's is a channel mismatch")
    func channelMismatch() {
        var m1 = Array(repeating: 30.0, count: 288)
        m1[50] = 1  // the master meter saw 1 kWh while the storage behind it drew 2 kWh
        let r = VEE.run(dataset(m1KWh: m1))
        let f = r.findings.filter { $0.code == "VEE-CHANNEL-MISMATCH" }
        #expect(f.count == 1 && f.first?.interval == start.adding(seconds: 50 * 300))
        #expect(VEE.run(dataset()).findings.isEmpty)
    }

    @Test("an edit replaces the value, keeps the old one in the audit log and marks the interval edited")
    func edit() {
        let e = MeterEdit(meterID: "M1", intervalStart: start.adding(seconds: 600), channel: .delivered, newMicroKWh: 31_500_000,
                          reason: "CT ratio fix", editor: "ana", source: "edits.csv:2")
        let r = VEE.run(dataset(edits: [e]))
        #expect(r.meters["M1"]!.delivered.microKWh[2] == 31_500_000 && r.meters["M1"]!.delivered.quality[2] == .edited)
        let a = r.audit.first { $0.action == .edit }
        #expect(a?.oldMicroKWh == 30_000_000 && a?.note.contains("CT ratio fix") == true && a?.note.contains("ana") == true)
    }
}
