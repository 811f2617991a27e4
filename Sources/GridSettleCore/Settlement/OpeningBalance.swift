/// What a resource's month opens with: the energy in its storage, by owner, and the peaks of earlier months a
/// demand ratchet looks back on.
///
/// A month that follows a month of the same resource in a portfolio opens with that month's closing balance
/// (docs/dataset-format.md §9, "Consecutive months"): the inventory pools the ledger ended with, and the
/// earlier months' actual peaks of each bill. The first month of a resource opens from its site file
/// (`resource.initialInventoryKWh`, all of it retail, and no earlier peaks). Without the carry, every month
/// would open full of retail energy again and a ratchet would never see last month's peak.
public struct OpeningBalance: Sendable, Hashable {
    /// Where the balance came from.
    public enum Source: Sendable, Hashable, CustomStringConvertible {
        /// The site file: `resource.initialInventoryKWh` as retail energy and no wholesale energy (a PJM site:
        /// `pjm.openingRetailKWh` and `openingWholesaleKWh`), no earlier peaks.
        case siteFile
        /// The closing balance of the month before, e.g. `2026-01`, settled from the same portfolio.
        case carried(from: String)

        public var description: String {
            switch self {
            case .siteFile: "site file"
            case .carried(let month): "carried from \(month)"
            }
        }
    }

    public var source: Source
    /// The retail pool R: energy bought at retail (and the site file's initial inventory), charge-equivalent µkWh.
    public var retailMicroKWh: Int64
    /// The wholesale pool W: energy bought for wholesale, charge-equivalent µkWh.
    public var wholesaleMicroKWh: Int64
    /// Earlier months' actual peaks, oldest first, per bill the engine computes: a ratchet on the adjusted
    /// bill looks back on adjusted peaks, one on the bill as metered on metered peaks.
    public var demandHistory: DemandHistories

    public init(source: Source, retailMicroKWh: Int64, wholesaleMicroKWh: Int64, demandHistory: DemandHistories = DemandHistories()) {
        self.source = source
        self.retailMicroKWh = retailMicroKWh
        self.wholesaleMicroKWh = wholesaleMicroKWh
        self.demandHistory = demandHistory
    }

    /// `opening` when a caller knows it (the month before's closing), else the site file's.
    static func given(_ opening: OpeningBalance?, orSiteFile c: SiteConfig, file: String) throws(DatasetInvalid) -> OpeningBalance {
        if let opening { return opening }
        return try siteFile(c, file: file)
    }

    /// The balance a site file gives the first month of its resource: `resource.initialInventoryKWh` as
    /// retail energy, or a PJM site's `pjm.openingRetailKWh` and `openingWholesaleKWh`; and the billed peaks of the months
    /// before it (`tariff.priorPeaks`, ``PriorPeak``), which must end with the month before the period starts.
    /// `file` names the site file in a refusal (`site.json`, or a portfolio's `sites/<id>.json`).
    public static func siteFile(_ c: SiteConfig, file: String = "site.json") throws(DatasetInvalid) -> OpeningBalance {
        let prior = try PriorPeak.history(c.tariff.priorPeaks, before: c.period, location: file)
        let history = DemandHistories(asMetered: prior, addedBack: prior, noShaving: prior)
        if c.market == .pjm, let p = c.pjm {
            return OpeningBalance(
                source: .siteFile, retailMicroKWh: Units.microKWh(p.openingRetailKWh), wholesaleMicroKWh: Units.microKWh(p.openingWholesaleKWh),
                demandHistory: history)
        }
        return OpeningBalance(source: .siteFile, retailMicroKWh: Units.microKWh(c.resource.initialInventoryKWh), wholesaleMicroKWh: 0, demandHistory: history)
    }
}

/// Earlier months' actual peaks (oldest first) of the bills a statement computes (three for CAISO; a PJM
/// statement's adjusted bill is `addedBack`, and it has no `noShaving`).
public struct DemandHistories: Sendable, Hashable {
    public var asMetered: [DemandHistoryEntry]
    /// With all wholesale discharge added back, demand included.
    public var addedBack: [DemandHistoryEntry]
    /// With every discharge added back: the bill without retail peak shaving.
    public var noShaving: [DemandHistoryEntry]

    public init(asMetered: [DemandHistoryEntry] = [], addedBack: [DemandHistoryEntry] = [], noShaving: [DemandHistoryEntry] = []) {
        self.asMetered = asMetered
        self.addedBack = addedBack
        self.noShaving = noShaving
    }

    /// These histories followed by the months of `bills`, each kept to the `keep` most recent months (the
    /// tariff ratchet's look-back; older peaks can never be read again).
    func appending(asMetered a: [RetailBill], addedBack b: [RetailBill], noShaving c: [RetailBill], keep: Int) -> DemandHistories {
        func extend(_ h: [DemandHistoryEntry], _ bills: [RetailBill]) -> [DemandHistoryEntry] {
            Array((h + bills.map { DemandHistoryEntry(billMonth: $0.month, peak: $0.demand.actualPeak ?? 0) }).suffix(max(keep, 0)))
        }
        return DemandHistories(asMetered: extend(asMetered, a), addedBack: extend(addedBack, b), noShaving: extend(noShaving, c))
    }
}

/// A statement's storage inventory at the start and end of its period, and where the opening came from.
public struct InventoryBalance: Sendable, Hashable {
    public var opening: OpeningBalance
    /// The pools the ledger ended with, charge-equivalent µkWh.
    public var closingRetailMicroKWh: Int64
    public var closingWholesaleMicroKWh: Int64
    /// Earlier months' peaks the ratchet of the adjusted bill looked back on (empty without a ratchet or history).
    public var ratchetMonths: Int { opening.demandHistory.addedBack.count }
}
