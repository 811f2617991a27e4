import Foundation
import GridSettleCore
import GridSettleFormats
import Testing

/// ESDER 2 weather matching end to end on the eemeter sample (EE-1, Fixtures/eemeter): the sample's own
/// `temperature.csv` goes into the dataset, `DatasetBaselines` runs `caiso-weather-4-of-90`, and the test
/// recomputes the answer from the two CSV files by itself — local days through Foundation's time zone
/// database, not the engine's `MarketTimeZone`; maxima, ranking, mean and ratio in plain integers.
@Suite("Baselines: weather matching on the eemeter sample")
struct WeatherBaselineDatasetTests {
    static let fixtures = EE1BaselineTests.fixtures

    static func dataset() throws -> Dataset {
        var files = DatasetWriter.files(try EE1BaselineTests.dataset(), tariffJSON: E2E.tariffJSON)
        files[DatasetFiles.temperature] = Array(try Data(contentsOf: fixtures.appendingPathComponent("temperature.csv")))
        return try DatasetReader.read(files: files)
    }

    /// The rows of a fixture CSV as (local date "YYYY-MM-DD", local hour, value × 10^scale), America/Chicago.
    static func local(_ file: String, time: Int, column: Int, scale: Int) throws -> [(date: String, hour: Int, value: Int64)] {
        let text = try String(contentsOf: fixtures.appendingPathComponent(file), encoding: .utf8)
        let iso = ISO8601DateFormatter()
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "America/Chicago")!
        return text.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let c = cal.dateComponents([.year, .month, .day, .hour], from: iso.date(from: f[time])!)
            let parts = f[column].split(separator: ".")
            let frac = parts.count > 1 ? String(parts[1]).padding(toLength: scale, withPad: "0", startingAt: 0) : String(repeating: "0", count: scale)
            let v = Int64(parts[0])! * Int64(pow(10, Double(scale))) + (f[column].hasPrefix("-") ? -1 : 1) * Int64(frac)!
            return (String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!), c.hour!, v)
        }
    }

    /// milli-°F as the shortest decimal (86000 → "86", 86660 → "86.66").
    static func fahrenheit(_ m: Int64) -> String {
        let frac = m % 1000  // positive here: summer in Illinois
        var s = "\(m / 1000)." + (frac < 10 ? "00" : frac < 100 ? "0" : "") + "\(frac)"
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    @Test func theFourDaysClosestByMaximumTemperatureAreUsed() throws {
        let d = try Self.dataset()
        #expect(d.temperatures.count == 2208 && d.temperatures[0].source == "temperature.csv:2")
        let meters = DatasetBaselines.MeterSeries(d, vee: VEE.run(d))
        let results = try DatasetBaselines.results(d, methodName: "caiso-weather-4-of-90", quantity: nil, meters: meters)
        let r = try #require(results.first)
        #expect(results.count == 1 && r.method == "caiso-weather-4-of-90")

        // independent: Tmax per local day from temperature.csv (°F × 1000)
        var tmax: [String: Int64] = [:]
        var hours: [String: Int] = [:]
        for t in try Self.local("temperature.csv", time: 0, column: 1, scale: 3) {
            tmax[t.date] = max(tmax[t.date] ?? .min, t.value)
            hours[t.date, default: 0] += 1
        }
        #expect(hours.values.allSatisfy { $0 == 24 })  // May–July: no DST change, every hour present
        let event = "2016-07-20"
        let eventT = try #require(tmax[event])
        #expect(r.eventDayMaxTemperature == eventT)
        // like days: Mon–Fri in the 90 days before the event, not the 4 July holiday, inside the data (from 05-01)
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        let fmt = DateFormatter()
        fmt.calendar = cal
        fmt.timeZone = cal.timeZone
        fmt.dateFormat = "yyyy-MM-dd"
        let eventDate = fmt.date(from: event)!
        let like = (1...90).map { fmt.string(from: cal.date(byAdding: .day, value: -$0, to: eventDate)!) }.filter { day in
            let wd = cal.component(.weekday, from: fmt.date(from: day)!)
            return wd >= 2 && wd <= 6 && day != "2016-07-04" && day >= "2016-05-01"
        }
        #expect(like.count == 56)  // 05-02 … 07-19 weekdays less 4 July
        // closest |ΔT| first, ties to the more recent (`like` runs most recent first, and the sort is stable)
        let expected = Array(like.enumerated().sorted { a, b in
            let (da, db) = (abs(tmax[a.element]! - eventT), abs(tmax[b.element]! - eventT))
            return da != db ? da < db : a.offset < b.offset
        }.prefix(4).map(\.element))
        #expect(r.selected.map(\.description) == expected)
        #expect(expected == ["2016-05-23", "2016-07-12", "2016-06-21", "2016-07-07"])  // the fixture's answer, pinned
        for day in like {
            #expect(r.days.first { $0.date.description == day }?.dailyMaxTemperature == tmax[day], "Tmax of \(day)")
        }

        // independent: the baseline = the 4 days' hourly kW (kWh in an hour) averaged, µkW rounded half up
        var load: [String: [Int: Int64]] = [:]
        for x in try Self.local("readings.csv", time: 1, column: 3, scale: 6) { load[x.date, default: [:]][x.hour] = x.value }
        func mean(_ h: Int) -> Int64 {
            let s = expected.reduce(Int64(0)) { $0 + load[$1]![h]! }
            return (s * 2 + 4) / 8  // s / 4, half away from zero (s ≥ 0)
        }
        for h in 0..<24 { #expect(r.unadjusted[h] == mean(h), "baseline hour \(h)") }
        // ratio over 10:00–13:00 (event 14:00), held to [0.8, 1.2], applied to the rounded baseline
        var num = (10..<13).reduce(Int64(0)) { $0 + load[event]![$1]! }
        var den = (10..<13).reduce(Int64(0)) { $0 + mean($1) }
        if num * 10 > den * 12 { (num, den) = (12, 10) } else if num * 10 < den * 8 { (num, den) = (8, 10) }
        for h in 14..<18 {
            let x = mean(h) * num
            #expect(r.adjusted[h] == (x * 2 + den) / (2 * den), "adjusted hour \(h)")
        }

        // the audit outputs carry the temperatures
        let days = BaselineOutput.daysCSV(results)
        #expect(days.hasPrefix(BaselineOutput.dayColumns.joined(separator: ",") + "\n") && days.contains(",daily_max_temperature_f\n"))
        let t0523 = Self.fahrenheit(tmax["2016-05-23"]!)
        let row = try #require(days.split(separator: "\n").first { $0.hasPrefix("2016-07-20,2016-05-23,") })
        #expect(row.hasPrefix("2016-07-20,2016-05-23,Mon,selected,1,,") && row.hasSuffix(",0,\(t0523)"))
        let text = BaselineOutput.text(r, quantity: .siteLoad, zone: "America/Chicago")
        #expect(text.contains("event day maximum temperature: \(Self.fahrenheit(eventT)) °F"))
        #expect(text.contains("days used (4): 2016-05-23 (Tmax \(t0523) °F), 2016-07-12 (Tmax "))
    }

    @Test func withoutTemperatureCSVTheMethodIsAnError() throws {
        let d = try EE1BaselineTests.dataset()
        let meters = DatasetBaselines.MeterSeries(d, vee: VEE.run(d))
        let e = #expect(throws: BaselineInputError.self) {
            try DatasetBaselines.results(d, methodName: "caiso-weather-4-of-90", quantity: nil, meters: meters)
        }
        #expect(e?.message.contains("needs temperatures (temperature.csv") == true)
    }
}
