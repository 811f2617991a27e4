/// A Distribution System Operator (seed 003): responsible for part of the distribution grid, connected to
/// the ISO at one or more supply substations (its ``DSOInterface``s), settling with the ISO like a metered
/// subsystem and allocating that settlement back to the DERs behind it (research §5.1–§5.2).
///
/// Every rule the DSO applies is a named policy on it: how the interface settlement is allocated back
/// (``allocation``, F5.4–F5.6), which aggregation rules its portfolio must meet (``aggregation``, §3.9 /
/// Order 2222), and whether it runs a local energy market (``localMarket``, §5.4).
public struct DSO: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var interfaces: [DSOInterface]
    public var allocation: DSOAllocationPolicy
    public var aggregation: AggregationRules
    public var localMarket: LocalMarketSettings

    public init(
        id: String, name: String, interfaces: [DSOInterface], allocation: DSOAllocationPolicy = DSOAllocationPolicy(),
        aggregation: AggregationRules = AggregationRules(), localMarket: LocalMarketSettings = LocalMarketSettings()
    ) {
        self.id = id
        self.name = name
        self.interfaces = interfaces
        self.allocation = allocation
        self.aggregation = aggregation
        self.localMarket = localMarket
    }

    public func interface(id: String) -> DSOInterface? { interfaces.first { $0.id == id } }

    enum CodingKeys: String, CodingKey { case id, name, interfaces, allocation, aggregation, localMarket }

    /// Decoding with defaults: a DSO file names only the policies it changes.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id), name: try c.decode(String.self, forKey: .name),
            interfaces: try c.decode([DSOInterface].self, forKey: .interfaces),
            allocation: try c.decodeIfPresent(DSOAllocationPolicy.self, forKey: .allocation) ?? DSOAllocationPolicy(),
            aggregation: try c.decodeIfPresent(AggregationRules.self, forKey: .aggregation) ?? AggregationRules(),
            localMarket: try c.decodeIfPresent(LocalMarketSettings.self, forKey: .localMarket) ?? LocalMarketSettings())
    }
}

/// A point where the DSO meets the ISO (a supply substation): the ISO settles the DSO there at the
/// interface's pricing node (F5.2). The sub-LAP is what the BTM single-sub-LAP rule (§3.9) compares.
public struct DSOInterface: Codable, Sendable, Hashable {
    public var id: String
    /// The ISO pricing node (pnode or aggregated pnode) whose LMPs settle this interface.
    public var pricingNode: String
    /// The sub-LAP the pricing node lies in.
    public var subLAP: String

    public init(id: String, pricingNode: String, subLAP: String) {
        self.id = id
        self.pricingNode = pricingNode
        self.subLAP = subLAP
    }
}

/// What a DER is. All kinds settle alike here (F5.1 uses only their metered channels); the kind is kept
/// for reporting and for rules that later distinguish them (research §5.3: heterogeneous aggregations).
public enum DERKind: String, Codable, Sendable, Hashable, CaseIterable {
    case storage
    case v2gFleet
    case pv
    case demandResponse
}

/// One distributed energy resource in a DSO's portfolio, behind one of its interfaces.
public struct DERMember: Codable, Sendable, Hashable {
    public var id: String
    /// The ``DSO/id`` it belongs to.
    public var dso: String
    /// The ``DSOInterface/id`` it sits behind.
    public var interface: String
    public var kind: DERKind
    /// Size (nameplate or registered capacity) in µkW; counts toward the minimum aggregate size.
    public var sizeMicroKW: Int64
    /// Behind the customer meter (BTM): BTM members of one aggregation must share one sub-LAP (§3.9 `[S]`).
    public var behindTheMeter: Bool
    /// Generation distribution factor in millionths (500 000 = 0.5), when bid in by the SC (§3.9 `[K]`);
    /// nil = defaulted (``AggregationRules/gdfDefault``).
    public var gdfMillionths: Int64?

    public init(
        id: String, dso: String, interface: String, kind: DERKind, sizeMicroKW: Int64, behindTheMeter: Bool = true,
        gdfMillionths: Int64? = nil
    ) {
        self.id = id
        self.dso = dso
        self.interface = interface
        self.kind = kind
        self.sizeMicroKW = sizeMicroKW
        self.behindTheMeter = behindTheMeter
        self.gdfMillionths = gdfMillionths
    }

    enum CodingKeys: String, CodingKey { case id, dso, interface, kind, sizeMicroKW, behindTheMeter, gdfMillionths }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id), dso: try c.decode(String.self, forKey: .dso),
            interface: try c.decode(String.self, forKey: .interface), kind: try c.decode(DERKind.self, forKey: .kind),
            sizeMicroKW: try c.decode(Int64.self, forKey: .sizeMicroKW),
            behindTheMeter: try c.decodeIfPresent(Bool.self, forKey: .behindTheMeter) ?? true,
            gdfMillionths: try c.decodeIfPresent(Int64.self, forKey: .gdfMillionths))
    }
}
