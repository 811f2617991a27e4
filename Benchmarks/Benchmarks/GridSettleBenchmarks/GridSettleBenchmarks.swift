import Benchmark
import BenchmarkFixtures
import GridSettleCore
import GridSettleFormats

// One resource-month = one resource (three 5-minute meters, awards, signals, prices, mileage, trips) for
// November 2016 with the SCE TOU-8 tariff: the unit `gridsettle settle` works in.
//
// The fixture (K generated resource-months as dataset files, and the same parsed) is built in each
// benchmark's `setup:` closure, outside every measurement; each iteration takes the next resource-month,
// round robin, so no iteration sees a cache warmed by the same data.

/// Resource-months generated for the suite (each ~1.5 MB of CSV; K is kept small so the fixture does not
/// dominate peak resident memory).
let fixtureCount = 4

nonisolated(unsafe) var fixtureFiles: [[String: [UInt8]]] = []
nonisolated(unsafe) var fixtureDatasets: [Dataset] = []
/// Round-robin position over the fixture, advanced once per resource-month processed.
nonisolated(unsafe) var cursor = 0

func nextIndex(_ count: Int) -> Int {
    defer { cursor &+= 1 }
    return cursor % count
}

func makeFixtureFiles() {
    if fixtureFiles.isEmpty { fixtureFiles = ResourceMonths.files(count: fixtureCount) }
}

func makeFixtureDatasets() {
    makeFixtureFiles()
    if fixtureDatasets.isEmpty { fixtureDatasets = fixtureFiles.map(ResourceMonths.load) }
}

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .peakMemoryResident, .peakMemoryResidentDelta, .mallocCountTotal, .cpuTotal],
        timeUnits: .milliseconds,
        warmupIterations: 2,
        maxDuration: .seconds(15),
        maxIterations: 60
    )

    Benchmark("load+settle resource-month (5-min)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            let files = fixtureFiles[nextIndex(fixtureFiles.count)]
            let dataset = ResourceMonths.load(files)
            let result = ResourceMonths.settle(dataset)
            blackHole(ResourceMonths.statementTotal(result))
        }
    } setup: {
        makeFixtureFiles()
    } teardown: {
        fixtureFiles = []
    }

    Benchmark("settle only resource-month", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            let result = ResourceMonths.settle(fixtureDatasets[nextIndex(fixtureDatasets.count)])
            blackHole(ResourceMonths.statementTotal(result))
        }
    } setup: {
        makeFixtureDatasets()
        fixtureFiles = []  // only the parsed datasets are used here
    } teardown: {
        fixtureDatasets = []
    }

    Benchmark("load only resource-month", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            let dataset = ResourceMonths.load(fixtureFiles[nextIndex(fixtureFiles.count)])
            blackHole(dataset.meters.count)
        }
    } setup: {
        makeFixtureFiles()
    } teardown: {
        fixtureFiles = []
    }

    // Issue #3: bills per second for a 15-minute year on SCE TOU-8, the same bill PySAM is timed on
    // (bill-vs-pysam.sh prints both). Each iteration bills twelve months; the result must equal PySAM's.
    let billConfiguration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
        timeUnits: .microseconds,
        warmupIterations: 5,
        maxDuration: .seconds(10),
        maxIterations: 2_000
    )
    nonisolated(unsafe) var billInput: BillInput? = nil
    nonisolated(unsafe) var loadInput: BillInput? = nil
    let billCalculator = BillYear.calculator()
    Benchmark("bill-year 15-min SCE TOU-8", configuration: billConfiguration) { benchmark in
        for _ in benchmark.scaledIterations {
            let cents = BillYear.bill(billCalculator, billInput!)
            precondition(cents == BillYear.pysamWithStorageCents, "bill differs from PySAM: \(cents) cents")
            blackHole(cents)
        }
    } setup: {
        billInput = BillInput(netImport: BillYear.netLoad())
    } teardown: {
        billInput = nil
    }

    // What one PySAM Utilityrate5 execute() does: the year billed without and with the battery.
    Benchmark("savings bill-years 15-min SCE TOU-8 (= one PySAM execute)", configuration: billConfiguration) { benchmark in
        for _ in benchmark.scaledIterations {
            let without = BillYear.bill(billCalculator, loadInput!)
            let with = BillYear.bill(billCalculator, billInput!)
            precondition(without == BillYear.pysamWithoutStorageCents && with == BillYear.pysamWithStorageCents,
                          "bills differ from PySAM: \(without), \(with) cents")
            blackHole(without - with)
        }
    } setup: {
        loadInput = BillInput(netImport: BillYear.load())
        billInput = BillInput(netImport: BillYear.netLoad())
    } teardown: {
        loadInput = nil
        billInput = nil
    }

    // Issue #4: baselines for one resource-year of 15-minute data with 50 event days (CAISO 10-in-10 with its
    // load point adjustment), input generated outside the measurement. run-baselines.sh does 10,000.
    nonisolated(unsafe) var baselineSeries: EnergySeries? = nil
    nonisolated(unsafe) var baselineEvents: [BaselineEvent] = []
    Benchmark("baselines resource-year 15-min, 50 events (CAISO 10-in-10)", configuration: billConfiguration) { benchmark in
        let engine = DayMatchingBaseline(BaselinePresets.caisoWeekday)
        let days = Set(baselineEvents.map { BaselineYear.zone.localTime($0.start).date })
        for _ in benchmark.scaledIterations {
            let s = baselineSeries!
            let input = BaselineInput(series: s, calendar: BaselineYear.calendar, eventDays: days)
            let profiles = DayProfiles(s, timeZone: BaselineYear.zone)
            var total: Int64 = 0
            for e in baselineEvents { total &+= engine.baseline(input, profiles: profiles, event: e).loadReductionMicroKWh }
            blackHole(total)
        }
    } setup: {
        baselineSeries = BaselineYear.series(resource: 7)
        baselineEvents = BaselineYear.events(resource: 7)
    } teardown: {
        baselineSeries = nil
    }
}
