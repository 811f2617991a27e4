/// One meter channel on a fixed grid: energy per interval in µkWh plus the quality of each value.
///
/// Columnar (`ContiguousArray`) so loops over a month of 5-minute data touch two flat arrays and allocate
/// nothing. A gap is `quality == .missing` with value 0; code that sums energy must look at quality, and
/// ``missingCount`` makes that cheap.
public struct EnergySeries: Sendable, Hashable {
    public var grid: IntervalGrid
    public var microKWh: ContiguousArray<Int64>
    public var quality: ContiguousArray<DataQuality>

    /// A series with every interval missing: the honest starting point before any reading is loaded.
    public init(missingOn grid: IntervalGrid) {
        self.grid = grid
        self.microKWh = ContiguousArray(repeating: 0, count: grid.count)
        self.quality = ContiguousArray(repeating: .missing, count: grid.count)
    }

    /// A complete series of actual readings.
    public init(grid: IntervalGrid, microKWh: ContiguousArray<Int64>) {
        precondition(microKWh.count == grid.count)
        self.grid = grid
        self.microKWh = microKWh
        self.quality = ContiguousArray(repeating: .actual, count: grid.count)
    }

    public init(grid: IntervalGrid, microKWh: ContiguousArray<Int64>, quality: ContiguousArray<DataQuality>) {
        precondition(microKWh.count == grid.count && quality.count == grid.count)
        self.grid = grid
        self.microKWh = microKWh
        self.quality = quality
    }

    public var count: Int { grid.count }

    public var missingCount: Int { quality.reduce(0) { $0 + ($1 == .missing ? 1 : 0) } }

    /// Sum of all non-missing intervals.
    public var total: Int64 {
        var s: Int64 = 0
        for i in microKWh.indices where quality[i] != .missing { s += microKWh[i] }
        return s
    }

    /// The worst quality of any interval.
    public var worstQuality: DataQuality { quality.max() ?? .actual }

    /// Resamples to a coarser grid by summing energy. A coarse interval is missing if any of its parts is,
    /// otherwise it takes the worst quality of its parts. Nothing is zero-filled.
    public func resampled(to seconds: Int64) -> EnergySeries {
        if seconds == grid.seconds { return self }
        let g = grid.coarsened(to: seconds)
        let k = Int(seconds / grid.seconds)
        var e = ContiguousArray<Int64>(repeating: 0, count: g.count)
        var q = ContiguousArray<DataQuality>(repeating: .actual, count: g.count)
        microKWh.withUnsafeBufferPointer { src in
            quality.withUnsafeBufferPointer { srcQ in
                for j in 0..<g.count {
                    var s: Int64 = 0
                    var worst = DataQuality.actual
                    let base = j * k
                    for i in base..<(base + k) {
                        s += src[i]
                        if srcQ[i] > worst { worst = srcQ[i] }
                    }
                    e[j] = worst == .missing ? 0 : s
                    q[j] = worst
                }
            }
        }
        return EnergySeries(grid: g, microKWh: e, quality: q)
    }

    /// Average power per interval in kW, for charts (never for money). Missing intervals are `nil`.
    public func averageKW() -> [Double?] {
        let h = Double(grid.seconds) / 3600
        return (0..<count).map { quality[$0] == .missing ? nil : Double(microKWh[$0]) / 1e6 / h }
    }
}

/// The two registers of a bidirectional meter channel pair: energy delivered by the grid (import, "load")
/// and energy received by the grid (export, "generation"). Never netted before settlement.
public struct MeterChannels: Sendable, Hashable {
    public var delivered: EnergySeries
    public var received: EnergySeries

    public init(delivered: EnergySeries, received: EnergySeries) {
        precondition(delivered.grid == received.grid)
        self.delivered = delivered
        self.received = received
    }

    public var grid: IntervalGrid { delivered.grid }

    public func resampled(to seconds: Int64) -> MeterChannels {
        MeterChannels(delivered: delivered.resampled(to: seconds), received: received.resampled(to: seconds))
    }
}
