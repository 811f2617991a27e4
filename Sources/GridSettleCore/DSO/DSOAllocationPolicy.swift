/// How a DSO allocates its interface settlement with the ISO (F5.2) back to its members (research §5.2,
/// all `[D]`). Whatever the method, the DSO keeps explicit fee and residual accounts and the revenue
/// adequacy identity F5.3 is checked on every settlement.
public enum DSOAllocationMethod: String, Codable, Sendable, Hashable, CaseIterable {
    /// F5.4: each member is settled as if it faced the ISO itself: its DA schedule at the DA LMP and its own
    /// deviation at the RT LMP of its interface. The schedule-split residual is handled by
    /// ``DSOAllocationPolicy/scheduleSplitResidual``.
    case nodalPassThrough
    /// F5.4 plus F5.5: nodal pass-through, and the DSO charges every member a fee per MWh of flow
    /// (``DSOAllocationPolicy/feeMicroDollarsPerMWh`` on ``DSOAllocationPolicy/feeBasis``); the fee goes to
    /// the DSO's fee account.
    case feeOnGrossFlows
    /// F5.6: each member is paid its metered net injection at its own distribution LMP; the difference from
    /// the ISO settlement (distribution congestion and loss rent, and the interface's DA position) is booked
    /// to the DSO's residual account.
    case distributionLMP
}

/// The schedule-split residual of F5.4: when the members' DA schedules do not add up to the interface's
/// DA schedule, `ISO→A − Σ Pay = (q^A,DA − Σ q^DA_i)·(λ^DA − λ^RT)` per interval. A named policy `[D]`.
public enum ScheduleSplitResidual: String, Codable, Sendable, Hashable, CaseIterable {
    /// Share it among the interface's members pro rata to |q_i − q^DA_i| in that interval (the research
    /// text's allocation). Default. An interval whose members have no deviation at all cannot be shared
    /// and is booked to the DSO's schedule-split account instead (never dropped).
    case proRataToAbsoluteDeviation
    /// Book it to the DSO's schedule-split account; members see only their own schedules.
    case bookToDSO
    /// Enforce `Σ q^DA_i = q^A,DA` in every interval: a mismatch is an input problem and the settlement
    /// is refused.
    case requireMatchingSchedules
}

/// What the F5.5 fee is charged on, per member and interval. Gross vs net is a policy choice (research
/// §5.2, Power TAC issue 669).
public enum FeeBasis: String, Codable, Sendable, Hashable, CaseIterable {
    /// `rec + del`: both meter channels, so energy that flows out and back within an interval pays twice
    /// (F5.5 as written). Default.
    case grossChannels
    /// `|rec − del|`: the interval's net flow magnitude.
    case netMagnitude
}

/// The allocation method and its parameters.
public struct DSOAllocationPolicy: Codable, Sendable, Hashable {
    public var method: DSOAllocationMethod = .nodalPassThrough
    /// F5.5 fee, µ$/MWh (3 $/MWh = 3 000 000). Only ``DSOAllocationMethod/feeOnGrossFlows`` charges it; a
    /// non-zero fee with another method is an input problem, so it is never silently ignored.
    public var feeMicroDollarsPerMWh: Int64 = 0
    public var feeBasis: FeeBasis = .grossChannels
    public var scheduleSplitResidual: ScheduleSplitResidual = .proRataToAbsoluteDeviation
    public var lineRounding: DSOLineRounding = .cent

    public init(
        method: DSOAllocationMethod = .nodalPassThrough, feeMicroDollarsPerMWh: Int64 = 0, feeBasis: FeeBasis = .grossChannels,
        scheduleSplitResidual: ScheduleSplitResidual = .proRataToAbsoluteDeviation, lineRounding: DSOLineRounding = .cent
    ) {
        self.method = method
        self.feeMicroDollarsPerMWh = feeMicroDollarsPerMWh
        self.feeBasis = feeBasis
        self.scheduleSplitResidual = scheduleSplitResidual
        self.lineRounding = lineRounding
    }

    /// `name=value` pairs in a fixed order, for statements.
    public var summary: [(name: String, value: String)] {
        [
            ("dsoAllocationMethod", method.rawValue),
            ("dsoFeeMicroDollarsPerMWh", String(feeMicroDollarsPerMWh)),
            ("dsoFeeBasis", feeBasis.rawValue),
            ("dsoScheduleSplitResidual", scheduleSplitResidual.rawValue),
            ("dsoLineRounding", lineRounding.rawValue),
        ]
    }

    enum CodingKeys: String, CodingKey { case method, feeMicroDollarsPerMWh, feeBasis, scheduleSplitResidual, lineRounding }

    /// Decoding with defaults: a file names only what it changes.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var p = DSOAllocationPolicy()
        p.method = try c.decodeIfPresent(DSOAllocationMethod.self, forKey: .method) ?? p.method
        p.feeMicroDollarsPerMWh = try c.decodeIfPresent(Int64.self, forKey: .feeMicroDollarsPerMWh) ?? p.feeMicroDollarsPerMWh
        p.feeBasis = try c.decodeIfPresent(FeeBasis.self, forKey: .feeBasis) ?? p.feeBasis
        p.scheduleSplitResidual =
            try c.decodeIfPresent(ScheduleSplitResidual.self, forKey: .scheduleSplitResidual) ?? p.scheduleSplitResidual
        p.lineRounding = try c.decodeIfPresent(DSOLineRounding.self, forKey: .lineRounding) ?? p.lineRounding
        self = p
    }
}
