import GridSettleCore

/// A portfolio (dataset format 2): many sites and resources, market data once, meter data for every meter,
/// over any span of time. Read once by ``PortfolioReader``; settled one (resource, period) unit at a time.
public struct Portfolio: Sendable {
    /// One site of the portfolio, as its site file says (its period is the unit's).
    public struct Site: Sendable {
        public var config: SiteConfig
        /// The site file, e.g. `sites/R0001.json`.
        public var file: String
    }

    /// A (resource, period) to settle.
    public struct Unit: Sendable, Hashable {
        /// Index into ``sites``.
        public var site: Int
        public var period: SettlementPeriod

        public init(site: Int, period: SettlementPeriod) {
            self.site = site
            self.period = period
        }
    }

    public var name: String
    /// The site files, in file-name order (``SiteIndexEntry``: their bytes are in the scratch space).
    var siteIndex: [SiteIndexEntry]
    /// The distinct time zones of the sites.
    var zones: [MarketTimeZone]
    /// Where the site files' bytes and the parsed meter data and awards are kept.
    var spill: ColumnSpill
    /// The SHA-256 of every file read, from the bytes read (a readings or awards file's is over its blocks'
    /// digests, ``CSVBlockReader``): what a run's input fingerprint is made of.
    public var fileDigests: [(name: String, sha256: [UInt8])]
    /// Bytes read, all files.
    public var bytesRead: Int
    /// Where the parsed meter data and awards are kept (``ColumnSpill/backing``).
    public var scratch: String { spill.backing }
    /// Warnings found while reading (tariff charges the bill cannot include, …); every unit's statement shows
    /// those of its own files.
    var tariffs: [TariffKey: (tariff: Tariff, notices: [DatasetIssue])]
    var readings: PortfolioReadings
    var awards: PortfolioAwards
    var signals: [String: [ModeSignal]]
    let prices: [String: [PricePoint]]
    /// Each unit's prices, made once per set of nodes and period from ``prices``.
    let priceSlices = PriceSlices()
    var mileage: [String: [MileageRecord]]
    var trips: [String: [VehicleTrip]]
    var events: [String: [DemandResponseEvent]]
    var edits: [String: [MeterEdit]]
    /// Each resource's outdoor temperatures and external baseline, all of them (a baseline looks back before
    /// the period, as format 1 keeps rows outside it).
    var temperatures: [String: [TemperatureReading]] = [:]
    var baselineSeries: [String: [SuppliedBaselineInterval]] = [:]

    struct TariffKey: Hashable, Sendable {
        var reference: TariffReference
    }

    public var siteCount: Int { siteIndex.count }

    /// The resource of site `k`.
    public func resourceID(site k: Int) -> String { siteIndex[k].resourceID }

    /// Site `k`, its file parsed again from the bytes read (which were checked when the portfolio was read).
    public func site(_ k: Int) throws(DatasetInvalid) -> Site {
        let entry = siteIndex[k]
        let bytes: ContiguousArray<UInt8>
        do throws(ColumnSpill.Failure) {
            bytes = try spill.array(of: UInt8.self, at: entry.offset, count: entry.count)
        } catch {
            throw DatasetInvalid(issues: [error.readIssue(location: entry.file, what: "the site file's bytes")])
        }
        return Site(config: try SiteFileReader.read(Array(bytes), file: entry.file, portfolio: true), file: entry.file)
    }

    /// The units `selection` names, site by site in site-file order, months in order. For
    /// ``PeriodSelection/allComplete`` a site whose readings cover no whole month has none.
    public func units(_ selection: PeriodSelection) -> [Unit] {
        var out: [Unit] = []
        for (k, site) in siteIndex.enumerated() {
            switch selection {
            case .months(let first, let last):
                var m = first
                while m <= last {
                    out.append(Unit(site: k, period: m.period))
                    m = m.next
                }
            case .allComplete:
                guard let (lo, hi) = span(site: k) else { continue }
                let zone = zones[Int(site.zone)]
                let first = zone.localTime(Instant(secondsSinceEpoch: lo)).date
                var m = YearMonth(year: first.year, month: first.month)
                while true {
                    let b = m.period.bounds(in: zone)
                    if b.end.secondsSinceEpoch > hi { break }
                    if b.start.secondsSinceEpoch >= lo { out.append(Unit(site: k, period: m.period)) }
                    m = m.next
                }
            }
        }
        return out
    }

    /// Whether every meter of site `k` has readings from the start to the end of `month` (gaps inside are
    /// missing intervals, not a shorter span): the months ``PeriodSelection/allComplete`` settles, and the
    /// months a later month's opening balance is carried from.
    public func covers(site k: Int, month: YearMonth) -> Bool {
        guard let (lo, hi) = span(site: k) else { return false }
        let b = month.period.bounds(in: zones[Int(siteIndex[k].zone)])
        return b.start.secondsSinceEpoch >= lo && b.end.secondsSinceEpoch <= hi
    }

    /// The seconds `[lo, hi)` every meter of site `k` has readings in; nil when a meter has none, they do not
    /// overlap, or the site has no meter (which its units then report; an empty set of meters must not mean
    /// "covers all time", or the search for a month's opening balance would never end).
    func span(site k: Int) -> (Int64, Int64)? {
        guard !siteIndex[k].meters.isEmpty else { return nil }
        var lo = Int64.min
        var hi = Int64.max
        for meter in siteIndex[k].meters {
            guard let s = readings.span(of: meter.id, seconds: meter.seconds) else { return nil }
            lo = max(lo, s.start)
            hi = min(hi, s.end)
        }
        return lo < hi ? (lo, hi) : nil
    }

    /// The format 1 dataset of one unit: the site's meters on the period's grids, and the resource's records
    /// and its nodes' prices that fall in the period. Problems name the portfolio's files and lines.
    public func dataset(_ unit: Unit) throws(DatasetInvalid) -> Dataset {
        let site = try self.site(unit.site)
        var config = site.config
        config.period = unit.period
        let zone = config.zone
        let bounds = unit.period.bounds(in: zone)
        let (ps, pe) = (bounds.start, bounds.end)
        var issues: [DatasetIssue] = []
        var meters: [String: MeterChannels] = [:]
        for spec in config.meters {
            meters[spec.id] = readings.channels(of: spec, grid: IntervalGrid(start: ps, end: pe, seconds: spec.intervalSeconds), siteFile: site.file, issues: &issues)
        }
        let resource = config.resource.id
        func inPeriod(_ t: Instant) -> Bool { t >= ps && t < pe }
        func overlaps(_ s: Instant, _ e: Instant) -> Bool { s < pe && e > ps }
        var nodes: Set<String> = [config.resource.pricingNode]
        if let n = config.demandResponse?.pricingNode { nodes.insert(n) }
        let prices = priceSlices.slice(nodes: nodes.sorted(), start: ps, end: pe, of: self.prices)
        let meterIDs = Set(config.meters.map(\.id))
        let edits = meterIDs.sorted().flatMap { (self.edits[$0] ?? []).filter { inPeriod($0.intervalStart) } }
        guard let tariff = tariffs[TariffKey(reference: config.tariff)] else {
            throw DatasetInvalid(issues: [DatasetIssue(location: site.file, field: "tariff.urdbFile", value: config.tariff.urdbFile, expected: "a URDB JSON file in the portfolio")])
        }
        let awards: [Award]
        do throws(ColumnSpill.Failure) {
            awards = try self.awards.awards(of: resource, from: ps, to: pe)
        } catch {
            issues.append(error.readIssue(location: self.awards.file, what: "the parsed rows"))
            awards = []
        }
        if issues.contains(where: { $0.severity == .error }) { throw DatasetInvalid(issues: issues) }
        var dataset = Dataset(
            config: config, meters: meters,
            awards: awards,
            signals: (signals[resource] ?? []).filter { overlaps($0.start, $0.end) },
            prices: prices.prices,
            mileage: (mileage[resource] ?? []).filter { inPeriod($0.start) },
            trips: (trips[resource] ?? []).filter { overlaps($0.departure, $0.returnTime) },
            edits: edits, tariff: tariff.tariff,
            events: (events[resource] ?? []).filter { overlaps($0.start, $0.end) },
            notices: tariff.notices + issues, temperatures: temperatures[resource] ?? [], baselineSeries: baselineSeries[resource] ?? [])
        dataset.siteFile = site.file
        dataset.priceGrids = prices.grids
        return dataset
    }
}
