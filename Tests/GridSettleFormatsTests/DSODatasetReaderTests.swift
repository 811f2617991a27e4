import Foundation
import GridSettleCore
import GridSettleExamples
import Testing

@testable import GridSettleFormats

/// The DSO dataset reader (docs/dso-dataset.md) on the generated example, on broken rows, and end to end
/// through the DSO settlement.
@Suite("DSODatasetReader")
struct DSODatasetReaderTests {
    static func smallFiles() -> [String: String] {
        var o = DSOExampleGenerator.Options()
        o.membersPerInterface = 8
        o.historyDays = 3
        return DSOExampleGenerator.files(o)
    }

    /// Writes `files` into a fresh temporary directory.
    static func write(_ files: [String: String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dso-reader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
        return dir.path
    }

    static func bytes(_ files: [String: String]) -> [String: [UInt8]] { files.mapValues { Array($0.utf8) } }

    static func dataRows(_ text: String?) -> [[Substring]] {
        (text ?? "").split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    }

    /// "12.345" / "-0.5" → µ units, by hand (independent of the reader's parser).
    static func micro(_ s: Substring) -> Int64 {
        var t = s
        var sign: Int64 = 1
        if t.first == "-" { sign = -1; t = t.dropFirst() }
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        var frac = parts.count > 1 ? String(parts[1]) : ""
        while frac.count < 6 { frac += "0" }
        return sign * (Int64(parts[0])! * 1_000_000 + Int64(frac)!)
    }

    @Test func exampleReadsBackWithTheRightCounts() throws {
        let files = Self.smallFiles()
        let dir = try Self.write(files)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let d = try DSODatasetReader.read(directory: dir)
        #expect(d.dsos.map(\.id) == ["DSO-NORTH", "DSO-COAST", "DSO-DESERT"])
        #expect(d.dsos.map(\.allocation.method) == [.nodalPassThrough, .feeOnGrossFlows, .distributionLMP])
        #expect(d.dsos[1].allocation.feeMicroDollarsPerMWh == 3_000_000)
        #expect(d.dsos.allSatisfy { $0.localMarket.enabled })
        #expect(d.grid.count == 96 && d.grid.seconds == 900)
        #expect(d.period.start == LocalDate(year: 2024, month: 7, day: 16))
        #expect(d.members.count == 7 * 8)
        #expect(d.receivedMicroKWh.count == 56 && d.receivedMicroKWh.allSatisfy { $0.count == 96 })
        #expect(d.daScheduleMicroMW.allSatisfy { $0?.count == 96 })
        // DLMPs only for the distributionLMP DSO
        for (k, m) in d.members.enumerated() { #expect((d.dlmpMicroPrice[k] != nil) == (m.der.dso == "DSO-DESERT")) }
        #expect(d.interfacePrices.count == 7)
        #expect(d.orders.count == Self.dataRows(files["orders.csv"]).count)
        #expect(d.history.count == 7 && d.history.values.allSatisfy { $0.netLoad.count == 3 * 96 && $0.netLoad.missingCount == 0 })
        #expect(d.awardsMicroMW.count == 7)
        #expect(d.awardsMicroMW.values.allSatisfy { a in a.filter { $0 != 0 }.count == 8 && a.contains(96_000) })
        // the 2 hourly DA rows of a member repeat over their quarter hours
        let s = d.daScheduleMicroMW[0]!
        #expect(s[0] == s[1] && s[1] == s[2] && s[2] == s[3])
        // the sums of the channels equal the file's
        let rows = Self.dataRows(files["member_readings.csv"])
        #expect(d.receivedMicroKWh.reduce(0) { $0 + $1.reduce(0, +) } == rows.reduce(0) { $0 + Self.micro($1[4]) })
        #expect(d.deliveredMicroKWh.reduce(0) { $0 + $1.reduce(0, +) } == rows.reduce(0) { $0 + Self.micro($1[3]) })
    }

    @Test func badRowsAreNamedByFileLineAndColumn() throws {
        var files = Self.smallFiles()
        // members.csv line 3 (DER-00002): an unknown kind
        var members = files["members.csv"]!.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var f = members[2].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        f[3] = "battery"
        members[2] = f.joined(separator: ",")
        files["members.csv"] = members.joined(separator: "\n")
        // member_readings.csv: line 2 an unknown member, line 3 off the grid, the last row gone, line 4 twice
        var lines = files["member_readings.csv"]!.split(separator: "\n").map(String.init)
        f = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        f[0] = "DER-99999"
        lines[1] = f.joined(separator: ",")
        f = lines[2].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let offGridMember = f[0]
        f[1] = "2024-07-16T07:07:00Z"
        lines[2] = f.joined(separator: ",")
        let removed = lines.removeLast().split(separator: ",")[0]
        lines.append(lines[3])
        let duplicateLine = lines.count
        files["member_readings.csv"] = lines.joined(separator: "\n") + "\n"
        // prices.csv: a price with too many decimals on line 2
        var prices = files["prices.csv"]!.split(separator: "\n").map(String.init)
        f = prices[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        f[5] = "12.1234567"
        prices[1] = f.joined(separator: ",")
        files["prices.csv"] = prices.joined(separator: "\n") + "\n"

        do {
            _ = try DSODatasetReader.read(files: Self.bytes(files))
            Issue.record("a broken dataset read")
        } catch {
            let byLocation = Dictionary(error.issues.map { ($0.location, $0) }, uniquingKeysWith: { a, _ in a })
            #expect(byLocation["members.csv:3:4"]?.field == "kind")
            #expect(byLocation["members.csv:3:4"]?.value == "battery")
            #expect(byLocation["member_readings.csv:2:1"]?.expected.contains("member id") == true)
            #expect(byLocation["member_readings.csv:3:2"]?.value == "2024-07-16T07:07:00Z")
            #expect(byLocation["member_readings.csv:\(duplicateLine):2"]?.expected.contains("duplicate") == true)
            #expect(byLocation["prices.csv:2:6"]?.expected.contains("at most 6 decimals") == true)
            // the gaps are reported per member, never zero-filled
            let gaps = error.issues.filter { $0.location == "member_readings.csv" && $0.expected.contains("missing") }
            #expect(gaps.contains { $0.value == offGridMember })
            #expect(gaps.contains { $0.value == String(removed) })
            // the unknown kind made DER-00002 unknown in the readings: named, not dropped
            #expect(error.issues.contains { $0.location.hasPrefix("member_readings.csv:") && $0.value == "DER-00002" })
        }
    }

    @Test func unknownInterfaceAndMissingFileAreErrors() {
        var files = Self.smallFiles()
        files["members.csv"] = files["members.csv"]!.replacingOccurrences(of: "DER-00001,DSO-NORTH,NV-SUB1", with: "DER-00001,DSO-NORTH,CC-SUB1")
        files["prices.csv"] = nil
        do {
            _ = try DSODatasetReader.read(files: Self.bytes(files))
            Issue.record("a broken dataset read")
        } catch {
            #expect(error.issues.contains { $0.location == "members.csv:2:3" && $0.expected.contains("belongs to another DSO") })
            #expect(error.issues.contains { $0.location == "prices.csv" && $0.field == "(file)" })
        }
    }

    /// Every DSO settles with revenue adequacy holding exactly, and each interface's Σ member net injection
    /// equals the interface net injection computed here from the CSV text alone.
    @Test func endToEndRevenueAdequacyAndNetInjection() throws {
        let files = Self.smallFiles()
        let d = try DSODatasetReader.read(files: Self.bytes(files))
        // independent: member → interface from members.csv, Σ (received − delivered) per interface
        var interfaceOf: [Substring: Substring] = [:]
        for r in Self.dataRows(files["members.csv"]) { interfaceOf[r[0]] = r[2] }
        var expected: [String: Int64] = [:]
        for r in Self.dataRows(files["member_readings.csv"]) {
            expected[String(interfaceOf[r[0]]!), default: 0] += Self.micro(r[4]) - Self.micro(r[3])
        }
        var settledDSOs = Set<String>()
        for unit in d.interfaceUnits {
            let aggregation = try DERAggregation(dso: unit.dso, members: unit.members)
            let s = try DSOSettlementEngine.settle(aggregation, input: d.settlementInput(unit))
            #expect(s.revenueAdequacy.status == .pass)
            #expect(RevenueAdequacy.verify(s).isEmpty)
            #expect(s.interfaces.count == 1)
            let i = s.interfaces[0]
            let memberPay = s.members.reduce(Money.zero) { $0 + $1.net }
            #expect(memberPay == i.memberTotal)
            #expect(memberPay + i.accounts.fee + i.accounts.residual == i.isoTotal)
            #expect(i.isoTotal == i.isoDayAhead + i.isoRealTime)
            let memberNet = s.members.reduce(Int64(0)) { $0 + $1.netMicroKWh }
            #expect(memberNet == expected[unit.interface.id])
            #expect(i.netInjectionMicroKWh == expected[unit.interface.id])
            // the method's own accounts
            switch unit.dso.allocation.method {
            case .feeOnGrossFlows: #expect(i.accounts.fee > .zero)
            case .distributionLMP: #expect(i.accounts.fee == .zero)
            case .nodalPassThrough:
                #expect(i.accounts.fee == .zero)
                // interface DA position = Σ member schedules: no schedule-split residual
                #expect(i.accounts.scheduleSplitResidual == .zero && s.members.allSatisfy { $0.scheduleSplitShare == .zero })
            }
            settledDSOs.insert(unit.dso.id)
        }
        #expect(settledDSOs == ["DSO-NORTH", "DSO-COAST", "DSO-DESERT"])
    }

    /// The local market settles through the ledger (docs/dso.md "The local market in the settlement") on the
    /// example of `gridsettle generate --example dso --resources 6`, cleared as `gridsettle dso` clears it: per
    /// interface and interval, orders in file order, the interface's FMM LMP as the ISO outside option.
    ///
    /// For every member, Σ local (sold − bought) + ISO-allocated quantity = its metered net injection over the day
    /// (metered net summed here from member_readings.csv). With the LMP as outside option and no local fee every
    /// local trade clears at exactly λ^RT, so under F5.4/F5.5 a member that sold x kWh locally is paid x·λ^RT by
    /// its buyer instead of by the ISO allocation: its net pay equals its pay without the local market, within the
    /// rounding of its cent lines (½ cent each on the RT lines with and without, plus ½ µ$ per trade). Paying x
    /// again through the allocation would add x·λ^RT, more than that for every seller checked below.
    @Test func localTradesAreNotPaidTwice() throws {
        var o = DSOExampleGenerator.Options()
        o.membersPerInterface = 6
        let files = DSOExampleGenerator.files(o)
        let d = try DSODatasetReader.read(files: Self.bytes(files))
        var meteredNet: [String: Int64] = [:]
        for r in Self.dataRows(files["member_readings.csv"]) { meteredNet[String(r[0]), default: 0] += Self.micro(r[4]) - Self.micro(r[3]) }
        var traders = 0
        var detectableSellers = 0
        for unit in d.interfaceUnits {
            let aggregation = try DERAggregation(dso: unit.dso, members: unit.members)
            let prices = try #require(d.interfacePrices[unit.interface.id])
            var books = [[LocalOrder]](repeating: [], count: d.grid.count)
            for k in 0..<d.orders.count where d.members[Int(d.orders.member[k])].der.interface == unit.interface.id {
                books[Int(d.orders.interval[k])].append(LocalOrder(
                    id: "orders.csv:\(d.orders.line[k])", memberID: d.members[Int(d.orders.member[k])].id, side: d.orders.side[k],
                    quantityMicroKWh: d.orders.microKWh[k], limitMicroPrice: d.orders.limitMicroPrice[k]))
            }
            var ledger = LocalMarketLedger(grid: d.grid)
            var tradesOf: [String: Int64] = [:]
            for t in books.indices where !books[t].isEmpty {
                let c = try LocalMarket.clear(aggregation, orders: books[t], outside: .lmp(prices.fmmMicroPrice[t]))
                #expect(c.check.status == .pass)
                #expect(c.trades.allSatisfy { $0.buyerMicroPrice == prices.fmmMicroPrice[t] && $0.fee == .zero })
                for tr in c.trades {
                    tradesOf[tr.sellerID, default: 0] += 1
                    tradesOf[tr.buyerID, default: 0] += 1
                }
                ledger.record(c, interval: t)
            }
            var input = d.settlementInput(unit)
            #expect(ledger.apply(to: &input, interfaceID: unit.interface.id).isEmpty)
            let with = try DSOSettlementEngine.settle(aggregation, input: input)
            let without = try DSOSettlementEngine.settle(aggregation, input: d.settlementInput(unit))
            #expect(with.localMarketChecks.map(\.status) == [.pass, .pass])
            #expect(LocalMarketLedger.verify(with).isEmpty && RevenueAdequacy.verify(with).isEmpty)
            #expect(with.isoTotal == without.isoTotal)
            for m in with.members {
                let p = ledger.position(m.memberID)
                let local = (p?.soldMicroKWh.reduce(0, +) ?? 0) - (p?.boughtMicroKWh.reduce(0, +) ?? 0)
                #expect(local + m.isoAllocatedMicroKWh == meteredNet[m.memberID], "\(m.memberID)")
                #expect(m.localSoldMicroKWh - m.localBoughtMicroKWh == local && m.netMicroKWh == meteredNet[m.memberID])
                if local != 0 { traders += 1 }
                guard unit.dso.allocation.method != .distributionLMP, let w = without.member(m.memberID) else { continue }
                let tolerance = Int64(10_000) + tradesOf[m.memberID, default: 0]
                #expect(abs(m.net.micros - w.net.micros) <= tolerance, "\(m.memberID): \(m.net.exactDescription) vs \(w.net.exactDescription)")
                if m.localSales.micros > 2 * tolerance { detectableSellers += 1 }
            }
        }
        #expect(traders > 0 && detectableSellers > 0)
    }
}

/// DSO dataset numbers outside the documented ranges (docs/dso-dataset.md, "Ranges and limits").
@Suite("DSODatasetReaderBounds")
struct DSODatasetReaderBoundsTests {
    static func issues(_ files: [String: String]) -> [DatasetIssue]? {
        do {
            _ = try DSODatasetReader.read(files: DSODatasetReaderTests.bytes(files))
            return nil
        } catch {
            return error.issues
        }
    }

    @Test func intervalMinutesThatOverflowSecondsIsAnError() {
        var files = DSODatasetReaderTests.smallFiles()
        // Minutes × 60 used to trap for this value.
        files["dso.json"] = files["dso.json"]!.replacingOccurrences(of: "\"intervalMinutes\": 15", with: "\"intervalMinutes\": 9223372036854775807")
        let e = Self.issues(files)
        #expect(e?.contains { $0.location == "dso.json" && $0.field == "intervalMinutes" && $0.value == "9223372036854775807" } == true)
    }

    /// Found by the `dso` fuzzer: a history row decades after the others made the reader allocate one grid
    /// over the whole span (3 GB before it was stopped).
    @Test func historySpanningDecadesIsAnError() throws {
        var files = DSODatasetReaderTests.smallFiles()
        var lines = files["interface_history.csv"]!.split(separator: "\n").map(String.init)
        var last = lines[lines.count - 1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        last[1] = "2999-01-01T00:00:00Z"
        lines[lines.count - 1] = last.joined(separator: ",")
        files["interface_history.csv"] = lines.joined(separator: "\n") + "\n"
        let e = try #require(Self.issues(files))
        let issue = try #require(e.first { $0.location.hasPrefix("interface_history.csv:\(lines.count):") })
        #expect(issue.field == "interval_start" && issue.expected.contains("ten years"))
    }

    /// Every member's readings are held on the period's grid: a period of centuries is refused, not allocated.
    @Test func periodOfCenturiesIsAnError() throws {
        var files = DSODatasetReaderTests.smallFiles()
        let json = files["dso.json"]!
        let start = try #require(json.range(of: "\"end\": \""))
        let endOfDate = json.index(start.upperBound, offsetBy: 10)
        files["dso.json"] = json.replacingCharacters(in: start.upperBound..<endOfDate, with: "2999-01-01")
        let e = try #require(Self.issues(files))
        #expect(e.contains { $0.location == "dso.json" && $0.field == "period" && $0.expected.contains("366 days") }, "\(e)")
    }

    @Test func memberCapacitiesOutsideTheRangeAreErrors() {
        var files = DSODatasetReaderTests.smallFiles()
        var members = files["members.csv"]!.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Line 2: a size of 9 000 000 000 000 kW (fits in µkW, but two such members overflow the DSO's total);
        // line 3: a charge limit of 2 GW; line 4: 1e300, not a fixed-point number at all.
        for (line, column, value) in [(1, 5, "9000000000000"), (2, 6, "2000000"), (3, 8, "1e300")] {
            var f = members[line].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            f[column] = value
            members[line] = f.joined(separator: ",")
        }
        files["members.csv"] = members.joined(separator: "\n")
        let e = Self.issues(files) ?? []
        let size = e.first { $0.location == "members.csv:2:6" }
        #expect(size?.field == "size_kw")
        #expect(size?.expected.contains("1000000 kW") == true)
        #expect(e.first { $0.location == "members.csv:3:7" }?.field == "max_charge_kw")
        #expect(e.first { $0.location == "members.csv:4:9" }?.field == "energy_kwh")
    }

    @Test func feeAbovePriceRangeIsAnError() {
        var files = DSODatasetReaderTests.smallFiles()
        // DSO-COAST charges a fee (feeOnGrossFlows): $9 000 000 000 000 per MWh, far above any real one.
        files["dso.json"] = files["dso.json"]!.replacingOccurrences(of: "\"feePerMWh\": \"3\"", with: "\"feePerMWh\": \"9000000000000\"")
        let e = Self.issues(files)
        #expect(e?.contains { $0.field.hasSuffix("allocation.feePerMWh") && $0.severity == .error && $0.expected.contains("1000000") } == true)
    }
}
