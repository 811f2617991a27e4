import GridSettleCore

/// A DSO dataset (docs/dso-dataset.md) as read by ``DSODatasetReader``: the DSOs and their interfaces, the
/// member DERs, and every interval column on the settlement grid.
///
/// Columnar: each member's channels are one `ContiguousArray` per column, indexed by the member's position
/// in ``members``; interface columns are keyed by interface id. Nothing is zero-filled: a dataset that reads
/// has every settlement interval of every member, schedule and price present (the reader refuses gaps), and
/// the history keeps its gaps as `.missing`.
public struct DSODataset: Sendable {
    /// One row of `members.csv`.
    public struct Member: Sendable, Hashable {
        /// The member as the DSO rules see it (size in µkW).
        public var der: DERMember
        public var subLAP: String
        /// Dispatch limits, µkW (magnitudes) and usable energy, µkWh (0 for PV and demand response).
        public var maxChargeMicroKW: Int64
        public var maxDischargeMicroKW: Int64
        public var energyMicroKWh: Int64
        /// Line in `members.csv`.
        public var line: Int

        public var id: String { der.id }
    }

    /// DA and FMM LMPs of an interface's pricing node on the settlement grid, µ$/MWh (the hourly DA price
    /// repeated over its intervals).
    public struct InterfacePrices: Sendable, Hashable {
        public var daMicroPrice: ContiguousArray<Int64>
        public var fmmMicroPrice: ContiguousArray<Int64>
    }

    /// An interface's history (`interface_history.csv`) on its own grid: net load (+ = import) and the PV
    /// behind it, µkWh per interval; gaps are `.missing`.
    public struct InterfaceHistory: Sendable, Hashable {
        public var interfaceID: String
        public var netLoad: EnergySeries
        public var pv: EnergySeries
    }

    /// Local-market orders (`orders.csv`), columnar, in file order (the book's time priority).
    public struct Orders: Sendable, Hashable {
        /// Index into ``DSODataset/members``.
        public var member = ContiguousArray<Int32>()
        /// Index into ``DSODataset/grid``.
        public var interval = ContiguousArray<Int32>()
        public var side = ContiguousArray<LocalOrderSide>()
        public var microKWh = ContiguousArray<Int64>()
        public var limitMicroPrice = ContiguousArray<Int64>()
        /// Line in `orders.csv` (the order id is `orders.csv:LINE`).
        public var line = ContiguousArray<Int32>()

        public var count: Int { member.count }
        public init() {}
    }

    public var formatVersion: Int
    public var zone: MarketTimeZone
    public var period: SettlementPeriod
    /// The settlement grid: the period at `intervalMinutes`.
    public var grid: IntervalGrid
    /// As in `dso.json` (allocation, local-market settings and aggregation rules resolved).
    public var dsos: [DSO]
    /// In `members.csv` order.
    public var members: [Member]
    public var memberIndex: [String: Int]
    /// Per member (same order as ``members``), µkWh ≥ 0 per interval.
    public var receivedMicroKWh: [ContiguousArray<Int64>]
    public var deliveredMicroKWh: [ContiguousArray<Int64>]
    /// Per member: the DA schedule as average µMW per settlement interval (+ = injection), nil when the
    /// member has no schedule rows.
    public var daScheduleMicroMW: [ContiguousArray<Int64>?]
    /// Per member: distribution LMP per interval, µ$/MWh, nil when the member has no `dlmp.csv` rows.
    public var dlmpMicroPrice: [ContiguousArray<Int64>?]
    /// By interface id.
    public var interfacePrices: [String: InterfacePrices]
    /// By interface id; interfaces with no history rows are absent.
    public var history: [String: InterfaceHistory]
    /// ISO award to the aggregation at each interface, average µMW per settlement interval (+ = discharge).
    /// Only interfaces with award rows are present; an interval without a row has no award (0), because
    /// awards are events, not a metered series.
    public var awardsMicroMW: [String: ContiguousArray<Int64>]
    public var orders: Orders
    /// Named warnings (nothing here stops a settlement).
    public var warnings: [DatasetIssue]

    /// The DSO and interface an interface id belongs to.
    public func interface(_ id: String) -> (dso: DSO, interface: DSOInterface)? {
        for d in dsos { if let i = d.interface(id: id) { return (d, i) } }
        return nil
    }

    /// Indices of the members behind `interfaceID`, in file order.
    public func memberIndices(interface interfaceID: String) -> [Int] {
        members.indices.filter { members[$0].der.interface == interfaceID }
    }
}
