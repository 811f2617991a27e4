import Foundation
import GridSettleCore
import GridSettleFormats
import GridSettleStore
import Testing

@testable import GridSettleWorkflows

/// What `gridsettle plan` makes of the directories it is given, in the workflows layer.
@Suite struct JobPlanningTests {
    @Test func aPortfolioMakesOneUnitPerSiteForTheMonthAskedFor() throws {
        let fleet = try PortfolioFixture.fleet(2)
        let dir = try PortfolioFixture.portfolio(fleet, tag: "plan")
        let abs = URL(fileURLWithPath: dir).standardizedFileURL.path
        let planned = JobPlanning.units([dir, dir], period: "2016-11")  // named twice, planned once
        #expect(planned.unreadable.isEmpty)
        #expect(planned.units.map(\.resourceID) == fleet.map(\.config.resource.id))
        #expect(planned.units.allSatisfy { $0.periodStart == "2016-11-01" && $0.periodEnd == "2016-12-01" && $0.inputLocation == abs })
        let noMonth = JobPlanning.units([dir], period: nil)
        #expect(noMonth.units.isEmpty && noMonth.unreadable == ["\(abs): a portfolio is planned for one month: --period YYYY-MM"])
        let nothing = JobPlanning.units([PortfolioFixture.temporaryDirectory("plan-empty")], period: nil)
        #expect(nothing.units.isEmpty && nothing.unreadable.count == 1 && nothing.unreadable[0].hasSuffix("no site.json in it or in any subdirectory"))
    }
}
