/// One node's prices on the period's grid of each market run and product.
///
/// Dense arrays rather than a hash table: the validator asks for an RTD price for every 5-minute interval and
/// the CAISO settlement for several per interval, for every unit of a portfolio. Prices that are not on the
/// period's grid (outside it, or between its intervals) are kept in a small table so that nothing is lost.
struct PriceGrid: Sendable {
    /// `MarketRun.ordinal * 8 + product`, made when the first price of the lane comes.
    private var lanes: [IntervalLane?]
    private var elsewhere: [PriceKey: Int64] = [:]
    /// Rows for a (run, product, interval) that already had one, in input order: the validator reports them.
    private(set) var repeated: [PricePoint] = []

    private static func lane(_ run: MarketRun, _ product: PriceProduct) -> Int {
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
        return run.ordinal * 8 + p
    }

    /// A price's interval length: its run's, or 15 minutes for mileage prices.
    static func grain(_ run: MarketRun, _ product: PriceProduct) -> Int64 {
        product == .mileageUp || product == .mileageDown ? 900 : run.intervalSeconds
    }

    init(prices: [PricePoint], node: String, start: Instant, end: Instant) {
        lanes = Array(repeating: nil, count: 32)
        for p in prices where p.node == node {
            let k = Self.lane(p.run, p.product)
            let t = p.start.secondsSinceEpoch
            if lanes[k] == nil { lanes[k] = IntervalLane(start: start, end: end, grain: Self.grain(p.run, p.product)) }
            if let i = lanes[k]!.index(startingAt: t) {
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
        if let lane = lanes[Self.lane(run, product)], let i = lane.index(startingAt: t.secondsSinceEpoch) {
            return lane.present[i] ? lane.value[i] : nil
        }
        return elsewhere[PriceKey(run: run, product: product, start: t.secondsSinceEpoch)]
    }
}
