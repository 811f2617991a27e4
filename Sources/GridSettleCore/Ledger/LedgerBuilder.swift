/// Builds the ``StorageLedger`` from validated storage-meter data, award periods, BESS-Idle signals and the
/// policies in force. Rules, in order (docs/rules.md):
///
/// 1. **BESS Idle** (F3.2 / F3.3): the idle share of an interval's charging goes to `retail`; the CAISO
///    meter records zero load for it. Idle discharge is retail too.
/// 2. **Award periods** (F3.9, E1): of the non-idle energy, the award share (all of it with
///    `awardOverlap = any`, the covered fraction with `proRata`) is `wholesale`, the rest `retail`.
/// 3. **Retail adjustment** (F3.10 / F3.11): wholesale discharge is added back to the retail bill; with the
///    symmetric policy wholesale charging is also backed out, unless the utility cannot net it (F1.2).
/// 4. **Demand response** (research §3.10, F4.3): performance claims of dispatch events own retail discharge
///    (``DemandResponseOwnership``), which becomes wholesale and is added back.
/// 5. **Inventory** (research §2.6, `[D]`): charging fills a wholesale pool W or a retail pool R (the
///    initial inventory is retail), as LIFO lots; wholesale discharge draws W first, retail discharge and
///    driving draw R first, each discharge drawing `d / η`. What crosses pools answers double-payment
///    questions 2 and 6; what the pools cannot cover is `unattributed` (E6). Energy driven away is moved
///    from the charging intervals it came from to `endUse`.
public struct LedgerBuilder: Sendable {
    public var policies: SettlementPolicies
    public var roundTripEfficiencyMicro: Int64
    /// The retail pool R at the start (the site file's initial inventory, or the month before's closing R).
    public var initialInventoryMicroKWh: Int64
    /// The wholesale pool W at the start: 0 from a site file, the month before's closing W when carried.
    public var initialWholesaleMicroKWh: Int64 = 0

    /// A builder whose pools open with `opening` (``OpeningBalance``), as opening lots before the first interval.
    public init(policies: SettlementPolicies, roundTripEfficiency: Double, opening: OpeningBalance) {
        self.policies = policies
        self.roundTripEfficiencyMicro = Int64((roundTripEfficiency * 1e6).rounded())
        self.initialInventoryMicroKWh = opening.retailMicroKWh
        self.initialWholesaleMicroKWh = opening.wholesaleMicroKWh
    }

    /// `demandResponse` claims (dispatch events of a DR program) own retail discharge after the award split
    /// and before the inventory pools run, so the pools see performance discharge as wholesale.
    public func build(
        storage: MeterChannels, awards: [Award], signals: [ModeSignal], trips: [VehicleTrip],
        demandResponse: [DemandResponseClaim] = []
    ) -> StorageLedger {
        let grid = storage.grid
        var L = StorageLedger(grid: grid)
        let dt = grid.seconds
        L.awardSeconds = AwardHours.mask(awards: awards, start: grid.start, end: grid.end, scope: policies.awardScope)
            .coveredSeconds(on: grid)
        let signalSeconds = BESSIdle.signalMask(signals: signals, start: grid.start, end: grid.end).coveredSeconds(on: grid)
        var calcSeconds = ContiguousArray<Int64>(repeating: 0, count: grid.count)
        if policies.idleDetection != .signal {
            var net = ContiguousArray<Int64>(repeating: 0, count: grid.count)
            var missing = ContiguousArray<Bool>(repeating: false, count: grid.count)
            for i in 0..<grid.count {
                net[i] = storage.received.microKWh[i] - storage.delivered.microKWh[i]
                missing[i] = storage.delivered.quality[i] == .missing || storage.received.quality[i] == .missing
            }
            calcSeconds = BESSIdle.calculatedIdleSeconds(
                netMicroKWh: net, missing: missing, sampleSeconds: dt,
                thresholdMicroKW: Units.microThreshold(policies.idleThresholdKW),
                minimumSeconds: Self.seconds(minutes: policies.idleMinimumMinutes), retroactive: policies.idleRetroactive)
        }
        let backOutAllowed = policies.retailAdjustment == .symmetric && policies.retailNettingAvailable

        for i in 0..<grid.count {
            let qd = storage.delivered.quality[i]
            let qr = storage.received.quality[i]
            if qd == .missing || qr == .missing {
                L.flags[i] = .missing
                continue
            }
            var f: IntervalFlags = []
            if qd != .actual || qr != .actual { f.insert(.estimated) }
            let del = storage.delivered.microKWh[i]
            let rec = storage.received.microKWh[i]
            L.delivered[i] = del
            L.received[i] = rec

            // 1. idle seconds by policy
            let sig = Int64(signalSeconds[i])
            var idle: Int64
            switch policies.idleDetection {
            case .signal: idle = sig
            case .calculation: idle = calcSeconds[i]
            case .signalThenCalculation: idle = sig > 0 ? sig : (L.awardSeconds[i] == 0 ? calcSeconds[i] : 0)
            }
            idle = min(idle, dt)
            if sig > 0 && (policies.idleDetection != .calculation) { f.insert(.idleSignal) }
            if idle > 0 && !f.contains(.idleSignal) { f.insert(.idleCalculated) }
            L.idleSeconds[i] = Int32(idle)

            // 2. award share
            let aw = Int64(L.awardSeconds[i])
            if aw > 0 { f.insert(.award) }
            if (aw > 0 && aw < dt) || (idle > 0 && idle < dt) { f.insert(.partial) }
            let awardShare: Int64 = policies.awardOverlap == .any ? (aw > 0 ? dt : 0) : aw

            let idleCharge = share(del, idle, dt)
            let activeCharge = del - idleCharge
            let wCharge = share(activeCharge, awardShare, dt)
            L.chargeWholesale[i] = wCharge
            L.chargeRetail[i] = del - wCharge

            let idleDischarge = share(rec, idle, dt)
            let activeDischarge = rec - idleDischarge
            let wDischarge = share(activeDischarge, awardShare, dt)
            L.dischargeWholesale[i] = wDischarge
            L.dischargeRetail[i] = rec - wDischarge

            switch policies.wholesaleMeterScope {
            case .allButIdle:
                L.caisoDelivered[i] = del - idleCharge
                L.caisoReceived[i] = rec
            case .awardIntervalsOnly:
                L.caisoDelivered[i] = wCharge
                L.caisoReceived[i] = wDischarge
            }
            L.caisoOutsideAward[i] = (L.caisoDelivered[i] - wCharge) + (L.caisoReceived[i] - wDischarge)
            // 3. retail adjustment
            L.addBack[i] = wDischarge
            L.backOut[i] = backOutAllowed ? wCharge : 0
            L.flags[i] = f
        }
        L.demandResponseOutcomes = DemandResponseOwnership.apply(demandResponse, to: &L)
        applyInventory(&L, trips: trips)
        return L
    }

    /// `value × part / whole`, rounded half away from zero; the remainder stays with the other account so
    /// the parts always sum exactly to the metered value.
    @inlinable
    func share(_ value: Int64, _ part: Int64, _ whole: Int64) -> Int64 {
        if part <= 0 { return 0 }
        if part >= whole { return value }
        return Rounding.int64(Rounding.divideHalfAwayFromZero(Int128(value) * Int128(part), by: Int128(whole)))
    }

    func applyInventory(_ L: inout StorageLedger, trips: [VehicleTrip]) {
        var pools = InventoryPools(initialRetail: initialInventoryMicroKWh, initialWholesale: initialWholesaleMicroKWh)
        let sortedTrips = trips.sorted { ($0.departure, $0.vehicleID) < ($1.departure, $1.vehicleID) }
        var nextTrip = sortedTrips.firstIndex { $0.departure >= L.grid.start } ?? sortedTrips.count
        let eta = Int128(roundTripEfficiencyMicro)
        for i in 0..<L.count {
            let tEnd = L.grid.startOf(i + 1)
            // trips departing during this interval draw before it charges
            while nextTrip < sortedTrips.count && sortedTrips[nextTrip].departure < tEnd {
                let trip = sortedTrips[nextTrip]
                nextTrip += 1
                let draw = pools.draw(trip.drivenMicroKWh, primary: .retail) { pool, lotIndex, amount in
                    guard lotIndex >= 0 else { return }
                    if pool == .retail {
                        L.chargeRetail[lotIndex] -= amount
                    } else {
                        L.chargeWholesale[lotIndex] -= amount
                    }
                    L.chargeEndUse[lotIndex] += amount
                }
                L.wholesaleEnergyDriven[i] += draw.fromSecondary
                L.unattributed[i] += draw.shortfall
            }
            if L.flags[i].contains(.missing) { continue }
            if L.chargeWholesale[i] > 0 { pools.add(L.chargeWholesale[i], to: .wholesale, lot: i) }
            if L.chargeRetail[i] > 0 { pools.add(L.chargeRetail[i], to: .retail, lot: i) }
            if L.dischargeWholesale[i] > 0 {
                let need = Rounding.int64(Rounding.divideHalfAwayFromZero(Int128(L.dischargeWholesale[i]) * 1_000_000, by: eta))
                let d = pools.draw(need, primary: .wholesale) { _, _, _ in }
                L.retailEnergyToWholesale[i] += d.fromSecondary
                L.unattributed[i] += d.shortfall
            }
            if L.dischargeRetail[i] > 0 {
                let need = Rounding.int64(Rounding.divideHalfAwayFromZero(Int128(L.dischargeRetail[i]) * 1_000_000, by: eta))
                let d = pools.draw(need, primary: .retail) { _, _, _ in }
                L.wholesaleEnergyToRetail[i] += d.fromSecondary
                L.unattributed[i] += d.shortfall
            }
        }
        L.closingRetail = pools.total(.retail)
        L.closingWholesale = pools.total(.wholesale)
    }

    /// Minutes as seconds, checked: a policy minimum beyond `Int64` seconds is longer than any run, which
    /// `Int64.max` expresses exactly (the validator refuses such a policy before settlement anyway).
    static func seconds(minutes: Int) -> Int64 {
        let (s, overflow) = Int64(minutes).multipliedReportingOverflow(by: 60)
        return overflow ? (minutes < 0 ? .min : .max) : s
    }
}

/// Two energy pools of LIFO lots in charge-equivalent µkWh: W (bought for wholesale) and R (retail or
/// initial inventory). Pools never go negative; a draw they cannot cover returns a shortfall instead.
struct InventoryPools {
    enum Pool { case wholesale, retail }
    struct Lot { var index: Int; var remaining: Int64 }
    var w: [Lot] = []
    var r: [Lot] = []

    init(initialRetail: Int64, initialWholesale: Int64 = 0) {
        if initialRetail > 0 { r.append(Lot(index: -1, remaining: initialRetail)) }
        if initialWholesale > 0 { w.append(Lot(index: -1, remaining: initialWholesale)) }
    }

    /// What a pool holds now.
    func total(_ pool: Pool) -> Int64 {
        (pool == .wholesale ? w : r).reduce(0) { $0 + $1.remaining }
    }

    mutating func add(_ amount: Int64, to pool: Pool, lot index: Int) {
        switch pool {
        case .wholesale: w.append(Lot(index: index, remaining: amount))
        case .retail: r.append(Lot(index: index, remaining: amount))
        }
    }

    struct Draw { var fromPrimary: Int64; var fromSecondary: Int64; var shortfall: Int64 }

    /// Draws `amount` from `primary` first, then the other pool, LIFO within each.
    mutating func draw(_ amount: Int64, primary: Pool, onDraw: (Pool, Int, Int64) -> Void) -> Draw {
        var left = amount
        let a = take(&left, from: primary, onDraw: onDraw)
        let secondary: Pool = primary == .wholesale ? .retail : .wholesale
        let b = take(&left, from: secondary, onDraw: onDraw)
        return Draw(fromPrimary: a, fromSecondary: b, shortfall: left)
    }

    private mutating func take(_ left: inout Int64, from pool: Pool, onDraw: (Pool, Int, Int64) -> Void) -> Int64 {
        var taken: Int64 = 0
        while left > 0 {
            let lot: Lot?
            switch pool {
            case .wholesale: lot = w.last
            case .retail: lot = r.last
            }
            guard var l = lot else { break }
            let x = min(l.remaining, left)
            l.remaining -= x
            left -= x
            taken += x
            onDraw(pool, l.index, x)
            switch pool {
            case .wholesale: if l.remaining == 0 { w.removeLast() } else { w[w.count - 1] = l }
            case .retail: if l.remaining == 0 { r.removeLast() } else { r[r.count - 1] = l }
            }
        }
        return taken
    }
}
