import GridSettleCore
import GridSettleExamples
import Testing

@Suite("Example generator: determinism and site file")
struct ExampleDeterminismTests {
    @Test func sameOptionsGiveTheSameDataset() {
        let again = ExampleGenerator.laAirForceBase(tariff: testTariff())
        #expect(identical(november, again))
    }

    @Test func aDifferentSeedGivesADifferentDataset() {
        let other = ExampleGenerator.laAirForceBase(options: ExampleOptions(seed: 2017), tariff: testTariff())
        #expect(other.m1 != november.m1)
        #expect(other.m2 != november.m2)
        #expect(other.awards != november.awards)
        #expect(other.prices != november.prices)
        #expect(other.trips != november.trips)
        // Same shape, though.
        #expect(other.config.meters == november.config.meters)
        #expect(other.m1.grid == november.m1.grid)
    }

    @Test func fixedFingerprint() {
        // A coarse fingerprint of the default month, so an accidental change of the generator (or of the
        // platform's arithmetic) shows up as a failing test rather than silently different examples.
        let m2 = november.m2
        #expect(november.awards.count > 500)
        #expect(m2.delivered.total > 0 && m2.received.total > 0)
        let again = ExampleGenerator.laAirForceBase(options: ExampleOptions(seed: 2016), tariff: testTariff())
        #expect(again.m2.delivered.total == m2.delivered.total)
        #expect(again.m1.delivered.total == november.m1.delivered.total)
    }

    @Test func siteConfigDescribesThePilot() {
        let c = november.config
        #expect(c.formatVersion == 1)
        #expect(c.site.id == "LAAFB")
        #expect(c.site.name == "Los Angeles Air Force Base")
        #expect(c.site.capacityKW == 655)
        #expect(c.market == .caiso)
        #expect(c.period == SettlementPeriod(start: LocalDate(year: 2016, month: 11, day: 1), end: LocalDate(year: 2016, month: 12, day: 1)))
        #expect(c.meters == [
            MeterSpec(id: "M1", role: .retailMaster, intervalMinutes: 5, ratingKW: 1500),
            MeterSpec(id: "M2", role: .storage, intervalMinutes: 5, ratingKW: 800),
            MeterSpec(id: "EVSE", role: .evse, intervalMinutes: 5, ratingKW: 100),
        ])
        #expect(Set(november.meters.keys) == ["M1", "M2", "EVSE"])
        #expect(c.resource.id == "LAAFB_1_V2G")
        #expect(c.resource.participationModel == "NGR")
        #expect(c.resource.pricingNode == "LAAFB_7_N001")
        #expect(c.resource.roundTripEfficiency == 0.85)
        #expect(c.resource.initialInventoryKWh == 500)
        #expect(c.tariff == TariffReference(urdbFile: "tariff.json", demandWindowMinutes: 15, holidaysAsWeekends: true))
        #expect(november.tariff == testTariff())
        #expect(november.edits.isEmpty)
        var p = SettlementPolicies()
        p.idleThresholdKW = 20
        p.idleMinimumMinutes = 2
        p.idleDetection = .signalThenCalculation
        #expect(c.policies == p)
        let custom = ExampleGenerator.laAirForceBase(tariff: testTariff(), tariffFile: "sce-tou8.json")
        #expect(custom.config.tariff.urdbFile == "sce-tou8.json")
    }

    @Test func fleetIs34V2GVehiclesWith996KWh() throws {
        let fleet = try #require(november.config.resource.fleet)
        let v2g = fleet.filter(\.bidirectional)
        #expect(v2g.reduce(0) { $0 + $1.count } == 34)
        #expect(v2g.reduce(0.0) { $0 + Double($1.count) * $1.batteryKWh } == 996)
        #expect(v2g.contains { $0.count == 5 && $0.chargerKW == 50 })
        #expect(v2g.contains { $0.count == 29 && $0.chargerKW == 15 })
        #expect(v2g.reduce(0.0) { $0 + Double($1.count) * $1.chargerKW } == 685)
        let other = fleet.filter { !$0.bidirectional }
        #expect(other.reduce(0) { $0 + $1.count } == 11)
    }
}

@Suite("Example generator: fleets")
struct ExampleFleetTests {
    @Test func fleetMembersHaveUniqueIDsAndDifferentData() {
        let fleet = ExampleGenerator.fleet(count: 3, tariff: testTariff())
        #expect(fleet.count == 3)
        #expect(Set(fleet.map(\.config.site.id)).count == 3)
        #expect(Set(fleet.map(\.config.resource.id)).count == 3)
        #expect(fleet[0].config.resource.id == "LAAFB_1_V2G_0001")
        #expect(fleet[2].config.site.id == "LAAFB_0003")
        let meterIDs = fleet.flatMap { $0.config.meters.map(\.id) }
        #expect(Set(meterIDs).count == 9)
        let vehicleIDs = fleet.map { Set($0.trips.map(\.vehicleID)) }
        #expect(vehicleIDs[0].isDisjoint(with: vehicleIDs[1]))
        for d in fleet {
            #expect(Set(d.meters.keys) == Set(d.config.meters.map(\.id)))
            #expect(d.prices == fleet[0].prices)
        }
        #expect(fleet[0].m2 != fleet[1].m2)
        #expect(fleet[1].awards != fleet[2].awards)
    }

    @Test func firstFleetMemberIsTheBaseMonthWithSuffixedIDs() {
        let first = ExampleGenerator.fleet(count: 1, tariff: testTariff())[0]
        #expect(first.m1.delivered == november.m1.delivered)
        #expect(first.m2 == november.m2)
        #expect(first.awards == november.awards)
        #expect(first.signals == november.signals)
        #expect(first.prices == november.prices)
        #expect(first.mileage == november.mileage)
        #expect(first.trips.map(\.drivenMicroKWh) == november.trips.map(\.drivenMicroKWh))
    }

    @Test func seedOffsetsMatchSingleMonths() {
        let fleet = ExampleGenerator.fleet(count: 2, options: ExampleOptions(seed: 7), tariff: testTariff())
        let single = ExampleGenerator.laAirForceBase(options: ExampleOptions(seed: 8), tariff: testTariff())
        #expect(fleet[1].m2 == single.m2)
        #expect(fleet[1].awards == single.awards)
        #expect(ExampleGenerator.fleet(count: 0, tariff: testTariff()).isEmpty)
    }
}
