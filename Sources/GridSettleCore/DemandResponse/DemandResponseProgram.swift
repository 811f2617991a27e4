/// The demand-response program a resource is enrolled in (`site.json` → `demandResponse`): which baseline
/// measures its performance, which price pays it, and the `[U]` choices the research leaves open, each a
/// named setting with a documented default (docs/rules.md "Demand-response performance settlement").
///
/// When present, every dispatch event in `events.csv` is settled: performance per slot against the baseline,
/// valued at the LMP (`DR-PERFORMANCE`), the LSE's default load adjustment (`DR-DLA`), and — for a device
/// baseline — the exports MGO does not credit (`DR-MGO-EXPORT-NOT-CREDITED`). The storage discharge the
/// performance pays for becomes wholesale-owned in the ledger and is added back to the retail bill, so the
/// same kWh is never also credited as retail peak shaving.
public struct DemandResponseProgram: Codable, Sendable, Hashable {
    /// How a slot whose performance is negative (the resource consumed more than its baseline) counts `[U]`.
    public enum NegativePerformance: String, Codable, Sendable, Hashable, CaseIterable {
        /// Negative slots count against the event (research §2.8: "charging during the event counts against
        /// performance"). The default: it never pays more than was delivered.
        case net
        /// Negative slots count as zero.
        case floorAtZero
    }

    /// Whether device output beyond the site's gross load (an export) earns performance credit.
    public enum ExportCredit: String, Codable, Sendable, Hashable, CaseIterable {
        /// CAISO MGO: "MGO excludes export" `[V]` — credited output is `min(output, gross load)`. The default.
        case none
        /// Count exports too (the variant aggregators and LSEs ask for, research §3.10).
        case credited
    }

    /// A baseline preset name (``BaselinePresets``) or `external` (a supplied `baseline_series.csv`,
    /// ``ExternalBaseline``).
    public var method: String
    /// What the baseline is of; nil = the method's own quantity.
    public var quantity: BaselineQuantity?
    /// The market whose LMP pays performance `[U]`; default day-ahead (a PDR bids day-ahead; splitting DA
    /// and RT needs the DR award, which `events.csv` does not carry).
    public var priceRun: MarketRun
    /// The pricing node (a PDR prices at its sub-LAP); nil = the resource's own pricing node.
    public var pricingNode: String?
    public var negativePerformance: NegativePerformance
    public var exportCredit: ExportCredit

    public init(
        method: String, quantity: BaselineQuantity? = nil, priceRun: MarketRun = .dayAhead, pricingNode: String? = nil,
        negativePerformance: NegativePerformance = .net, exportCredit: ExportCredit = .none
    ) {
        self.method = method
        self.quantity = quantity
        self.priceRun = priceRun
        self.pricingNode = pricingNode
        self.negativePerformance = negativePerformance
        self.exportCredit = exportCredit
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case method, quantity, priceRun, pricingNode, negativePerformance, exportCredit
    }

    /// The keys `site.json` accepts in `demandResponse` (anything else is reported as a typo).
    public static let keys = CodingKeys.allCases.map(\.rawValue)

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = DemandResponseProgram(method: "")
        method = try c.decode(String.self, forKey: .method)
        quantity = try c.decodeIfPresent(BaselineQuantity.self, forKey: .quantity)
        priceRun = try c.decodeIfPresent(MarketRun.self, forKey: .priceRun) ?? defaults.priceRun
        pricingNode = try c.decodeIfPresent(String.self, forKey: .pricingNode)
        negativePerformance = try c.decodeIfPresent(NegativePerformance.self, forKey: .negativePerformance) ?? defaults.negativePerformance
        exportCredit = try c.decodeIfPresent(ExportCredit.self, forKey: .exportCredit) ?? defaults.exportCredit
    }

    /// The settings as `name=value` pairs for the statement's policy list.
    public var summary: [(name: String, value: String)] {
        [
            ("demandResponse.method", method), ("demandResponse.quantity", quantity?.rawValue ?? "method default"),
            ("demandResponse.priceRun", priceRun.rawValue), ("demandResponse.pricingNode", pricingNode ?? "resource node"),
            ("demandResponse.negativePerformance", negativePerformance.rawValue),
            ("demandResponse.exportCredit", exportCredit.rawValue),
        ]
    }
}
