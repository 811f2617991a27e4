import GridSettleCore

/// One resource's awards from one block of a portfolio's awards file, as columns: what the block parser
/// fills and the scratch space keeps (``AwardsSegment``), so a portfolio's awards are never held whole.
struct AwardColumns: Sendable {
    var run = ContiguousArray<UInt8>()
    var product = ContiguousArray<UInt8>()
    var start = ContiguousArray<Int64>()
    var seconds = ContiguousArray<Int64>()
    var microMW = ContiguousArray<Int64>()
    var line = ContiguousArray<Int32>()

    init() {}

    static let runs = MarketRun.allCases
    static let products = AwardProduct.allCases

    var count: Int { start.count }

    mutating func append(run r: MarketRun, product p: AwardProduct, start s: Int64, seconds d: Int64, microMW mw: Int64, line l: Int32) {
        run.append(UInt8(Self.runs.firstIndex(of: r) ?? 0))
        product.append(UInt8(Self.products.firstIndex(of: p) ?? 0))
        start.append(s)
        seconds.append(d)
        microMW.append(mw)
        line.append(l)
    }

    /// Award `i`, its source named `file:line` as every reader names it.
    func award(_ i: Int, file: String) -> Award {
        Award(run: Self.runs[Int(run[i])], product: Self.products[Int(product[i])], start: Instant(secondsSinceEpoch: start[i]),
              seconds: seconds[i], microMW: microMW[i], source: "\(file):\(line[i])")
    }

    func spill(into spill: ColumnSpill) throws(ColumnSpill.Failure) -> AwardsSegment {
        let offset = spill.reserve(count * AwardsSegment.rowBytes)
        var at = try spill.write(start, at: offset)
        at = try spill.write(seconds, at: at)
        at = try spill.write(microMW, at: at)
        at = try spill.write(line, at: at)
        at = try spill.write(run, at: at)
        _ = try spill.write(product, at: at)
        return AwardsSegment(offset: offset, count: count, earliest: start.min() ?? 0, latest: start.max() ?? 0)
    }

    init(_ segment: AwardsSegment, from spill: ColumnSpill) throws(ColumnSpill.Failure) {
        let n = segment.count
        var at = segment.offset
        start = try spill.array(of: Int64.self, at: at, count: n)
        at += n * 8
        seconds = try spill.array(of: Int64.self, at: at, count: n)
        at += n * 8
        microMW = try spill.array(of: Int64.self, at: at, count: n)
        at += n * 8
        line = try spill.array(of: Int32.self, at: at, count: n)
        at += n * 4
        run = try spill.array(of: UInt8.self, at: at, count: n)
        at += n
        product = try spill.array(of: UInt8.self, at: at, count: n)
    }
}

/// Where one resource's awards from one block are in the scratch space, and the span of their starts.
struct AwardsSegment: Sendable {
    var offset: Int
    var count: Int
    var earliest: Int64
    var latest: Int64

    /// start, seconds, MW (8 each), line (4), run and product (1 each).
    static let rowBytes = 8 + 8 + 8 + 4 + 1 + 1
}
