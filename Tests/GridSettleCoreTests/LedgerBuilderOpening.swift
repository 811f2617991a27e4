import GridSettleCore

extension LedgerBuilder {
    /// A builder whose retail pool opens with `initialInventoryKWh`, as a site file's first month does: the tests'
    /// shorthand for ``LedgerBuilder/init(policies:roundTripEfficiency:opening:)`` with a site-file opening.
    init(policies: SettlementPolicies, roundTripEfficiency: Double, initialInventoryKWh: Double) {
        self.init(
            policies: policies, roundTripEfficiency: roundTripEfficiency,
            opening: OpeningBalance(source: .siteFile, retailMicroKWh: Units.microKWh(initialInventoryKWh), wholesaleMicroKWh: 0))
    }
}
