import GridSettleCore

/// A deterministic DSO example (seed 003): three Distribution System Operators, each with interfaces to CAISO,
/// and thousands of member DERs of mixed kinds behind them, written in the DSO dataset format
/// (docs/dso-dataset.md) as file name → text.
///
/// Shapes are plain and explainable rather than realistic: storage charges on midday solar and discharges
/// into the evening peak; V2G fleets charge overnight and discharge 17:00–20:00 while parked; PV exports a
/// daytime bell; demand-response sites import a commercial load and curtail 17:00–19:00. Each member gets
/// its own size and noise from a seeded stream, so the same seed gives byte-identical files.
public enum DSOExampleGenerator {
    public struct Options: Sendable {
        public var seed: UInt64 = 3
        /// The settled day (local) and how many days of interface history precede it for forecasts.
        public var day = LocalDate(year: 2024, month: 7, day: 16)
        public var historyDays = 28
        /// Members per interface (each DSO has two or three interfaces).
        public var membersPerInterface = 450
        public var zone = MarketTimeZone.losAngeles
        /// Write the readings in the per-member layout, `member_readings/<member_id>.csv` (what a job's units read,
        /// one member each), instead of one `member_readings.csv`. Same rows either way.
        public var memberFiles = false

        public init() {}
    }

    struct InterfaceSpec { var id: String; var node: String; var subLAP: String }
    struct DSOSpec { var id: String; var name: String; var allocation: String; var interfaces: [InterfaceSpec] }

    static let dsos: [DSOSpec] = [
        DSOSpec(id: "DSO-NORTH", name: "North Valley DSO", allocation: "nodalPassThrough", interfaces: [
            InterfaceSpec(id: "NV-SUB1", node: "NVSUB1_7_N001", subLAP: "SLAP_PGNB-APND"),
            InterfaceSpec(id: "NV-SUB2", node: "NVSUB2_7_N001", subLAP: "SLAP_PGNB-APND"),
        ]),
        DSOSpec(id: "DSO-COAST", name: "Coastal Cities DSO", allocation: "feeOnGrossFlows", interfaces: [
            InterfaceSpec(id: "CC-SUB1", node: "CCSUB1_7_N001", subLAP: "SLAP_SCEW-APND"),
            InterfaceSpec(id: "CC-SUB2", node: "CCSUB2_7_N001", subLAP: "SLAP_SCEW-APND"),
            InterfaceSpec(id: "CC-SUB3", node: "CCSUB3_7_N001", subLAP: "SLAP_SCEW-APND"),
        ]),
        DSOSpec(id: "DSO-DESERT", name: "High Desert DSO", allocation: "distributionLMP", interfaces: [
            InterfaceSpec(id: "HD-SUB1", node: "HDSUB1_7_N001", subLAP: "SLAP_SCNW-APND"),
            InterfaceSpec(id: "HD-SUB2", node: "HDSUB2_7_N001", subLAP: "SLAP_SCNW-APND"),
        ]),
    ]

    enum Kind: String, CaseIterable { case storage, v2gFleet, pv, demandResponse }

    /// The dataset's files by name.
    public static func files(_ o: Options = Options()) -> [String: String] {
        let interval: Int64 = 900
        let dayStart = o.zone.startOfDay(o.day)
        let dayEnd = o.zone.startOfDay(o.day.adding(days: 1))
        let slots = Int((dayEnd.secondsSinceEpoch - dayStart.secondsSinceEpoch) / interval)
        var files: [String: String] = [:]
        files["dso.json"] = dsoJSON(o)

        var members = "member_id,dso_id,interface_id,kind,sub_lap,size_kw,max_charge_kw,max_discharge_kw,energy_kwh\n"
        var readings = "member_id,interval_start,interval_minutes,delivered_kwh,received_kwh,quality\n"
        readings.reserveCapacity(dsos.count * 3 * o.membersPerInterface * slots * 52)
        var schedules = "member_id,interval_start,interval_minutes,da_mwh\n"
        var dlmp = "member_id,interval_start,interval_minutes,price\n"
        var orders = "member_id,interval_start,interval_minutes,side,kwh,price\n"
        var prices = "node,market,product,interval_start,interval_minutes,price\n"
        var history = "interface_id,interval_start,interval_minutes,net_load_kwh,pv_kwh\n"
        var awards = "interface_id,interval_start,interval_minutes,mw\n"
        var rng = SeededRandom(seed: o.seed, stream: 31)
        var n = 0
        for dso in dsos {
            for itf in dso.interfaces {
                // Interface prices: DA hourly, FMM 15-minute (µ$/MWh as decimal $).
                let base = 30 + Double(rng.int(0...12))
                for s in 0..<slots {
                    let t = dayStart.adding(seconds: Int64(s) * interval)
                    let hour = Double(o.zone.localTime(t).hour)
                    let shape = hour >= 17 && hour < 21 ? 2.4 : (hour >= 10 && hour < 15 ? 0.6 : 1.0)
                    if s % 4 == 0 {
                        prices += "\(itf.node),DA,LMP,\(t),60,\(money(base * shape))\n"
                    }
                    prices += "\(itf.node),FMM,LMP,\(t),15,\(money(base * shape + rng.uniform(-4, 4)))\n"
                }
                var interfaceNet = [Int64](repeating: 0, count: slots)
                var interfacePV = [Int64](repeating: 0, count: slots)
                for k in 0..<o.membersPerInterface {
                    n += 1
                    let id = "DER-" + pad(n, 5)
                    let kind = Kind.allCases[k % 4]
                    let size = Double(rng.int(kind == .demandResponse ? 40...400 : 10...250))
                    let energy = kind == .storage ? size * 4 : (kind == .v2gFleet ? size * 6 : 0)
                    members += "\(id),\(dso.id),\(itf.id),\(kind.rawValue),\(itf.subLAP),\(Int(size)),\(kind == .pv || kind == .demandResponse ? 0 : Int(size)),\(kind == .pv || kind == .demandResponse ? 0 : Int(size)),\(Int(energy))\n"
                    var memberRNG = SeededRandom(seed: o.seed, stream: 1000 + UInt64(n))
                    for s in 0..<slots {
                        let t = dayStart.adding(seconds: Int64(s) * interval)
                        let h = Double(o.zone.localTime(t).secondOfDay) / 3600
                        let kw = profileKW(kind, hour: h, size: size) * (1 + memberRNG.uniform(-0.08, 0.08))
                        let kwh = Int64((kw / 4 * 1000).rounded()) * 1000  // whole Wh, as µkWh
                        let delivered = max(0, -kwh)
                        let received = max(0, kwh)
                        readings += "\(id),\(t),15,\(kwhText(delivered)),\(kwhText(received)),A\n"
                        interfaceNet[s] += delivered - received
                        if kind == .pv { interfacePV[s] += received }
                        if s % 4 == 0 {
                            let hourKW = profileKW(kind, hour: h + 0.5, size: size)
                            schedules += "\(id),\(t),60,\(mwhText(Int64((hourKW * 1_000_000).rounded())))\n"
                        }
                        if kind == .pv && (s % 8 == 0) && h >= 10 && h < 15 {
                            // PV offers part of its midday output locally, where storage bids to charge.
                            let price = 15 + Double(memberRNG.int(0...30))
                            orders += "\(id),\(t),15,sell,\(kwhText(Int64(size / 10 * 1000) * 1000)),\(money(price))\n"
                        }
                        if kind == .storage && (s % 8 == 0) {
                            let price = 25 + Double(memberRNG.int(0...40))
                            orders += "\(id),\(t),15,\(h >= 16 && h < 21 ? "sell" : "buy"),\(kwhText(Int64(size / 8 * 1000) * 1000)),\(money(price))\n"
                        }
                        if dso.allocation == "distributionLMP" {
                            dlmp += "\(id),\(t),15,\(money(base * (h >= 17 && h < 21 ? 2.4 : 1.0) * (1 + memberRNG.uniform(-0.05, 0.08))))\n"
                        }
                    }
                }
                // History for forecasts: the interface's net load on the days before, from the same shapes.
                for d in 1...o.historyDays {
                    let day = o.day.adding(days: -d)
                    let start = o.zone.startOfDay(day)
                    let count = Int((o.zone.startOfDay(day.adding(days: 1)).secondsSinceEpoch - start.secondsSinceEpoch) / interval)
                    let weekday = day.isWeekend ? 0.8 : 1.0
                    for s in 0..<count {
                        let t = start.adding(seconds: Int64(s) * interval)
                        let slotOfDay = min(s, slots - 1)
                        let noise = 1 + rng.uniform(-0.06, 0.06)
                        let net = Int64((Double(interfaceNet[slotOfDay]) * weekday * noise / 1000).rounded()) * 1000
                        let pv = Int64((Double(interfacePV[slotOfDay]) * noise / 1000).rounded()) * 1000
                        history += "\(itf.id),\(t),15,\(signedKWh(net)),\(kwhText(pv))\n"
                    }
                }
                // An aggregate FMM award at the interface: discharge in the evening peak.
                for s in 0..<slots {
                    let t = dayStart.adding(seconds: Int64(s) * interval)
                    let h = o.zone.localTime(t).hour
                    if h >= 18 && h < 20 {
                        awards += "\(itf.id),\(t),15,\(FixedPointFormat.decimal(Int64(o.membersPerInterface) * 12_000, scale: 6, fractionDigits: 3))\n"
                    }
                }
            }
        }
        files["members.csv"] = members
        if o.memberFiles {
            for (id, text) in splitByMember(readings) { files["member_readings/\(id).csv"] = text }
        } else {
            files["member_readings.csv"] = readings
        }
        files["member_schedules.csv"] = schedules
        files["dlmp.csv"] = dlmp
        files["orders.csv"] = orders
        files["prices.csv"] = prices
        files["interface_history.csv"] = history
        files["aggregate_awards.csv"] = awards
        return files
    }

    /// kW at local hour `h` (+ = export to the grid, − = import).
    static func profileKW(_ kind: Kind, hour h: Double, size: Double) -> Double {
        switch kind {
        case .storage: return h >= 10 && h < 14 ? -0.5 * size : (h >= 17 && h < 21 ? 0.5 * size : 0)
        case .v2gFleet: return h < 5 ? -0.6 * size : (h >= 17 && h < 20 ? 0.5 * size : 0)
        case .pv:
            guard h > 6 && h < 20 else { return 0 }
            let x = (h - 13) / 7
            return size * 0.85 * max(0, 1 - x * x)
        case .demandResponse: return -(h >= 8 && h < 18 ? 0.7 * size : 0.3 * size) * (h >= 17 && h < 19 ? 0.6 : 1)
        }
    }

    /// Splits a CSV whose first column is the member id into one text per member, each with the header, rows in order.
    static func splitByMember(_ csv: String) -> [(id: String, text: String)] {
        var lines = csv.split(separator: "\n", omittingEmptySubsequences: true)
        guard !lines.isEmpty else { return [] }
        let header = lines.removeFirst()
        var order: [String] = []
        var texts: [String: String] = [:]
        for line in lines {
            let id = String(line.prefix { $0 != "," })
            if texts[id] == nil {
                order.append(id)
                texts[id] = header + "\n"
            }
            texts[id]! += line + "\n"
        }
        return order.map { ($0, texts[$0]!) }
    }

    static func dsoJSON(_ o: Options) -> String {
        var s = "{\n  \"formatVersion\": 1,\n  \"timeZone\": \"\(o.zone.identifier)\",\n"
        s += "  \"period\": {\"start\": \"\(o.day)\", \"end\": \"\(o.day.adding(days: 1))\"},\n  \"intervalMinutes\": 15,\n  \"dsos\": [\n"
        s += dsos.map { d in
            let itfs = d.interfaces.map { "        {\"id\": \"\($0.id)\", \"pricingNode\": \"\($0.node)\", \"subLAP\": \"\($0.subLAP)\"}" }.joined(separator: ",\n")
            let fee = d.allocation == "feeOnGrossFlows" ? "3" : "0"
            return "    {\n      \"id\": \"\(d.id)\",\n      \"name\": \"\(d.name)\",\n      \"allocation\": {\"method\": \"\(d.allocation)\", \"feePerMWh\": \"\(fee)\"},\n      \"localMarket\": true,\n      \"interfaces\": [\n\(itfs)\n      ]\n    }"
        }.joined(separator: ",\n")
        return s + "\n  ]\n}\n"
    }

    static func pad(_ v: Int, _ width: Int) -> String {
        var s = String(v)
        while s.count < width { s = "0" + s }
        return s
    }

    /// $ with 2 decimals from a Double built only from + − × ÷ (deterministic).
    static func money(_ v: Double) -> String {
        FixedPointFormat.decimal(Int64((v * 100).rounded()) * 10_000, scale: 6, fractionDigits: 2)
    }

    static func kwhText(_ micro: Int64) -> String { FixedPointFormat.decimal(micro, scale: 6, fractionDigits: 3) }
    static func signedKWh(_ micro: Int64) -> String { FixedPointFormat.decimal(micro, scale: 6, fractionDigits: 3) }
    /// µkWh → MWh text with 6 decimals.
    static func mwhText(_ microKWh: Int64) -> String { FixedPointFormat.decimal(microKWh, scale: 9, fractionDigits: 6) }
}
