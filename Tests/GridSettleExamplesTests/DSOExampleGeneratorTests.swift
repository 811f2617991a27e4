import GridSettleCore
import Testing

@testable import GridSettleExamples

/// The DSO example (docs/dso-dataset.md): deterministic, complete and in the documented shape.
@Suite struct DSOExampleGeneratorTests {
    static func small() -> DSOExampleGenerator.Options {
        var o = DSOExampleGenerator.Options()
        o.membersPerInterface = 8
        o.historyDays = 3
        return o
    }

    func rows(_ text: String?) -> [[Substring]] {
        (text ?? "").split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    }

    @Test func sameSeedSameBytesOtherSeedOtherData() {
        #expect(DSOExampleGenerator.files(Self.small()) == DSOExampleGenerator.files(Self.small()))
        var other = Self.small()
        other.seed = 4
        #expect(DSOExampleGenerator.files(other)["member_readings.csv"] != DSOExampleGenerator.files(Self.small())["member_readings.csv"])
    }

    @Test func everyMemberHasEveryIntervalOfTheDayAndOneOwner() {
        let f = DSOExampleGenerator.files(Self.small())
        let members = rows(f["members.csv"])
        #expect(members.count == 7 * 8)
        #expect(Set(members.map { $0[0] }).count == members.count)
        #expect(Set(members.map { $0[1] }) == ["DSO-NORTH", "DSO-COAST", "DSO-DESERT"])
        #expect(Set(members.map { $0[3] }) == ["storage", "v2gFleet", "pv", "demandResponse"])
        // 2024-07-16 in Los Angeles: 96 quarter hours per member, each with exactly one of delivered/received > 0 or both 0.
        let readings = rows(f["member_readings.csv"])
        #expect(readings.count == members.count * 96)
        for r in readings {
            let d = Double(r[3])!, e = Double(r[4])!
            #expect(d >= 0 && e >= 0 && (d == 0 || e == 0))
        }
        // PV members only export; demand-response members only import.
        let kinds = Dictionary(uniqueKeysWithValues: members.map { ($0[0], $0[3]) })
        #expect(readings.filter { kinds[$0[0]] == "pv" }.allSatisfy { Double($0[3])! == 0 })
        #expect(readings.filter { kinds[$0[0]] == "demandResponse" }.allSatisfy { Double($0[4])! == 0 })
        // History: 3 days × 96 per interface; DLMPs only for the DSO that allocates by DLMP.
        #expect(rows(f["interface_history.csv"]).count == 7 * 3 * 96)
        let dlmpMembers = Set(rows(f["dlmp.csv"]).map { $0[0] })
        #expect(dlmpMembers == Set(members.filter { $0[1] == "DSO-DESERT" }.map { $0[0] }))
    }
}
