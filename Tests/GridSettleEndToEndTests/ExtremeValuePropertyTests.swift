import Foundation
import GridSettleCore
import GridSettleFormats
import Testing

/// Property: the example dataset with one numeric field replaced by an extreme value either settles or is
/// refused by the reader with an issue naming that file and field. A trap kills the test process, so a
/// failure here before the bounds existed was a crash.
@Suite("Extreme values never trap")
struct ExtremeValuePropertyTests {
    static let extremes = [
        "9223372036854775807", "-9223372036854775807", "1e300", "-1e300", "-0", "NaN", "inf", "-inf", "2e17",
        "200000000000000000", "9223372036854", "37145277330", "1000001", "0.0000001",
    ]

    /// (file, CSV column index and name) for every numeric CSV column of the example.
    static let csvFields: [(String, Int, String)] = [
        ("readings.csv", 2, "interval_minutes"), ("readings.csv", 3, "delivered_kwh"), ("readings.csv", 4, "received_kwh"),
        ("awards.csv", 4, "interval_minutes"), ("awards.csv", 5, "mw"),
        ("prices.csv", 4, "interval_minutes"), ("prices.csv", 5, "price"),
        ("mileage.csv", 3, "interval_minutes"), ("mileage.csv", 4, "instructed_mileage_mw"), ("mileage.csv", 5, "accuracy"),
        ("trips.csv", 4, "driven_kwh"),
    ]

    /// (the text before the value in site.json, the issue field it must be reported under)
    static let siteFields: [(String, String)] = [
        ("\"formatVersion\" : ", "formatVersion"), ("\"intervalMinutes\" : ", "intervalMinutes"), ("\"ratingKW\" : ", "ratingKW"),
        ("\"idleMinimumMinutes\" : ", "idleMinimumMinutes"), ("\"idleThresholdKW\" : ", "idleThresholdKW"),
        ("\"maxEstimatedGapIntervals\" : ", "maxEstimatedGapIntervals"), ("\"version\" : ", "version"),
        ("\"batteryKWh\" : ", "batteryKWh"), ("\"chargerKW\" : ", "chargerKW"), ("\"count\" : ", "count"),
        ("\"initialInventoryKWh\" : ", "initialInventoryKWh"), ("\"roundTripEfficiency\" : ", "roundTripEfficiency"),
        ("\"capacityKW\" : ", "capacityKW"), ("\"demandWindowMinutes\" : ", "demandWindowMinutes"),
    ]

    /// SplitMix64: a fixed seed gives the same variants on every run.
    struct SplitMix {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(n))
        }
    }

    static func replacingValue(after key: String, in text: String, occurrence: Int, with value: String) -> String? {
        var searchFrom = text.startIndex
        var found: Range<String.Index>?
        for _ in 0...occurrence {
            guard let r = text.range(of: key, range: searchFrom..<text.endIndex) else { break }
            found = r
            searchFrom = r.upperBound
        }
        guard let k = found else { return nil }
        var end = k.upperBound
        while end < text.endIndex, !",\n}".contains(text[end]) { end = text.index(after: end) }
        return text.replacingCharacters(in: k.upperBound..<end, with: value)
    }

    @Test("300 seeded variants: each settles or is refused naming the file and field")
    func seededVariants() throws {
        let files = E2E.files(try E2E.example())
        let texts = files.mapValues { String(decoding: $0, as: UTF8.self) }
        let lines = texts.mapValues { $0.components(separatedBy: "\n") }
        var rng = SplitMix(state: 16)
        var settled = 0
        var refused = 0
        for _ in 0..<300 {
            let value = Self.extremes[rng.next(Self.extremes.count)]
            var f = files
            let file: String
            let field: String
            if rng.next(3) == 0 {
                let (key, name) = Self.siteFields[rng.next(Self.siteFields.count)]
                file = "site.json"
                field = name
                guard let t = Self.replacingValue(after: key, in: texts[file]!, occurrence: rng.next(3), with: value) else { continue }
                f[file] = Array(t.utf8)
            } else {
                let (name, column, col) = Self.csvFields[rng.next(Self.csvFields.count)]
                file = name
                field = col
                var l = lines[name]!
                let row = 1 + rng.next(l.count - 2)
                var cells = l[row].components(separatedBy: ",")
                cells[column] = value
                l[row] = cells.joined(separator: ",")
                f[file] = Array(l.joined(separator: "\n").utf8)
            }
            do {
                let d = try DatasetReader.read(files: f)
                _ = try SettlementEngine.settle(d)
                settled += 1
            } catch {
                refused += 1
                #expect(error.issues.contains { $0.location.hasPrefix(file) && $0.field.contains(field) }, "\(file) \(field)=\(value): \(error.issues.prefix(3))")
            }
        }
        #expect(settled + refused > 250)
        #expect(refused > 0)
    }
}
