/// F5.1 `[D]` (research §5.1): the portfolio's net injection at each interface,
/// `q^A_t = Σ_{i∈A} (rec_i,t − del_i,t)`, as metered at the resources.
///
/// Stored as one flat, interface-major buffer of µkWh (`value(k, t) = microKWh[k·count + t]`), filled by one
/// pass per member over its two channels: no per-interval allocation, and the inner loop is a plain
/// strided add the compiler can vectorize.
public struct InterfaceNetInjection: Sendable, Hashable {
    public let grid: IntervalGrid
    /// Interface ids, in the DSO's order; row `k` of ``microKWh`` belongs to `interfaceIDs[k]`.
    public let interfaceIDs: [String]
    /// Interface-major, `interfaceIDs.count × grid.count` values, µkWh (positive = injection to the ISO).
    public let microKWh: ContiguousArray<Int64>

    /// `q^A_t` of interface `k` at interval `t`, µkWh.
    @inlinable public func value(interface k: Int, interval t: Int) -> Int64 { microKWh[k * grid.count + t] }

    /// Interface `k`'s column.
    public func column(interface k: Int) -> ArraySlice<Int64> {
        microKWh[(k * grid.count)..<((k + 1) * grid.count)]
    }

    /// Σ_t q^A_t of interface `k`, µkWh.
    public func total(interface k: Int) -> Int64 { column(interface: k).reduce(0, +) }

    /// Builds the buffer. `memberInterface[i]` is member `i`'s interface row; `received[i]` and
    /// `delivered[i]` its channels (each `grid.count` long).
    public init(
        grid: IntervalGrid, interfaceIDs: [String], memberInterface: [Int], received: [ContiguousArray<Int64>],
        delivered: [ContiguousArray<Int64>]
    ) {
        precondition(memberInterface.count == received.count && received.count == delivered.count)
        let n = grid.count
        var buffer = ContiguousArray<Int64>(repeating: 0, count: interfaceIDs.count * n)
        buffer.withUnsafeMutableBufferPointer { out in
            for i in memberInterface.indices {
                let base = memberInterface[i] * n
                let rec = received[i]
                let del = delivered[i]
                precondition(rec.count == n && del.count == n, "a channel is not on the grid")
                rec.withUnsafeBufferPointer { r in
                    del.withUnsafeBufferPointer { d in
                        for t in 0..<n { out[base + t] += r[t] - d[t] }
                    }
                }
            }
        }
        self.grid = grid
        self.interfaceIDs = interfaceIDs
        self.microKWh = buffer
    }
}
