import GridSettleCore

/// How a read DSO dataset becomes inputs of the DSO rules (`gridsettle dso` and the tests use the same path).
///
/// **One aggregation per interface.** Each interface's members are one DER aggregation at that interface's
/// pricing node, settled under its DSO's allocation policy: Order 2222 caps an aggregation spanning several
/// pricing nodes at 20 MW (``AggregationRules/multiNodeMaximumMicroKW``), which a DSO-wide portfolio of
/// thousands of members exceeds, while the ISO settles the DSO at each interface anyway (F5.2). The DSO's
/// figures are the sums over its interfaces.
///
/// **Interface DA schedule.** The format has no separate ISO schedule for the DSO, so the interface's DA
/// position `q^A,DA` is the sum of its members' DA schedules (the DSO bids its members' schedules), nil when
/// no member has one. The F5.4 schedule-split residual is then zero by construction.
extension DSODataset {
    /// One interface's aggregation unit: its DSO reduced to that interface, and the members behind it.
    public struct InterfaceUnit: Sendable {
        public var dso: DSO
        public var interface: DSOInterface
        /// Indices into ``DSODataset/members``.
        public var memberIndices: [Int]
        public var members: [DERMember]
    }

    /// Every interface of every DSO, in `dso.json` order.
    public var interfaceUnits: [InterfaceUnit] {
        var byInterface: [String: [Int]] = [:]
        for (k, m) in members.enumerated() { byInterface[m.der.interface, default: []].append(k) }
        var out: [InterfaceUnit] = []
        for d in dsos {
            for i in d.interfaces {
                var single = d
                single.interfaces = [i]
                let idx = byInterface[i.id] ?? []
                out.append(InterfaceUnit(dso: single, interface: i, memberIndices: idx, members: idx.map { members[$0].der }))
            }
        }
        return out
    }

    /// The members of `dso` (all interfaces), for checking the DSO-wide portfolio against the rules.
    public func members(of dso: DSO) -> [DERMember] { members.filter { $0.der.dso == dso.id }.map(\.der) }

    /// The settlement input of one interface unit on the dataset's grid.
    public func settlementInput(_ unit: InterfaceUnit) -> DSOSettlementInput {
        var schedule: ContiguousArray<Int64>? = nil
        for k in unit.memberIndices {
            guard let s = daScheduleMicroMW[k] else { continue }
            if schedule == nil { schedule = ContiguousArray(repeating: 0, count: grid.count) }
            schedule!.withUnsafeMutableBufferPointer { out in
                s.withUnsafeBufferPointer { v in for t in 0..<v.count { out[t] += v[t] } }
            }
        }
        let prices = interfacePrices[unit.interface.id]
        return DSOSettlementInput(
            grid: grid,
            members: unit.memberIndices.map { k in
                DSOMemberSeries(
                    memberID: members[k].id, receivedMicroKWh: receivedMicroKWh[k], deliveredMicroKWh: deliveredMicroKWh[k],
                    daScheduleMicroMW: daScheduleMicroMW[k], dlmpMicroPrice: dlmpMicroPrice[k])
            },
            interfaces: prices.map {
                [DSOInterfaceSeries(interfaceID: unit.interface.id, daScheduleMicroMW: schedule, daMicroPrice: $0.daMicroPrice,
                                    rtMicroPrice: $0.fmmMicroPrice)]
            } ?? [])
    }
}
