import Foundation
import GridSettleCore
import Testing

@testable import GridSettleFormats

/// ESPI numbers outside the documented ranges (docs/interchange.md, "Ranges and limits"): each is a located
/// error, never a trap and never a reading GridSettle cannot write back.
@Suite("GreenButtonESPIBounds")
struct GreenButtonESPIBoundsTests {
    typealias T = GreenButtonESPITests

    /// The issues of reading `bytes`, or nil when it was accepted.
    static func issues(_ bytes: [UInt8]) -> [DatasetIssue]? {
        readerIssues { () throws(DatasetInvalid) in try ESPIReader.read(bytes, file: "b.xml", options: ImportOptions()) }
    }

    @Test func readingStartOutsideTheInstantRangeIsAnError() {
        // Int64.min seconds inside a block: describing it for the "outside its block" warning used to trap.
        let e = Self.issues(T.one([T.block([T.reading(Int64.min, "5")], start: T.t0)]))
        #expect(e?.first?.field == "start")
        #expect(e?.first?.value == String(Int64.min))
        #expect(e?.first?.expected.contains("1900-01-01") == true)
        // A block start that far out is refused too.
        let block = Self.issues(T.one([T.block([T.reading(T.t0, "5")], start: Int64.min, duration: 0)]))
        #expect(block?.contains { $0.field == "start" && $0.value == String(Int64.min) } == true)
        // Year 292 277 026 596 fits in 64 bits but cannot be written back with a four-digit year.
        #expect(Self.issues(T.one([T.block([T.reading(Int64.max - 3_600, "5")])]))?.first?.field == "start")
    }

    @Test func readingDurationAboveOneDayIsAnError() {
        // Without an intervalLength, a reading's own duration is all there is: 10^15 s used to be imported.
        let noLength = T.rt().replacingOccurrences(of: "<intervalLength>3600</intervalLength>", with: "")
        let e = Self.issues(T.one(noLength, [T.block([T.reading(T.t0, "5", duration: "1000000000000000")])]))
        #expect(e?.first?.field == "duration")
        #expect(e?.first?.expected.contains("86400") == true)
        // An intervalLength of more than a day is refused where it is declared.
        let long = Self.issues(T.one(T.rt(length: 172_800), [T.block([T.reading(T.t0, "5", duration: "172800")])]))
        #expect(long?.first?.field == "intervalLength")
    }

    @Test func valuesBeyondTheEnergyRangeAreErrors() {
        // Int64.max Wh × 10^9: overflows µkWh (already refused, kept as a regression check).
        let overflow = Self.issues(T.one(T.rt(p: 9), [T.block([T.reading(T.t0, "9223372036854775807")])]))
        #expect(overflow?.first?.field == "value")
        // 2 000 000 kWh in one hour fits in µkWh but is beyond any meter: used to be imported.
        let big = Self.issues(T.one([T.block([T.reading(T.t0, "2000000000")])]))
        #expect(big?.first?.field == "value")
        #expect(big?.first?.expected.contains("1000000 kWh") == true)
        // Net readings are bounded either way.
        let net = Self.issues(T.one(T.rt(flow: 4), [T.block([T.reading(T.t0, "-2000000000")])]))
        #expect(net?.first?.field == "value")
    }
}
