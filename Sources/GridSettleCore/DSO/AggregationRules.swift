/// The rules a DSO's DER portfolio must meet to be one market resource (research §3.9 DERP / DERA and
/// §5.3 Order 2222). The sources are `[V]`/`[S]`/`[K]` as marked; the research asks that `[K]` values be
/// configuration defaults, so each is a named policy here.
public struct AggregationRules: Codable, Sendable, Hashable {
    /// The minimum aggregate size (Σ member sizes).
    public enum MinimumSize: String, Codable, Sendable, Hashable, CaseIterable {
        /// 100 kW: Order 2222's ceiling on the minimum size (`[K]`, §5.3; CAISO lowered DERA to it). Default.
        case order2222
        /// 500 kW: the 2016 CAISO DERP framework, 155 FERC ¶ 61,229 (`[V]`, §3.9).
        case derp2016
        /// ``AggregationRules/customMinimumMicroKW``.
        case custom
    }

    /// How GDFs are found for members that do not bid one.
    public enum GDFDefault: String, Codable, Sendable, Hashable, CaseIterable {
        /// Pro rata to member size, in millionths, by the largest-remainder method (``Apportion``): the
        /// millionths left after flooring go one each to the largest remainders, ties to the earlier member
        /// in the portfolio's order, so the GDFs sum to exactly 1 000 000. Default (`[K]`: "defaulted by
        /// CAISO").
        case proRataToSize
        /// Every member must carry an explicit GDF.
        case required
    }

    public var minimumSize: MinimumSize = .order2222
    /// The minimum when ``minimumSize`` is ``MinimumSize/custom``, µkW.
    public var customMinimumMicroKW: Int64? = nil
    /// BTM members of one aggregation must lie in one sub-LAP (`[S]`, §3.9). Default on.
    public var btmSingleSubLAP: Bool = true
    /// Size cap for an aggregation spanning more than one pricing node, µkW; nil = no cap. Default 20 MW
    /// (`[K]`, §3.9, open item 6).
    public var multiNodeMaximumMicroKW: Int64? = 20_000_000_000
    public var gdfDefault: GDFDefault = .proRataToSize

    public init(
        minimumSize: MinimumSize = .order2222, customMinimumMicroKW: Int64? = nil, btmSingleSubLAP: Bool = true,
        multiNodeMaximumMicroKW: Int64? = 20_000_000_000, gdfDefault: GDFDefault = .proRataToSize
    ) {
        self.minimumSize = minimumSize
        self.customMinimumMicroKW = customMinimumMicroKW
        self.btmSingleSubLAP = btmSingleSubLAP
        self.multiNodeMaximumMicroKW = multiNodeMaximumMicroKW
        self.gdfDefault = gdfDefault
    }

    /// The minimum aggregate size in µkW (nil when ``MinimumSize/custom`` has no value).
    public var minimumMicroKW: Int64? {
        switch minimumSize {
        case .order2222: return 100_000_000
        case .derp2016: return 500_000_000
        case .custom: return customMinimumMicroKW
        }
    }

    /// `name=value` pairs in a fixed order, for statements.
    public var summary: [(name: String, value: String)] {
        [
            ("deraMinimumSize", minimumSize.rawValue),
            ("deraMinimumKW", minimumMicroKW.map { Units.formatKWh($0, digits: 3) } ?? "unset"),
            ("deraBTMSingleSubLAP", String(btmSingleSubLAP)),
            ("deraMultiNodeMaximumKW", multiNodeMaximumMicroKW.map { Units.formatKWh($0, digits: 3) } ?? "none"),
            ("deraGDFDefault", gdfDefault.rawValue),
        ]
    }

    enum CodingKeys: String, CodingKey {
        case minimumSize, customMinimumMicroKW, btmSingleSubLAP, multiNodeMaximumMicroKW, gdfDefault
    }

    /// Decoding with defaults. `multiNodeMaximumMicroKW: null` in a file turns the cap off.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var r = AggregationRules()
        r.minimumSize = try c.decodeIfPresent(MinimumSize.self, forKey: .minimumSize) ?? r.minimumSize
        r.customMinimumMicroKW = try c.decodeIfPresent(Int64.self, forKey: .customMinimumMicroKW)
        r.btmSingleSubLAP = try c.decodeIfPresent(Bool.self, forKey: .btmSingleSubLAP) ?? r.btmSingleSubLAP
        if c.contains(.multiNodeMaximumMicroKW) {
            r.multiNodeMaximumMicroKW = try c.decodeIfPresent(Int64.self, forKey: .multiNodeMaximumMicroKW)
        }
        r.gdfDefault = try c.decodeIfPresent(GDFDefault.self, forKey: .gdfDefault) ?? r.gdfDefault
        self = r
    }

    /// Writes `multiNodeMaximumMicroKW: null` when there is no cap, so that a written file reads back the
    /// same (an absent key means the 20 MW default).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(minimumSize, forKey: .minimumSize)
        try c.encodeIfPresent(customMinimumMicroKW, forKey: .customMinimumMicroKW)
        try c.encode(btmSingleSubLAP, forKey: .btmSingleSubLAP)
        if let cap = multiNodeMaximumMicroKW { try c.encode(cap, forKey: .multiNodeMaximumMicroKW) } else {
            try c.encodeNil(forKey: .multiNodeMaximumMicroKW)
        }
        try c.encode(gdfDefault, forKey: .gdfDefault)
    }
}
