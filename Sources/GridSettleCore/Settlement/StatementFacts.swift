/// What a statement was settled for beyond its ids: the site's interconnection capacity, the resource's
/// participation model and pricing node, each meter with its role and interval length, and the market time zone.
///
/// The report's header prints them. They travel with the statement, and are stored with it
/// (``StatementCoding``), so a stored run renders its documents on demand without the site file, which may have
/// changed since the run was settled.
public struct StatementFacts: Sendable, Hashable {
    public struct Meter: Sendable, Hashable {
        public var id: String
        public var role: MeterRole
        public var intervalMinutes: Int

        public init(id: String, role: MeterRole, intervalMinutes: Int) {
            self.id = id
            self.role = role
            self.intervalMinutes = intervalMinutes
        }
    }

    /// kW, as the site file gives it (`site.capacityKW`, 0…1 GW).
    public var capacityKW: Double?
    public var participationModel: String
    public var pricingNode: String
    public var meters: [Meter]
    public var zone: MarketTimeZone

    public init(capacityKW: Double?, participationModel: String, pricingNode: String, meters: [Meter], zone: MarketTimeZone) {
        self.capacityKW = capacityKW
        self.participationModel = participationModel
        self.pricingNode = pricingNode
        self.meters = meters
        self.zone = zone
    }

    public init(_ c: SiteConfig) {
        self.init(
            capacityKW: c.site.capacityKW, participationModel: c.resource.participationModel, pricingNode: c.resource.pricingNode,
            meters: c.meters.map { Meter(id: $0.id, role: $0.role, intervalMinutes: $0.intervalMinutes) }, zone: c.zone)
    }
}
