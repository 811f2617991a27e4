import GridSettleCore

/// Identifiers of one generated resource-month (suffixed per fleet member so a fleet has no clashes).
struct ExampleIDs: Sendable {
    var siteID: String
    var resourceID: String
    var masterMeter: String
    var storageMeter: String
    var evseMeter: String
    /// One per V2G vehicle, in fleet order (the five 50-kW vehicles first).
    var vehicleIDs: [String]

    init(suffix: String) {
        siteID = ExampleGenerator.siteID + suffix
        resourceID = ExampleGenerator.resourceID + suffix
        masterMeter = ExampleGenerator.masterMeterID + suffix
        storageMeter = ExampleGenerator.storageMeterID + suffix
        evseMeter = ExampleGenerator.evseMeterID + suffix
        vehicleIDs = (1...Pilot.v2gVehicleCount).map { "V2G-" + (($0 < 10) ? "0\($0)" : "\($0)") + suffix }
    }
}

/// The LA Air Force Base pilot's physical constants (seed 000).
enum Pilot {
    /// 34 V2G vehicles: 5 on 50-kW DC chargers with 60-kWh packs and 29 on 15-kW chargers with 24-kWh
    /// packs: 5·60 + 29·24 = 996 kWh.
    static let v2gGroups = [
        FleetGroup(count: 5, chargerKW: 50, batteryKWh: 60, bidirectional: true),
        FleetGroup(count: 29, chargerKW: 15, batteryKWh: 24, bidirectional: true),
    ]
    /// The 11 other PEVs on ordinary 6.6-kW chargers behind the EVSE meter, not in the market.
    static let otherEVs = FleetGroup(count: 11, chargerKW: 6.6, batteryKWh: 30, bidirectional: false)
    static let v2gVehicleCount = 34
    static let capacityKWh = 996.0
    /// Σ charger kW of the V2G fleet: 5·50 + 29·15.
    static let fleetMaxKW = 685.0
    static let roundTripEfficiency = 0.85
    static let initialInventoryKWh = 500.0
    /// The fleet controller keeps the site's 5-minute import below this (interconnection 655 kW).
    static let siteImportLimitKW = 650.0
    static let vehicleBatteryKWh: [Double] = v2gGroups.flatMap { g in [Double](repeating: g.batteryKWh, count: g.count) }
}

/// Everything of one resource-month except prices and the site file.
struct GeneratedResource {
    var meters: [String: MeterChannels]
    var awards: [Award]
    var signals: [ModeSignal]
    var mileage: [MileageRecord]
    var trips: [VehicleTrip]
}

/// One working day's award plan, in local clock hours.
private struct DayPlan {
    var award = false
    var midStart = 0
    var midLength = 0
    var eveningStart = 0
    var eveningLength = 0
    /// Local hour of the day-ahead energy award, or -1.
    var energyHour = -1
}

enum ResourceGenerator {
    static func generate(frame: MonthFrame, seed: UInt64, ids: ExampleIDs) -> GeneratedResource {
        let source = ExampleGenerator.source
        let days = frame.days
        let grid = frame.meterGrid
        let n = grid.count
        let secs = frame.meterSeconds
        let nH = frame.hourCount
        let nQ = frame.quarterCount
        let n5 = frame.fiveCount
        var rng = SeededRandom(seed: seed, stream: 1)  // schedule

        let working = days.indices.filter { days[$0].isWorking }
        precondition(working.count >= 4, "a month has at least four working days")

        // ---- Schedule: maintenance day, award hours, energy awards ----
        let maintenance = working[rng.int((working.count / 4)...(working.count * 3 / 4))]
        var plans = [DayPlan](repeating: DayPlan(), count: days.count)
        for d in working {
            var p = DayPlan()
            if d == maintenance {
                // Manual mode 08:00–12:00; regulation only in the afternoon.
                p.award = true
                p.midStart = 13
                p.midLength = 4
            } else if rng.chance(0.85) {
                p.award = true
                p.midStart = rng.int(10...11)  // HE11 or HE12 …
                p.midLength = rng.int(4...(16 - p.midStart))  // … to HE16 at the latest
            }
            if p.award && rng.chance(0.45) {
                p.eveningStart = rng.int(18...19)
                p.eveningLength = rng.int(1...2)
            }
            plans[d] = p
        }
        var energyCandidates = working.filter { plans[$0].award && $0 != maintenance }
        rng.shuffle(&energyCandidates)
        for d in energyCandidates.prefix(3) {
            if plans[d].eveningLength == 0 {
                plans[d].eveningStart = rng.int(18...19)
                plans[d].eveningLength = rng.int(1...2)
            }
            plans[d].energyHour = plans[d].eveningStart + rng.int(0...(plans[d].eveningLength - 1))
        }

        var isAward = ContiguousArray<Bool>(repeating: false, count: nH)
        var daRU = ContiguousArray<Int64>(repeating: 0, count: nH)
        var daRD = ContiguousArray<Int64>(repeating: 0, count: nH)
        var daEN = ContiguousArray<Int64>(repeating: 0, count: nH)
        var fmmRU = ContiguousArray<Int64>(repeating: 0, count: nQ)
        var fmmRD = ContiguousArray<Int64>(repeating: 0, count: nQ)
        var fmmEN = ContiguousArray<Int64>(repeating: 0, count: nQ)
        var rtdEN = ContiguousArray<Int64>(repeating: 0, count: n5)
        func fmmValue(_ da: Int64, _ r: inout SeededRandom) -> Int64 {
            guard r.chance(0.1) else { return da }
            let step: Int64 = r.chance(0.5) ? 50_000 : 100_000
            let v = r.chance(0.5) ? da + step : da - step
            return min(max(v, 100_000), 500_000)
        }
        for d in working where plans[d].award {
            let p = plans[d]
            var ru = 200_000 + 50_000 * Int64(rng.int(0...4))
            var rd = 200_000 + 50_000 * Int64(rng.int(0...4))
            var hours = Array(p.midStart..<(p.midStart + p.midLength))
            hours += Array(p.eveningStart..<(p.eveningStart + p.eveningLength))
            for lh in hours {
                if rng.chance(0.3) { ru = min(max(ru + (rng.chance(0.5) ? 50_000 : -50_000), 200_000), 400_000) }
                if rng.chance(0.3) { rd = min(max(rd + (rng.chance(0.5) ? 50_000 : -50_000), 200_000), 400_000) }
                let h = frame.hourIndex(frame.instant(days[d], hour: lh))
                isAward[h] = true
                daRU[h] = ru
                daRD[h] = rd
                for k in 0..<4 {
                    fmmRU[h * 4 + k] = fmmValue(ru, &rng)
                    fmmRD[h * 4 + k] = fmmValue(rd, &rng)
                }
                if lh == p.energyHour {
                    // +0.2 MW discharge day-ahead; FMM and RTD move a little around it (codes 6460, 6470).
                    daEN[h] = 200_000
                    for k in 0..<4 {
                        var delta = Int64(rng.int(-3...2)) * 10_000
                        if k == 0 && delta == 0 { delta = 20_000 }
                        let q = h * 4 + k
                        fmmEN[q] = 200_000 + delta
                        for j in 0..<3 {
                            var rdelta = Int64(rng.int(-4...4)) * 5_000
                            if k == 1 && j == 1 && rdelta == 0 { rdelta = -15_000 }
                            rtdEN[q * 3 + j] = fmmEN[q] + rdelta
                        }
                    }
                }
            }
        }

        // ---- Vehicle trips (working days): energy leaves the fleet at departure ----
        var tripKWhAt = ContiguousArray<Double>(repeating: 0, count: n)
        var trips: [VehicleTrip] = []
        trips.reserveCapacity(working.count * 18)
        var order = Array(0..<Pilot.v2gVehicleCount)
        for d in working {
            let day = days[d]
            let k = rng.int(10...18)
            rng.shuffle(&order)
            let leave = frame.instant(day, hour: 7)
            let back = frame.instant(day, hour: 15)
            for j in 0..<k {
                let v = order[j]
                let dep = leave.adding(seconds: Int64(rng.int(0...120)) * 60)
                let ret = back.adding(seconds: Int64(rng.int(0...120)) * 60)
                let driven = micro(rng.uniform(5, min(25, 0.8 * Pilot.vehicleBatteryKWh[v])), step: 1000)
                trips.append(
                    VehicleTrip(vehicleID: ids.vehicleIDs[v], departure: dep, returnTime: ret, drivenMicroKWh: driven, source: source))
                tripKWhAt[frame.meterIndex(dep)] += Double(driven) / 1e6
            }
        }
        trips.sort { ($0.departure, $0.vehicleID) < ($1.departure, $1.vehicleID) }

        // ---- The 11 other PEVs on the EVSE meter: one session each on most working days ----
        var evseKWh = ContiguousArray<Double>(repeating: 0, count: n)
        let evKW = Pilot.otherEVs.chargerKW
        for d in working {
            let arriveBase = frame.instant(days[d], hour: 7).secondsSinceEpoch - frame.start.secondsSinceEpoch
            for _ in 0..<Pilot.otherEVs.count {
                guard rng.chance(0.85) else { continue }
                var s = arriveBase + Int64(rng.int(0...150)) * 60
                let e = s + Int64((rng.uniform(5, 20) / evKW * 3600).rounded())
                var i = Int(s / secs)
                while s < e && i < n {
                    let iEnd = Int64(i + 1) * secs
                    evseKWh[i] += evKW * Double(min(e, iEnd) - s) / 3600
                    s = iEnd
                    i += 1
                }
            }
        }

        // ---- Night charging parameters, maintenance window, data gaps ----
        let startStep = max(frame.meterSeconds / 60, 30)
        var chargeStartMinute = [Int](repeating: 22 * 60, count: days.count)
        for d in days.indices { chargeStartMinute[d] = 22 * 60 + Int(startStep) * rng.int(-1...1) }
        var nightMaxKW = [Double](repeating: 350, count: days.count + 1)  // by night key + 1
        for k in nightMaxKW.indices { nightMaxKW[k] = rng.uniform(300, 450) }

        let manualStart = frame.meterIndex(frame.instant(days[maintenance], hour: 8))
        let manualEnd = frame.meterIndex(frame.instant(days[maintenance], hour: 12))

        let gapDays = working.filter { plans[$0].award && $0 != maintenance && plans[$0].energyHour < 0 }
        let m2GapDay = gapDays.isEmpty ? maintenance : rng.pick(gapDays)
        let m2BlockStart = frame.meterIndex(frame.instant(days[m2GapDay], hour: plans[m2GapDay].midStart))
        let m2BlockEnd = frame.meterIndex(
            frame.instant(days[m2GapDay], hour: plans[m2GapDay].midStart + plans[m2GapDay].midLength))
        let m2Gap = rng.int((m2BlockStart + 1)...(m2BlockEnd - 3))
        let m1GapDay = rng.pick(working.filter { $0 != m2GapDay && $0 != maintenance })
        let m1Gap =
            frame.meterIndex(frame.instant(days[m1GapDay], hour: 7))
            + rng.int(0...max(0, Int(150 * 60 / secs) - 1))

        // ---- Physics, interval by interval ----
        var phys = SeededRandom(seed: seed, stream: 2)
        let dtH = Double(secs) / 3600
        let subSteps = Int(secs / 60)
        let subH = 1.0 / 60
        let sq = Pilot.roundTripEfficiency.squareRoot()
        let cap = Pilot.capacityKWh
        let socMin = 0.10 * cap
        let socMax = 0.98 * cap
        let socTarget = 0.92 * cap
        var nightLevel = [Double](repeating: 250, count: days.count + 1)
        var workLevel = [Double](repeating: 420, count: days.count)
        var weekendBump = [Double](repeating: 35, count: days.count)
        for k in nightLevel.indices { nightLevel[k] = phys.uniform(225, 275) }
        for d in days.indices {
            workLevel[d] = phys.uniform(395, 445)
            weekendBump[d] = phys.uniform(20, 50)
        }

        var m1Del = ContiguousArray<Int64>(repeating: 0, count: n)
        var m1Rec = ContiguousArray<Int64>(repeating: 0, count: n)
        var m2Del = ContiguousArray<Int64>(repeating: 0, count: n)
        var m2Rec = ContiguousArray<Int64>(repeating: 0, count: n)
        var evDel = ContiguousArray<Int64>(repeating: 0, count: n)

        var soc = Pilot.initialInventoryKWh
        var facNoise = 0.0
        var aux = 4.5
        var agc = 0.0
        var charging = false
        var sessionNight = Int.min
        for i in 0..<n {
            let t = grid.startOf(i)
            let lh = frame.localHour[i]
            let d = Int(frame.dayIndex[i])

            // Facility load: night level, working-day plateau with a lunch dip, weekend midday bump.
            let nm = nightLevel[d]
            let night = lh < 12 ? nm : nm + (nightLevel[d + 1] - nm) * smoothstep((lh - 12) / 12)
            var shape: Double
            if days[d].isWorking {
                let on = smoothstep((lh - 5.5) / 2.5) - smoothstep((lh - 16.5) / 2.5)
                let lunch = 15 * (smoothstep((lh - 11.75) / 0.5) - smoothstep((lh - 13) / 0.5))
                shape = night + (workLevel[d] - night) * on - lunch
            } else {
                shape = night + weekendBump[d] * (smoothstep((lh - 9) / 2) - smoothstep((lh - 16) / 2))
            }
            facNoise = 0.9 * facNoise + 4.4 * phys.gaussian()
            let facKW = clamp(shape + facNoise, 150, 560)
            let facMicro = micro(facKW * dtH)
            let evMicro = micro(evseKWh[i])
            let headroom = max(0, Pilot.siteImportLimitKW - facKW - evseKWh[i] / dtH)
            aux = clamp(0.8 * aux + 0.9 + 0.35 * phys.gaussian(), 3, 6)

            soc = max(0, soc - tripKWhAt[i])
            var del = 0.0
            var rec = 0.0
            if isAward[frame.hourIndex(t)] {
                // Regulation around the RTD energy set point, minute by minute: the AGC signal is a
                // mean-reverting random walk, nudged towards charging when the fleet runs low and towards
                // discharging when it is full (as CAISO's regulation energy management does for NGRs).
                charging = false
                let bias = 0.3 * (soc / cap - 0.55)
                for k in 0..<subSteps {
                    let tk = t.adding(seconds: Int64(k) * 60)
                    let q = frame.quarterIndex(tk)
                    agc = clamp(0.8 * agc + 0.2 * bias + 0.35 * phys.gaussian(), -1, 1)
                    let up = Double(fmmRU[q]) / 1000
                    let down = Double(fmmRD[q]) / 1000
                    var inverter = Double(rtdEN[frame.fiveIndex(tk)]) / 1000 + (agc >= 0 ? agc * up : agc * down)
                    if inverter > 0 {
                        inverter = min(inverter, Pilot.fleetMaxKW, max(0, (soc - socMin) * sq / subH))
                        soc -= inverter * subH / sq
                    } else {
                        let c = min(-inverter, Pilot.fleetMaxKW, max(0, headroom - aux), max(0, (socMax - soc) / (sq * subH)))
                        soc += c * subH * sq
                        inverter = -c
                    }
                    let export = inverter - aux
                    if export > 0 { rec += export * subH } else { del -= export * subH }
                }
            } else if i >= manualStart && i < manualEnd {
                // Maintenance in manual mode: the fleet sits idle on its auxiliary load.
                charging = false
                del = aux * dtH
            } else {
                // Outside award hours: overnight charging to replace driven energy (tapering as the
                // vehicles fill, CC-CV-like), otherwise idle on auxiliary load.
                let nightKey = lh >= 12 ? d : d - 1
                let inWindow = lh < 6 || lh * 60 >= Double(chargeStartMinute[d])
                let deficit = socTarget - soc
                if !inWindow {
                    charging = false
                } else if !charging && sessionNight != nightKey && deficit > 25 {
                    charging = true
                    sessionNight = nightKey
                }
                var p = 0.0
                if charging {
                    p = min(nightMaxKW[nightKey + 1], max(0, headroom - aux), 0.75 * deficit)
                    if p < 8 {
                        charging = false
                        p = 0
                    }
                }
                soc += p * dtH * sq
                del = (p + aux) * dtH
            }
            let dm = micro(del)
            let rm = micro(rec)
            m2Del[i] = dm
            m2Rec[i] = rm
            evDel[i] = evMicro
            let net = facMicro + evMicro + dm - rm
            if net >= 0 { m1Del[i] = net } else { m1Rec[i] = -net }
        }

        // ---- The signal outage: ~2 h of night charging above the idle threshold with no signal ----
        let outageIntervals = Int(7200 / secs)
        let threshold = micro(20 * dtH)
        var outageCandidates = working.filter { $0 != maintenance && $0 >= 2 && $0 < days.count - 1 }
        rng.shuffle(&outageCandidates)
        var outage: (start: Int, score: Int) = (-1, -1)
        for d in outageCandidates {
            let cs = chargeStartMinute[d]
            let i0 = frame.meterIndex(frame.instant(days[d], hour: cs / 60, minute: cs % 60))
            guard i0 + outageIntervals <= n else { continue }
            var score = 0
            for i in i0..<(i0 + outageIntervals) where m2Del[i] - m2Rec[i] > threshold { score += 1 }
            if score > outage.score { outage = (i0, score) }
            if score == outageIntervals { break }
        }
        let outageStart = grid.startOf(outage.start)
        let outageEnd = grid.startOf(outage.start + outageIntervals)

        // ---- Data-quality defects: one 2-interval gap on M2, one 1-interval gap on M1 ----
        var m1Q = ContiguousArray<DataQuality>(repeating: .actual, count: n)
        var m2Q = ContiguousArray<DataQuality>(repeating: .actual, count: n)
        for i in [m2Gap, m2Gap + 1] {
            m2Del[i] = 0
            m2Rec[i] = 0
            m2Q[i] = .missing
        }
        m1Del[m1Gap] = 0
        m1Rec[m1Gap] = 0
        m1Q[m1Gap] = .missing

        let meters: [String: MeterChannels] = [
            ids.masterMeter: MeterChannels(
                delivered: EnergySeries(grid: grid, microKWh: m1Del, quality: m1Q),
                received: EnergySeries(grid: grid, microKWh: m1Rec, quality: m1Q)),
            ids.storageMeter: MeterChannels(
                delivered: EnergySeries(grid: grid, microKWh: m2Del, quality: m2Q),
                received: EnergySeries(grid: grid, microKWh: m2Rec, quality: m2Q)),
            ids.evseMeter: MeterChannels(
                delivered: EnergySeries(grid: grid, microKWh: evDel),
                received: EnergySeries(grid: grid, microKWh: ContiguousArray(repeating: 0, count: n))),
        ]

        // ---- Awards and mileage ----
        var mil = SeededRandom(seed: seed, stream: 3)
        var awards: [Award] = []
        var mileage: [MileageRecord] = []
        awards.reserveCapacity(working.count * 8 * 10)
        mileage.reserveCapacity(working.count * 8 * 8)
        for h in 0..<nH where isAward[h] {
            let hs = frame.start.adding(seconds: Int64(h) * 3600)
            awards.append(Award(run: .dayAhead, product: .regulationUp, start: hs, seconds: 3600, microMW: daRU[h], source: source))
            awards.append(Award(run: .dayAhead, product: .regulationDown, start: hs, seconds: 3600, microMW: daRD[h], source: source))
            if daEN[h] != 0 {
                awards.append(Award(run: .dayAhead, product: .energy, start: hs, seconds: 3600, microMW: daEN[h], source: source))
            }
            for k in 0..<4 {
                let q = h * 4 + k
                let qs = hs.adding(seconds: Int64(k) * 900)
                awards.append(Award(run: .fifteenMinute, product: .regulationUp, start: qs, seconds: 900, microMW: fmmRU[q], source: source))
                awards.append(Award(run: .fifteenMinute, product: .regulationDown, start: qs, seconds: 900, microMW: fmmRD[q], source: source))
                if daEN[h] != 0 {
                    awards.append(Award(run: .fifteenMinute, product: .energy, start: qs, seconds: 900, microMW: fmmEN[q], source: source))
                    for j in 0..<3 {
                        awards.append(
                            Award(
                                run: .realTimeDispatch, product: .energy, start: qs.adding(seconds: Int64(j) * 300), seconds: 300,
                                microMW: rtdEN[q * 3 + j], source: source))
                    }
                }
                for (direction, mw) in [(MileageRecord.Direction.up, fmmRU[q]), (.down, fmmRD[q])] {
                    let instructed = micro(Double(mw) / 1e6 * mil.uniform(3, 8), step: 1000)
                    let accuracy = micro(mil.uniform(0.85, 0.98), step: 100)
                    mileage.append(
                        MileageRecord(
                            direction: direction, start: qs, seconds: 900, instructedMicroMW: instructed, accuracyMicro: accuracy,
                            source: source))
                }
            }
        }

        // ---- Mode signals: DISPATCH_TO_ZERO outside award hours, MANUAL_MODE for maintenance, none in
        // the outage window ----
        var busy: [(start: Instant, end: Instant, manual: Bool)] = []
        var h = 0
        while h < nH {
            guard isAward[h] else {
                h += 1
                continue
            }
            let s = h
            while h < nH && isAward[h] { h += 1 }
            busy.append((frame.start.adding(seconds: Int64(s) * 3600), frame.start.adding(seconds: Int64(h) * 3600), false))
        }
        busy.append((grid.startOf(manualStart), grid.startOf(manualEnd), true))
        busy.append((outageStart, outageEnd, false))
        busy.sort { $0.start < $1.start }
        var signals: [ModeSignal] = []
        signals.reserveCapacity(days.count * 4)
        func dispatchToZero(_ a: Instant, _ b: Instant) {
            // One signal per local day, so each reads as that day's idle instruction.
            var s = a
            for day in days where day.end > s && day.start < b {
                let e = min(b, day.end)
                signals.append(ModeSignal(kind: .dispatchToZero, start: s, end: e, source: source))
                s = e
            }
        }
        var cursor = frame.start
        for b in busy {
            if cursor < b.start { dispatchToZero(cursor, b.start) }
            if b.manual { signals.append(ModeSignal(kind: .manualMode, start: b.start, end: b.end, source: source)) }
            if b.end > cursor { cursor = b.end }
        }
        if cursor < frame.end { dispatchToZero(cursor, frame.end) }

        return GeneratedResource(meters: meters, awards: awards, signals: signals, mileage: mileage, trips: trips)
    }
}
