import GridSettleCore
import Testing

@testable import GridSettleFormats

/// Prices outside the documented range (docs/interchange.md, "Ranges and limits") are located errors.
@Suite("MarketDataBounds")
struct MarketDataBoundsTests {
    typealias T = MarketDataReaderTests

    @Test func oasisPriceBeyondTheRangeIsAnError() throws {
        // $9 223 372 036 854 per MWh fits in µ$ but is no price: it used to be imported.
        let huge = T.lmpHeader + T.lmpRow("2024-11-03T08:00:00-00:00", "2024-11-03T09:00:00-00:00", "2024-11-03", "2", mw: "9223372036854")
        let e = try #require(T.oasisIssues(huge))
        #expect(e.map(\.location) == ["t.csv:2:15"])
        #expect(e[0].field == "MW")
        #expect(e[0].expected.contains("1000000"))
        // Not a decimal at all (an exponent): refused as before, and located the same way.
        let exponent = T.lmpHeader + T.lmpRow("2024-11-03T08:00:00-00:00", "2024-11-03T09:00:00-00:00", "2024-11-03", "2", mw: "1e308")
        #expect(T.oasisIssues(exponent)?.map(\.location) == ["t.csv:2:15"])
        // The edge of the range is a price.
        let edge = T.lmpHeader + T.lmpRow("2024-11-03T08:00:00-00:00", "2024-11-03T09:00:00-00:00", "2024-11-03", "2", mw: "-1000000")
        #expect(try OASISPriceReader.read(Array(edge.utf8), file: "t.csv", options: ImportOptions()).prices.map(\.microPrice) == [-1_000_000_000_000])
    }

    @Test func dataMinerPriceBeyondTheRangeIsAnError() throws {
        let huge = T.daHeader + "2024-11-03T05:00:00,2024-11-03T01:00:00,1,A,-9223372036854.775807,TRUE,1\n"
        let e = try #require(T.pjmIssues(huge))
        #expect(e.map(\.location) == ["p.csv:2:5"])
        #expect(e[0].expected.contains("1000000"))
        let nan = T.daHeader + "2024-11-03T05:00:00,2024-11-03T01:00:00,1,A,nan,TRUE,1\n"
        #expect(T.pjmIssues(nan)?.map(\.location) == ["p.csv:2:5"])
    }
}
