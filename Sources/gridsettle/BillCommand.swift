import ArgumentParser
import Foundation
import GridSettleCore
import GridSettleFormats

/// `gridsettle bill`: the retail bill of every calendar month of an interval load file, and with a storage
/// file the bill with the battery and the savings line by line.
struct Bill: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the retail bill of each month of interval load data and, with --storage, the savings by line.",
        discussion: """
            --load and --storage are CSV files `interval_start,kwh` (docs/dataset-format.md §8.1): load is the \
            site's net import (negative = export), storage is the battery behind the same meter (positive = \
            discharge to the site, negative = charging); with storage the site imports load − discharge. Both \
            files must have the same intervals. Every calendar month (in --timezone) the load touches is billed; \
            a partly covered month is billed on the intervals present and shows its missing-interval count.
            """)

    enum Holidays: String, ExpressibleByArgument, CaseIterable { case nerc, none }
    enum TierAllocationOption: String, ExpressibleByArgument, CaseIterable { case proportional, perPeriod }
    enum DailyChargeDaysOption: String, ExpressibleByArgument, CaseIterable { case cycleDays, averageMonth }
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(help: ArgumentHelp("Tariff: OpenEI URDB JSON ({\"items\": [rate]}).", valueName: "file"))
    var tariff: String
    @Option(help: ArgumentHelp("Interval net import of the site, CSV interval_start,kwh.", valueName: "file"))
    var load: String
    @Option(help: ArgumentHelp("Interval storage output behind the same meter, CSV interval_start,kwh (+ = discharge).", valueName: "file"))
    var storage: String?
    /// `.unconditional`, so that `--timezone -08:00` reads `-08:00` as the value rather than as an option.
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Time zone of the tariff schedules: America/New_York, America/Chicago, America/Denver, America/Phoenix, America/Los_Angeles, UTC, or a fixed offset such as -08:00 (no daylight time).", valueName: "name"))
    var timezone: String = "America/Los_Angeles"
    @Option(help: "Holidays for the TOU schedules: nerc (New Year's, Memorial, Independence, Labor, Thanksgiving, Christmas) or none.")
    var holidays: Holidays = .nerc
    @Option(help: ArgumentHelp("Demand averaging window: 1, 5, 15, 30 or 60.", valueName: "minutes"))
    var demandWindow: Int = 15
    @Flag(inversion: .prefixedNo, help: "Bill holidays on the weekend schedules.")
    var holidaysAsWeekends = true
    @Option(help: "How tier limits are shared across TOU periods.")
    var tierAllocation: TierAllocationOption = .proportional
    @Option(help: "Days a $/day charge counts per month: the month's days, or 365/12.")
    var dailyChargeDays: DailyChargeDaysOption = .cycleDays
    @Option(help: "Output format.")
    var format: Format = .text

    func validate() throws {
        guard IntervalGrid.supportedSeconds.contains(Int64(demandWindow) * 60) else {
            throw ValidationError("--demand-window must be 1, 5, 15, 30 or 60 minutes, saw \(demandWindow)")
        }
        _ = try Self.timeZone(timezone)
    }

    /// A name from ``MarketTimeZone/known`` (the zones a site file may name), or `±HH:MM` (a fixed offset
    /// without daylight time).
    static func timeZone(_ name: String) throws -> MarketTimeZone {
        if let zone = MarketTimeZone.named(name) { return zone }
        let b = Array(name.utf8)
        func digit(_ k: Int) -> Int? { b[k] >= 48 && b[k] <= 57 ? Int(b[k] - 48) : nil }
        guard b.count == 6, b[0] == UInt8(ascii: "+") || b[0] == UInt8(ascii: "-"), b[3] == UInt8(ascii: ":"),
            let h1 = digit(1), let h2 = digit(2), let m1 = digit(4), let m2 = digit(5), h1 * 10 + h2 <= 14, m1 * 10 + m2 < 60
        else {
            throw ValidationError("--timezone must be one of \(MarketTimeZone.known.map(\.identifier).joined(separator: ", ")) or a fixed offset like -08:00, saw '\(name)'")
        }
        let seconds = Int64((h1 * 10 + h2) * 3600 + (m1 * 10 + m2) * 60) * (b[0] == UInt8(ascii: "-") ? -1 : 1)
        return MarketTimeZone(identifier: "UTC" + name, standardOffsetSeconds: seconds, observesDST: false)
    }

    func run() async throws {
        let zone = try Self.timeZone(timezone)
        var failed = false

        // the tariff: unsupported features are errors, excluded charges warnings
        let reference = TariffReference(
            urdbFile: tariff, demandWindowMinutes: demandWindow, holidaysAsWeekends: holidaysAsWeekends,
            tierAllocation: tierAllocation == .proportional ? .proportional : .perPeriod,
            dailyChargeDays: dailyChargeDays == .cycleDays ? .cycleDays : .averageMonth)
        var tariffValue: Tariff? = nil
        do {
            let r = try URDBReader.read(contentsOfFile: tariff, reference: reference)
            for n in r.excluded { Console.problem(n.description) }
            do {
                tariffValue = try r.requireSupported()
            } catch {
                for n in error.notices { Console.problem(n.description) }
                Console.problem("\(tariff): the tariff uses \(error.notices.count) feature(s) the bill engine does not support; nothing was billed")
                failed = true
            }
        } catch {
            Console.problem("error: \(error.description)")
            failed = true
        }

        // the interval files: every error of each file
        func read(_ path: String, _ channel: IntervalEnergyCSV.Channel) -> EnergySeries? {
            do {
                return try IntervalEnergyCSV.read(contentsOfFile: path, channel: channel)
            } catch {
                for i in error.issues { Console.problem(i.description) }
                Console.problem("\(path): \(error.errors.count) error(s)")
                return nil
            }
        }
        let loadSeries = read(load, .netImport)
        var storageValue: EnergySeries? = nil
        if let path = storage {
            storageValue = read(path, .storage)
            if storageValue == nil { failed = true }
        }
        if let l = loadSeries, let s = storageValue, let path = storage {
            do {
                try IntervalEnergyCSV.requireSameGrid(load: l, loadFile: load, storage: s, storageFile: path)
            } catch {
                for i in error.issues { Console.problem(i.description) }
                failed = true
            }
        }
        guard !failed, let tariffValue, let loadSeries else { throw ExitCode(1) }
        // in-range readings on in-range rates can still give amounts past Int64 µ$ together: refuse, never trap
        let bound = BillMagnitude.bound(tariff: tariffValue, series: [loadSeries] + (storageValue.map { [$0] } ?? []))
        guard bound <= BillMagnitude.limitMicros else {
            Console.problem("error: \(tariff): bill amounts up to $\(bound / 1_000_000) on these interval files; expected rates that give bill "
                + "amounts below $\(BillMagnitude.limitMicros / 1_000_000) (check the tariff's rates and units, and the files' kWh)")
            throw ExitCode(1)
        }

        // every local calendar month the load touches
        let first = zone.localTime(loadSeries.grid.start).date
        let last = zone.localTime(loadSeries.grid.end.adding(seconds: -1)).date
        var cycles: [BillingCycle] = []
        var (y, m) = (first.year, first.month)
        while (y, m) <= (last.year, last.month) {
            cycles.append(.calendarMonth(year: y, month: m))
            (y, m) = m == 12 ? (y + 1, 1) : (y, m + 1)
        }
        let holidaySet = holidays == .nerc ? MarketCalendar.nercHolidays(years: (first.year - 1)...(last.year + 1)) : []
        let calculator = BillCalculator(tariff: tariffValue, calendar: MarketCalendar(timeZone: zone, holidays: holidaySet))
        let withoutStorage = calculator.bills(BillInput(netImport: loadSeries), cycles: cycles)
        let withStorage = storageValue.map {
            calculator.bills(BillInput(netImport: BillInput.net(load: loadSeries, storage: $0), storage: $0), cycles: cycles)
        }

        switch format {
        case .json:
            FileHandle.standardOutput.write(Data(BillJSON.render(withoutStorage: withoutStorage, withStorage: withStorage).utf8))
        case .text:
            var header = [
                "Tariff:  \(tariffValue.label)" + ([tariffValue.utility, tariffValue.name].filter { !$0.isEmpty }.isEmpty
                    ? "" : " — " + [tariffValue.utility, tariffValue.name].filter { !$0.isEmpty }.joined(separator: ", ")),
                "Load:    \(load): \(Self.describe(loadSeries))",
            ]
            if let s = storageValue, let path = storage { header.append("Storage: \(path): \(Self.describe(s)) (+ = discharge)") }
            header.append(
                "Billing: calendar months in \(zone.identifier); holidays "
                    + (holidays == .none ? "none" : holidaysAsWeekends ? "NERC (billed as weekends)" : "NERC (billed as ordinary days)")
                    + "; demand window \(demandWindow) min; tiers \(tierAllocation.rawValue); daily charges \(dailyChargeDays.rawValue)")
            let step = loadSeries.grid.seconds
            let text = BillText.render(header: header, withoutStorage: withoutStorage, withStorage: withStorage) { c in
                Int((zone.startOfDay(c.end).secondsSinceEpoch - zone.startOfDay(c.start).secondsSinceEpoch) / step)
            }
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    /// `72 intervals of 60 min, 2018-01-01T08:00:00Z to 2018-01-04T08:00:00Z, 0 missing, total 1234.500 kWh`.
    static func describe(_ s: EnergySeries) -> String {
        "\(s.count) intervals of \(s.grid.seconds / 60) min, \(s.grid.start) to \(s.grid.end), \(s.missingCount) missing, total \(Units.formatKWh(s.total)) kWh"
    }
}
