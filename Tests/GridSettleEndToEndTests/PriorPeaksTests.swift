import Foundation
import GridSettleCore
import GridSettleExamples
import GridSettleFormats
import Testing

/// `tariff.priorPeaks`: the billed peaks of the months before the first month a site is settled from its site file,
/// which a demand ratchet looks back on. Without them the first month's ratchet sees no earlier peak.
@Suite("Prior peaks for a demand ratchet")
struct PriorPeaksTests {
    /// An 80 % ratchet over eleven months on the example's SCE TOU-8 facility demand charge.
    static let ratchet = DemandRatchet(percentByMonth: [Int64](repeating: 800_000, count: 12), lookbackCycles: 11)
    static let peaks = [PriorPeak(month: "2016-08", kW: 900), PriorPeak(month: "2016-09", kW: 2_000), PriorPeak(month: "2016-10", kW: 700)]

    static func example(month: Int = 11, peaks: [PriorPeak]) throws -> Dataset {
        var d = try E2E.example(month: month)
        d.tariff.ratchet = ratchet
        d.config.tariff.priorPeaks = peaks
        return d
    }

    @Test("the first month's billing demand is at least 80 % of the highest prior peak; the next month carries them")
    func ratchetSeesPriorPeaks() throws {
        let without = try SettlementEngine.settle(try Self.example(peaks: []))
        let peak = try #require(without.billsAsMetered[0].demand.actualPeak)
        #expect(peak < 1_600_000_000)
        // no earlier month known: the billing demand is the month's own peak
        #expect(without.billsAsMetered[0].demand.billingDemand == peak)

        let with = try SettlementEngine.settle(try Self.example(peaks: Self.peaks))
        // 80 % of September's 2,000 kW, in every bill the statement prices
        for bills in [with.billsAsMetered, with.billsAdjusted] { #expect(bills[0].demand.billingDemand == 1_600_000_000) }
        #expect(with.billsAsMetered[0].demand.actualPeak == peak)
        let facility = try #require(with.billsAsMetered[0].lines.first { $0.code == "DEMAND-FACILITY" })
        let before = try #require(without.billsAsMetered[0].lines.first { $0.code == "DEMAND-FACILITY" })
        #expect(facility.quantity == 1_600_000_000 && facility.rule == "TARIFF-DEMAND-RATCHET")
        // the line says where its billing demand comes from
        #expect(facility.description.contains("80 % of 2000.000 kW, the highest actual peak of the last 11 bill months (bill month 9)"), "\(facility.description)")
        // the same rate, on 1,600 kW instead of the month's peak (µkW × µ$/kW, rounded once to µ$)
        #expect(facility.unitPrice == before.unitPrice && facility.unitPrice > 0)
        #expect(facility.amountMicros == 1_600 * facility.unitPrice)
        #expect(facility.amountMicros > before.amountMicros)
        // the statement shows where they came from
        #expect(with.statement.inventory?.opening.demandHistory.asMetered.map(\.peak) == [900_000_000, 2_000_000_000, 700_000_000])

        // December opens with November's closing, which carries the prior peaks on: September is still in the look-back
        let december = try Self.example(month: 12, peaks: Self.peaks)
        let next = try SettlementEngine.settle(december, validation: DatasetValidator.validate(december), opening: with.closing)
        #expect(next.billsAsMetered[0].demand.billingDemand == 1_600_000_000)
    }

    @Test("prior peaks round-trip through site.json")
    func roundTrip() throws {
        let d = try Self.example(peaks: Self.peaks)
        let back = try DatasetReader.read(files: E2E.files(d))
        #expect(back.config.tariff.priorPeaks == Self.peaks)
        let site = String(decoding: try #require(E2E.files(d)["site.json"]), as: UTF8.self)
        #expect(site.contains("\"priorPeaks\""))
        // a site file without them writes none
        #expect(!String(decoding: try #require(E2E.files(try E2E.example())["site.json"]), as: UTF8.self).contains("priorPeaks"))
    }

    @Test("months that are not consecutive, malformed or out of range are named; months that do not reach the period are refused when settled")
    func refused() throws {
        func issues(_ peaks: [PriorPeak]) throws -> [DatasetIssue] { DatasetValidator.validate(try Self.example(peaks: peaks)) }
        let gap = try issues([PriorPeak(month: "2016-08", kW: 500), PriorPeak(month: "2016-10", kW: 500)])
        #expect(gap.contains { $0.field == "tariff.priorPeaks[1].month" && $0.value == "2016-10" && $0.expected.contains("the month after 2016-08") })
        let malformed = try issues([PriorPeak(month: "2016-13", kW: 500)])
        #expect(malformed.contains { $0.field == "tariff.priorPeaks[0].month" && $0.value == "2016-13" })
        let negative = try issues([PriorPeak(month: "2016-10", kW: -5)])
        #expect(negative.contains { $0.field == "tariff.priorPeaks[0].kW" && $0.value == "-5.0" })
        let huge = try issues([PriorPeak(month: "2016-10", kW: .infinity)])
        #expect(huge.contains { $0.field == "tariff.priorPeaks[0].kW" })
        // valid months that end before October: the ratchet would count months back wrongly, so the month is refused
        let early = try Self.example(peaks: [PriorPeak(month: "2016-08", kW: 500), PriorPeak(month: "2016-09", kW: 500)])
        #expect(DatasetValidator.validate(early).filter { $0.severity == .error }.isEmpty)
        #expect {
            try SettlementEngine.settle(early)
        } throws: { error in
            let issue = (error as? DatasetInvalid)?.issues.first
            return issue?.field == "tariff.priorPeaks" && issue?.value == "ends 2016-09" && issue?.expected.contains("2016-10") == true
        }
    }
}
