/// One node's prices on the period's grid of each market run and product.
///
/// Dense arrays rather than a hash table: the validator asks for an RTD price for every 5-minute interval and
/// the CAISO settlement for several per interval, for every unit of a portfolio. Prices that are not on the
/// period's grid (outside it, or between its intervals) are kept in a small table so that nothing is lost.
struct PriceGrid {
    private struct Lane {
        var base: Int64
        var grain: Int64
        var value: ContiguousArray<Int64>
        var present: ContiguousArray<Bool>

        func index(_ t: Int64) -> Int? {
            let offset = t - base
            guard offset >= 0, offset % grain == 0 else { return nil }
            let i = Int(offset / grain)
            return i < value.count ? i : nil
        }
    }

    private var lanes: [Lane?]
    private var elsewhere: [PriceKey: Int64] = [:]
    /// Rows for a (run, product, interval) that already had one, in input order: the validator reports them.
    private(set) var repeated: [PricePoint] = []
    private let start: Int64
    private let end: Int64

    private static func lane(_ run: MarketRun, _ product: PriceProduct) -> Int {
        let r: Int
        switch run {
        case .dayAhead: r = 0
        case .fifteenMinute: r = 1
        case .realTimeDispatch: r = 2
        case .realTimeHourly: r = 3
        }
        let p: Int
        switch product {
        case .lmp: p = 0
        case .regulationUp: p = 1
        case .regulationDown: p = 2
        case .mileageUp: p = 3
        case .mileageDown: p = 4
        case .regulationCapability: p = 5
        case .regulationPerformance: p = 6
        case .mileageRatio: p = 7
        }
        return r * 8 + p
    }

    /// A price's interval length: its run's, or 15 minutes for mileage prices.
    static func grain(_ run: MarketRun, _ product: PriceProduct) -> Int64 {
        product == .mileageUp || product == .mileageDown ? 900 : run.intervalSeconds
    }

    init(prices: [PricePoint], node: String, start: Instant, end: Instant) {
        self.start = start.secondsSinceEpoch
        self.end = end.secondsSinceEpoch
        lanes = Array(repeating: nil, count: 32)
        for p in prices where p.node == node {
            let k = Self.lane(p.run, p.product)
            let t = p.start.secondsSinceEpoch
            if lanes[k] == nil {
                let grain = Self.grain(p.run, p.product)
                let base = self.start - ((self.start % grain) + grain) % grain
                let count = Int((self.end - base + grain - 1) / grain)
                lanes[k] = Lane(base: base, grain: grain, value: ContiguousArray(repeating: 0, count: count), present: ContiguousArray(repeating: false, count: count))
            }
            if let i = lanes[k]!.index(t) {
                if lanes[k]!.present[i] { repeated.append(p); continue }
                lanes[k]!.present[i] = true
                lanes[k]!.value[i] = p.microPrice
            } else {
                let key = PriceKey(run: p.run, product: p.product, start: t)
                if elsewhere[key] != nil { repeated.append(p); continue }
                elsewhere[key] = p.microPrice
            }
        }
    }

    /// The price of the `run`/`product` interval starting at `t`, if there is one.
    func price(_ run: MarketRun, _ product: PriceProduct, _ t: Instant) -> Int64? {
        if let lane = lanes[Self.lane(run, product)], let i = lane.index(t.secondsSinceEpoch) {
            return lane.present[i] ? lane.value[i] : nil
        }
        return elsewhere[PriceKey(run: run, product: product, start: t.secondsSinceEpoch)]
    }
}
