import Foundation
import GridSettleCore

/// Reads a DSO dataset directory (docs/dso-dataset.md) into a ``DSODataset``.
///
/// Every file is read and checked before anything is settled; every problem becomes a ``DatasetIssue``
/// (`file:line:column`, field, value, expected) and all of them are thrown together in one
/// ``DatasetInvalid`` (capped at 500 detailed issues plus a count of the rest). Unknown member, DSO or
/// interface ids, duplicate rows, intervals off the grid and missing intervals are errors; rows outside the
/// period, prices at unknown nodes or for other markets, and gaps in the history are named warnings.
///
/// The big file is `member_readings.csv` (members × intervals rows). It is scanned in place by
/// ``CSVTable``; each row costs one timestamp parse, two decimal parses and two array stores into the
/// member's preallocated columns: no per-row allocation (the member id is resolved once per run of rows).
public enum DSODatasetReader {
    public enum Files {
        public static let manifest = "dso.json"
        public static let members = "members.csv"
        public static let readings = "member_readings.csv"
        /// The per-member layout of the readings: `member_readings/<member_id>.csv`, one file per member with the
        /// columns of `member_readings.csv` (what a job's units read, one member each).
        public static let readingsDirectory = "member_readings"
        public static let schedules = "member_schedules.csv"
        public static let prices = "prices.csv"
        public static let dlmp = "dlmp.csv"
        public static let orders = "orders.csv"
        public static let history = "interface_history.csv"
        public static let awards = "aggregate_awards.csv"
        public static let all = [manifest, members, readings, schedules, prices, dlmp, orders, history, awards]
        /// Files a dataset must have; the others may be absent (no schedules, no DLMPs, no local market,
        /// no forecast history, no awards).
        public static let required = [manifest, members, readings, prices]
    }

    enum Columns {
        static let members = ["member_id", "dso_id", "interface_id", "kind", "sub_lap", "size_kw", "max_charge_kw", "max_discharge_kw", "energy_kwh"]
        static let readings = ["member_id", "interval_start", "interval_minutes", "delivered_kwh", "received_kwh", "quality"]
        static let schedules = ["member_id", "interval_start", "interval_minutes", "da_mwh"]
        static let prices = ["node", "market", "product", "interval_start", "interval_minutes", "price"]
        static let dlmp = ["member_id", "interval_start", "interval_minutes", "price"]
        static let orders = ["member_id", "interval_start", "interval_minutes", "side", "kwh", "price"]
        static let history = ["interface_id", "interval_start", "interval_minutes", "net_load_kwh", "pv_kwh"]
        static let awards = ["interface_id", "interval_start", "interval_minutes", "mw"]
    }

    /// Reads the dataset in `directory`: every file of ``Files/all``, and the per-member readings layout
    /// (`member_readings/<member_id>.csv`) when that directory exists. With `readings: .supplied`, no readings file
    /// is read at all.
    public static func read(directory: String, readings: DSOMemberReadings = .files) throws(DatasetInvalid) -> DSODataset {
        var files: [String: [UInt8]] = [:]
        var names = Files.all
        if case .supplied = readings { names.removeAll { $0 == Files.readings } }
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            if let d = FileManager.default.contents(atPath: path) { files[name] = [UInt8](d) }
        }
        if case .files = readings {
            let dir = (directory as NSString).appendingPathComponent(Files.readingsDirectory)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] where !name.hasPrefix(".") {
                if let d = FileManager.default.contents(atPath: (dir as NSString).appendingPathComponent(name)) {
                    files["\(Files.readingsDirectory)/\(name)"] = [UInt8](d)
                }
            }
        }
        return try read(files: files, readings: readings)
    }

    /// Reads a dataset from file contents keyed by file name (tests, benchmarks); per-member readings files are keyed
    /// `member_readings/<member_id>.csv`.
    public static func read(files: [String: [UInt8]], readings: DSOMemberReadings = .files) throws(DatasetInvalid) -> DSODataset {
        let issues = IssueCollector()
        let perMemberFiles = files.keys.filter { $0.hasPrefix(Files.readingsDirectory + "/") }.sorted()
        for name in Files.required where files[name] == nil {
            if name == Files.readings {
                if case .supplied = readings { continue }
                if !perMemberFiles.isEmpty { continue }
            }
            issues.add(DatasetIssue(location: name, field: "(file)", value: "missing",
                                    expected: name == Files.readings ? "the file \(name), or one file per member in \(Files.readingsDirectory)/ (docs/dso-dataset.md)"
                                        : "the file \(name) (docs/dso-dataset.md)"))
        }
        guard let mb = files[Files.manifest], let manifest = DSOManifestReader.read(mb, issues: issues) else {
            throw DatasetInvalid(issues: issues.all)
        }
        let zone = manifest.zone
        let bounds = manifest.period.bounds(in: zone)
        let grid = IntervalGrid(start: bounds.start, end: bounds.end, seconds: manifest.intervalSeconds)
        let n = grid.count

        func table(_ name: String, _ required: [String]) -> CSVTable? {
            guard let b = files[name] else { return nil }
            do {
                return try CSVTable(file: name, bytes: b, required: required)
            } catch {
                for i in error.issues { issues.add(i) }
                return nil
            }
        }

        // interfaces
        var interfaceIndex: [String: Int] = [:]
        var interfaces: [(dso: DSO, interface: DSOInterface)] = []
        for d in manifest.dsos {
            for i in d.interfaces {
                interfaceIndex[i.id] = interfaces.count
                interfaces.append((d, i))
            }
        }
        let interfaceList = interfaces.map(\.interface.id).joined(separator: ", ")

        // members.csv
        var members: [DSODataset.Member] = []
        var memberIndex: [String: Int] = [:]
        if let t = table(Files.members, Columns.members) {
            (members, memberIndex) = readMembers(t, manifest: manifest, issues: issues)
        }
        let m = members.count

        // member_readings.csv, member_readings/<member_id>.csv, or the caller's (a job's stored series)
        var received = [ContiguousArray<Int64>](repeating: ContiguousArray(repeating: 0, count: n), count: m)
        var delivered = received
        switch readings {
        case .files:
            if files[Files.readings] != nil && !perMemberFiles.isEmpty {
                issues.add(DatasetIssue(location: Files.readingsDirectory, field: "(file)", value: "\(perMemberFiles.count) file(s) beside \(Files.readings)",
                                        expected: "one layout: \(Files.readings) or \(Files.readingsDirectory)/<member_id>.csv, not both (which would be settled?)"))
            } else if let t = table(Files.readings, Columns.readings) {
                readReadings(t, grid: grid, members: members, memberIndex: memberIndex, received: &received, delivered: &delivered, issues: issues)
            } else if !perMemberFiles.isEmpty {
                readPerMemberFiles(files, names: perMemberFiles, grid: grid, members: members, received: &received, delivered: &delivered, issues: issues)
            }
        case .supplied(let source, let rec, let del):
            takeSupplied(source: source, received: rec, delivered: del, grid: grid, members: members, into: &received, &delivered, issues: issues)
        }

        // member_schedules.csv: hourly MWh → average µMW over each settlement interval
        var schedules = DSOIntervalColumns(grid: grid, keys: m)
        if let t = table(Files.schedules, Columns.schedules) {
            let p = FieldParser(table: t, issues: issues)
            var lookup = DSOIDLookup(memberIndex)
            t.forEachRow(onIssue: issues.add) { row in
                guard let k = lookup.find(p.raw(row, "member_id")) else {
                    p.fail(row, "member_id", "a member id from members.csv")
                    return
                }
                schedules.add(p, row, key: k, keyName: "member", exactInterval: false, what: "DA schedule") { seconds in
                    guard let mwh = p.dsoDecimal(row, "da_mwh", scale: 6, limit: DSOLimits.maximumIntervalMicroKWh / 1_000, unit: "MWh", what: "a DA schedule in MWh (+ = injection)") else { return nil }
                    guard let mw = DSOQuantities.microMW(microMWh: mwh, seconds: seconds) else {
                        p.fail(row, "da_mwh", "an energy that is a whole µMW over the row's \(seconds / 60) minutes")
                        return nil
                    }
                    return mw
                }
            }
            schedules.reportGaps(file: t.file, field: "member_id", name: { members[$0].id }, what: "a DA schedule row", issues: issues)
        }

        // dlmp.csv
        var dlmp = DSOIntervalColumns(grid: grid, keys: m)
        if let t = table(Files.dlmp, Columns.dlmp) {
            let p = FieldParser(table: t, issues: issues)
            var lookup = DSOIDLookup(memberIndex)
            var notUsed = 0
            var firstNotUsed = ""
            t.forEachRow(onIssue: issues.add) { row in
                guard let k = lookup.find(p.raw(row, "member_id")) else {
                    p.fail(row, "member_id", "a member id from members.csv")
                    return
                }
                if manifest.dsos.first(where: { $0.id == members[k].der.dso })?.allocation.method != .distributionLMP {
                    if notUsed == 0 { firstNotUsed = "\(t.file):\(row.line)" }
                    notUsed += 1
                    return
                }
                dlmp.add(p, row, key: k, keyName: "member", exactInterval: false, what: "DLMP") { _ in
                    p.dsoDecimal(row, "price", scale: 6, limit: DSOLimits.maximumPriceMicros, unit: "$/MWh", what: "a distribution LMP in $/MWh")
                }
            }
            dlmp.reportGaps(file: t.file, field: "member_id", name: { members[$0].id }, what: "a DLMP row", issues: issues)
            if notUsed > 0 {
                issues.add(DatasetIssue(severity: .warning, location: firstNotUsed, field: "member_id", value: "\(notUsed) row(s)",
                                        expected: "DLMPs only for members of DSOs with allocation method distributionLMP; these rows are not used"))
            }
        }
        for (k, mem) in members.enumerated() where dlmp.values[k] == nil {
            if manifest.dsos.first(where: { $0.id == mem.der.dso })?.allocation.method == .distributionLMP {
                issues.add(DatasetIssue(location: "\(Files.members):\(mem.line)", field: "member_id", value: mem.id,
                                        expected: "DLMP rows in \(Files.dlmp) for every member of a distributionLMP DSO (\(mem.der.dso))"))
            }
        }

        // prices.csv: LMPs at the interfaces' pricing nodes; key = interface × {DA, FMM}
        var prices = DSOIntervalColumns(grid: grid, keys: interfaces.count * 2)
        if let t = table(Files.prices, Columns.prices) {
            let p = FieldParser(table: t, issues: issues)
            var byNode: [String: [Int]] = [:]
            for (k, i) in interfaces.enumerated() { byNode[i.interface.pricingNode, default: []].append(k) }
            var ignored = 0
            var firstIgnored = ""
            t.forEachRow(onIssue: issues.add) { row in
                let node = p.text(row, "node")
                guard let run = p.oneOf(row, "market", MarketRun.self), let product = p.oneOf(row, "product", PriceProduct.self) else { return }
                guard let ks = byNode[node], product == .lmp, run == .dayAhead || run == .fifteenMinute else {
                    if ignored == 0 { firstIgnored = "\(t.file):\(row.line)" }
                    ignored += 1
                    return
                }
                let offset = run == .dayAhead ? 0 : 1
                for k in ks {
                    prices.add(p, row, key: 2 * k + offset, keyName: "node, market and product", exactInterval: false, what: "LMP") { _ in
                        p.dsoDecimal(row, "price", scale: 6, limit: DSOLimits.maximumPriceMicros, unit: "$/MWh", what: "a price in $/MWh")
                    }
                }
            }
            if ignored > 0 {
                issues.add(DatasetIssue(severity: .warning, location: firstIgnored, field: "node", value: "\(ignored) row(s)",
                                        expected: "DA or FMM LMPs at an interface's pricing node; these rows are not used"))
            }
            prices.reportGaps(file: t.file, field: "node", name: { k in
                "\(interfaces[k / 2].interface.pricingNode) \(k % 2 == 0 ? "DA" : "FMM") LMP (interface \(interfaces[k / 2].interface.id))"
            }, what: "a price row", issues: issues)
        }
        var interfacePrices: [String: DSODataset.InterfacePrices] = [:]
        for (k, i) in interfaces.enumerated() {
            for (offset, run) in [(0, "DA"), (1, "FMM")] where prices.values[2 * k + offset] == nil && files[Files.prices] != nil {
                issues.add(DatasetIssue(location: Files.prices, field: "node", value: i.interface.pricingNode,
                                        expected: "\(run) LMP rows for interface \(i.interface.id)'s pricing node \(i.interface.pricingNode)"))
            }
            if let da = prices.values[2 * k], let fmm = prices.values[2 * k + 1] {
                interfacePrices[i.interface.id] = DSODataset.InterfacePrices(daMicroPrice: da, fmmMicroPrice: fmm)
            }
        }

        // orders.csv
        var orders = DSODataset.Orders()
        if let t = table(Files.orders, Columns.orders) {
            let p = FieldParser(table: t, issues: issues)
            var lookup = DSOIDLookup(memberIndex)
            var outside = 0
            var firstOutside = ""
            t.forEachRow(onIssue: issues.add) { row in
                guard let k = lookup.find(p.raw(row, "member_id")) else {
                    p.fail(row, "member_id", "a member id from members.csv")
                    return
                }
                guard let start = p.instant(row, "interval_start"), let seconds = p.minutes(row, "interval_minutes") else { return }
                if seconds != grid.seconds { p.fail(row, "interval_minutes", "\(grid.seconds / 60), the dataset's intervalMinutes"); return }
                if start < grid.start || start >= grid.end {
                    if outside == 0 { firstOutside = "\(t.file):\(row.line)" }
                    outside += 1
                    return
                }
                guard let i = grid.index(startingAt: start) else {
                    p.fail(row, "interval_start", "a start on the dataset's \(grid.seconds / 60)-minute grid")
                    return
                }
                let sideText = p.text(row, "side")
                let side: LocalOrderSide
                switch sideText {
                case "buy", "bid": side = .bid
                case "sell", "offer": side = .offer
                default:
                    p.fail(row, "side", "buy or sell")
                    return
                }
                guard let q = p.dsoDecimal(row, "kwh", scale: 6, limit: DSOLimits.maximumIntervalMicroKWh, unit: "kWh", nonNegative: true, what: "a quantity in kWh > 0"),
                    let price = p.dsoDecimal(row, "price", scale: 6, limit: DSOLimits.maximumPriceMicros, unit: "$/MWh", what: "a limit price in $/MWh")
                else { return }
                if q == 0 { p.fail(row, "kwh", "a quantity in kWh > 0"); return }
                orders.member.append(Int32(k))
                orders.interval.append(Int32(i))
                orders.side.append(side)
                orders.microKWh.append(q)
                orders.limitMicroPrice.append(price)
                orders.line.append(Int32(row.line))
            }
            if outside > 0 {
                issues.add(DatasetIssue(severity: .warning, location: firstOutside, field: "interval_start",
                                        value: "\(outside) row(s) outside the period", expected: "orders inside the period; these are not cleared"))
            }
        }

        // interface_history.csv: its own grid, from the first to the last row; gaps stay missing
        var history: [String: DSODataset.InterfaceHistory] = [:]
        if let t = table(Files.history, Columns.history) {
            history = readHistory(t, interfaceIndex: interfaceIndex, interfaceList: interfaceList, issues: issues)
        }

        // aggregate_awards.csv: sparse (an interval without a row has no award)
        var awards = DSOIntervalColumns(grid: grid, keys: interfaces.count)
        if let t = table(Files.awards, Columns.awards) {
            let p = FieldParser(table: t, issues: issues)
            var lookup = DSOIDLookup(interfaceIndex)
            t.forEachRow(onIssue: issues.add) { row in
                guard let k = lookup.find(p.raw(row, "interface_id")) else {
                    p.fail(row, "interface_id", "an interface id from dso.json (\(interfaceList))")
                    return
                }
                awards.add(p, row, key: k, keyName: "interface", exactInterval: false, what: "award") { _ in
                    p.dsoDecimal(row, "mw", scale: 6, limit: DSOLimits.maximumInterfaceMicro / 1_000, unit: "MW", what: "an award in MW (+ = discharge)")
                }
            }
            if awards.outside > 0 {
                issues.add(DatasetIssue(severity: .warning, location: awards.firstOutside, field: "interval_start",
                                        value: "\(awards.outside) row(s) outside the period", expected: "awards inside the period; these are not dispatched"))
            }
        }
        var awardsByInterface: [String: ContiguousArray<Int64>] = [:]
        for (k, i) in interfaces.enumerated() { if let a = awards.values[k] { awardsByInterface[i.interface.id] = a } }

        if issues.hasErrors { throw DatasetInvalid(issues: issues.all) }
        return DSODataset(
            formatVersion: manifest.formatVersion, zone: zone, period: manifest.period, grid: grid, dsos: manifest.dsos, members: members,
            memberIndex: memberIndex, receivedMicroKWh: received, deliveredMicroKWh: delivered, daScheduleMicroMW: schedules.values,
            dlmpMicroPrice: dlmp.values, interfacePrices: interfacePrices, history: history, awardsMicroMW: awardsByInterface,
            orders: orders, warnings: issues.all.filter { $0.severity == .warning })
    }


    /// `members.csv`: ids unique, each member's DSO and interface from `dso.json`, its sub-LAP the interface's.
    static func readMembers(_ t: CSVTable, manifest: DSOManifestReader.Manifest, issues: IssueCollector) -> ([DSODataset.Member], [String: Int]) {
        var members: [DSODataset.Member] = []
        var memberIndex: [String: Int] = [:]
        var interfaceIndex: [String: Int] = [:]
        for d in manifest.dsos { for i in d.interfaces { interfaceIndex[i.id] = interfaceIndex.count } }
        let interfaceList = manifest.dsos.flatMap(\.interfaces).map(\.id).joined(separator: ", ")
        let p = FieldParser(table: t, issues: issues)
        // Σ size per DSO, checked: the aggregation adds the sizes up for the GDFs without overflow checks
        var totalSize: [String: Int64] = [:]
        t.forEachRow(onIssue: issues.add) { row in
            let id = p.text(row, "member_id")
            if id.isEmpty { p.fail(row, "member_id", "a member id"); return }
            if let k = memberIndex[id] {
                p.fail(row, "member_id", "unique member ids; line \(members[k].line) already has \(id) (duplicate)")
                return
            }
            let dsoID = p.text(row, "dso_id")
            guard let dso = manifest.dsos.first(where: { $0.id == dsoID }) else {
                p.fail(row, "dso_id", "a DSO id from dso.json (\(manifest.dsos.map(\.id).joined(separator: ", ")))")
                return
            }
            let itfID = p.text(row, "interface_id")
            guard let itf = dso.interface(id: itfID) else {
                p.fail(row, "interface_id", interfaceIndex[itfID] == nil ? "an interface id from dso.json (\(interfaceList))"
                    : "an interface of \(dso.id) (\(dso.interfaces.map(\.id).joined(separator: ", "))); \(itfID) belongs to another DSO")
                return
            }
            guard let kind = p.oneOf(row, "kind", DERKind.self) else { return }
            let subLAP = p.text(row, "sub_lap")
            if subLAP != itf.subLAP {
                p.fail(row, "sub_lap", "\(itf.subLAP), the sub-LAP of interface \(itf.id) in dso.json")
                return
            }
            let kw = DSOLimits.maximumMemberMicroKW
            let size = p.dsoDecimal(row, "size_kw", scale: 6, limit: kw, unit: "kW", nonNegative: true, what: "a size in kW")
            let maxC = p.dsoDecimal(row, "max_charge_kw", scale: 6, limit: kw, unit: "kW", nonNegative: true, what: "a charge limit in kW")
            let maxD = p.dsoDecimal(row, "max_discharge_kw", scale: 6, limit: kw, unit: "kW", nonNegative: true, what: "a discharge limit in kW")
            let energy = p.dsoDecimal(row, "energy_kwh", scale: 6, limit: DSOLimits.maximumMemberMicroKWh, unit: "kWh", nonNegative: true, what: "usable energy in kWh")
            guard let size, let maxC, let maxD, let energy else { return }
            let (total, overflow) = totalSize[dso.id, default: 0].addingReportingOverflow(size)
            if overflow {
                p.fail(row, "size_kw", "members of \(dso.id) whose sizes add up to less than 9223372036854 kW")
                return
            }
            totalSize[dso.id] = total
            memberIndex[id] = members.count
            members.append(DSODataset.Member(
                der: DERMember(id: id, dso: dso.id, interface: itf.id, kind: kind, sizeMicroKW: size), subLAP: subLAP,
                maxChargeMicroKW: maxC, maxDischargeMicroKW: maxD, energyMicroKWh: energy, line: row.line))
        }
        return (members, memberIndex)
    }

    /// The hot loop: one row per member and interval.
    static func readReadings(
        _ t: CSVTable, grid: IntervalGrid, members: [DSODataset.Member], memberIndex: [String: Int],
        received: inout [ContiguousArray<Int64>], delivered: inout [ContiguousArray<Int64>], issues: IssueCollector,
        memberExpected: String = "a member id from members.csv"
    ) {
        let p = FieldParser(table: t, issues: issues)
        let n = grid.count
        // the line that filled each (member, interval); 0 = none yet; a flat buffer, one allocation
        var seen = ContiguousArray<Int32>(repeating: 0, count: members.count * n)
        var lookup = DSOIDLookup(memberIndex)
        let cID = t.columns["member_id"]!, cStart = t.columns["interval_start"]!, cMin = t.columns["interval_minutes"]!
        let cDel = t.columns["delivered_kwh"]!, cRec = t.columns["received_kwh"]!, cQ = t.columns["quality"]!
        let expectedMinutes = Array(String(grid.seconds / 60).utf8)
        var outside = 0
        var firstOutside = ""
        var missingRows = 0
        t.bytes.withUnsafeBufferPointer { b in
            t.forEachRow(onIssue: issues.add) { row in
                guard let k = lookup.find(t.bytes[row.fields[cID]]) else {
                    p.fail(row, "member_id", memberExpected)
                    return
                }
                let mf = row.fields[cMin]
                if !(mf.count == expectedMinutes.count && zip(mf, expectedMinutes).allSatisfy { b[$0.0] == $0.1 }) {
                    p.fail(row, "interval_minutes", "\(grid.seconds / 60), the dataset's intervalMinutes")
                    return
                }
                guard let start = TimestampParser.parse(t.bytes[row.fields[cStart]]) else {
                    p.fail(row, "interval_start", TimestampParser.expected)
                    return
                }
                let d = start.secondsSinceEpoch - grid.start.secondsSinceEpoch
                if d < 0 || start >= grid.end {
                    if outside == 0 { firstOutside = "\(t.file):\(row.line)" }
                    outside += 1
                    return
                }
                guard d % grid.seconds == 0 else {
                    p.fail(row, "interval_start", "a start on the dataset's \(grid.seconds / 60)-minute grid (clock misalignment?)")
                    return
                }
                let i = Int(d / grid.seconds)
                let qf = row.fields[cQ]
                guard qf.count == 1, [UInt8(ascii: "A"), UInt8(ascii: "E"), UInt8(ascii: "S"), UInt8(ascii: "M")].contains(b[qf.lowerBound]) else {
                    p.fail(row, "quality", "A (actual), E (edited), S (estimated) or M (missing)")
                    return
                }
                let prev = seen[k * n + i]
                if prev != 0 {
                    p.fail(row, "interval_start", "one row per member and interval; line \(prev) already has \(members[k].id) at \(start) (duplicate)")
                    return
                }
                if b[qf.lowerBound] == UInt8(ascii: "M") {
                    // a row saying the value is missing leaves the interval missing; reported below
                    missingRows += 1
                    return
                }
                guard case .success(let dv) = FixedPointFormat.parse(t.bytes[row.fields[cDel]], scale: 6), dv >= 0, dv <= DSOLimits.maximumIntervalMicroKWh else {
                    p.fail(row, "delivered_kwh", "energy delivered by the grid in kWh from 0 to \(DSOLimits.shown(DSOLimits.maximumIntervalMicroKWh)) with at most 6 decimals")
                    return
                }
                guard case .success(let rv) = FixedPointFormat.parse(t.bytes[row.fields[cRec]], scale: 6), rv >= 0, rv <= DSOLimits.maximumIntervalMicroKWh else {
                    p.fail(row, "received_kwh", "energy received by the grid in kWh from 0 to \(DSOLimits.shown(DSOLimits.maximumIntervalMicroKWh)) with at most 6 decimals")
                    return
                }
                seen[k * n + i] = Int32(row.line)
                delivered[k][i] = dv
                received[k][i] = rv
            }
        }
        for k in members.indices {
            var missing = 0
            var first = -1
            for i in 0..<n where seen[k * n + i] == 0 {
                missing += 1
                if first < 0 { first = i }
            }
            if missing > 0 {
                issues.add(DatasetIssue(location: t.file, field: "member_id", value: members[k].id,
                                        expected: "a reading in every interval of the period (members.csv:\(members[k].line)); \(missing) of \(n) missing, first at \(grid.startOf(first)) (never zero-filled)"))
            }
        }
        if missingRows > 0 {
            issues.add(DatasetIssue(severity: .warning, location: t.file, field: "quality", value: "\(missingRows) row(s) with quality M",
                                    expected: "measured values; each such interval is reported as missing above"))
        }
        if outside > 0 {
            issues.add(DatasetIssue(severity: .warning, location: firstOutside, field: "interval_start",
                                    value: "\(outside) row(s) outside the period \(grid.start)…\(grid.end)",
                                    expected: "rows inside the settlement period; these rows are not settled"))
        }
    }

    static func readHistory(
        _ t: CSVTable, interfaceIndex: [String: Int], interfaceList: String, issues: IssueCollector
    ) -> [String: DSODataset.InterfaceHistory] {
        let p = FieldParser(table: t, issues: issues)
        var lookup = DSOIDLookup(interfaceIndex)
        var key = ContiguousArray<Int32>(), start = ContiguousArray<Int64>(), net = ContiguousArray<Int64>(), pv = ContiguousArray<Int64>()
        var line = ContiguousArray<Int32>()
        var seconds: Int64? = nil
        var ids: [Int: String] = [:]
        t.forEachRow(onIssue: issues.add) { row in
            guard let k = lookup.find(p.raw(row, "interface_id")) else {
                p.fail(row, "interface_id", "an interface id from dso.json (\(interfaceList))")
                return
            }
            guard let s = p.instant(row, "interval_start"), let sec = p.minutes(row, "interval_minutes") else { return }
            if let seconds, sec != seconds { p.fail(row, "interval_minutes", "\(seconds / 60), as on the file's first row"); return }
            seconds = sec
            if s.secondsSinceEpoch % sec != 0 { p.fail(row, "interval_start", "a start on the \(sec / 60)-minute grid"); return }
            guard let nl = p.dsoDecimal(row, "net_load_kwh", scale: 6, limit: DSOLimits.maximumInterfaceMicro, unit: "kWh", what: "net load in kWh (+ = import)"),
                let pvv = p.dsoDecimal(row, "pv_kwh", scale: 6, limit: DSOLimits.maximumInterfaceMicro, unit: "kWh", nonNegative: true, what: "PV output in kWh")
            else { return }
            ids[k] = p.text(row, "interface_id")
            key.append(Int32(k)); start.append(s.secondsSinceEpoch); net.append(nl); pv.append(pvv); line.append(Int32(row.line))
        }
        guard let seconds, let lo = start.min(), let hi = start.max() else { return [:] }
        if hi - lo > DSOLimits.maximumHistorySeconds, let last = start.firstIndex(of: hi), let first = start.firstIndex(of: lo) {
            issues.add(DatasetIssue(location: "\(t.file):\(line[last]):\(t.columns["interval_start"]! + 1)", field: "interval_start",
                                    value: String(describing: Instant(secondsSinceEpoch: hi)),
                                    expected: "a history of at most ten years: this row is more than that after line \(line[first])'s "
                                        + "\(Instant(secondsSinceEpoch: lo)) (docs/dso-dataset.md, Ranges and limits)"))
            return [:]
        }
        let grid = IntervalGrid(start: Instant(secondsSinceEpoch: lo), end: Instant(secondsSinceEpoch: hi + seconds), seconds: seconds)
        struct Acc { var net: ContiguousArray<Int64>; var pv: ContiguousArray<Int64>; var line: ContiguousArray<Int32> }
        var accs: [Int: Acc] = [:]
        for r in 0..<key.count {
            let k = Int(key[r])
            if accs[k] == nil {
                accs[k] = Acc(net: ContiguousArray(repeating: 0, count: grid.count), pv: ContiguousArray(repeating: 0, count: grid.count),
                              line: ContiguousArray(repeating: 0, count: grid.count))
            }
            let i = Int((start[r] - lo) / seconds)
            if let prev = accs[k]?.line[i], prev != 0 {
                issues.add(DatasetIssue(location: "\(t.file):\(line[r]):\(t.columns["interval_start"]! + 1)", field: "interval_start",
                                        value: String(describing: Instant(secondsSinceEpoch: start[r])),
                                        expected: "one row per interface and interval; line \(prev) already has it (duplicate)"))
                continue
            }
            accs[k]!.net[i] = net[r]
            accs[k]!.pv[i] = pv[r]
            accs[k]!.line[i] = line[r]
        }
        var out: [String: DSODataset.InterfaceHistory] = [:]
        for (k, a) in accs {
            let q = ContiguousArray(a.line.map { $0 == 0 ? DataQuality.missing : DataQuality.actual })
            let gaps = q.reduce(0) { $0 + ($1 == .missing ? 1 : 0) }
            let id = ids[k]!
            if gaps > 0 {
                issues.add(DatasetIssue(severity: .warning, location: t.file, field: "interface_id", value: id,
                                        expected: "history in every interval \(grid.start)…\(grid.end); \(gaps) missing (kept missing: the forecast skips incomplete days)"))
            }
            out[id] = DSODataset.InterfaceHistory(
                interfaceID: id, netLoad: EnergySeries(grid: grid, microKWh: a.net, quality: q), pv: EnergySeries(grid: grid, microKWh: a.pv, quality: q))
        }
        return out
    }
}
