import GridSettleCore

/// The stored form of ``ReportFigures`` (schema v8, `run_figures.figures`): one compact byte string per run.
///
/// Layout, version 2: the magic `GSF2`, then fields in declaration order. Whole numbers are LEB128 varints (signed
/// ones zig-zag encoded); text is a varint byte count and UTF-8. An interval column of energy is stored as its
/// scale (the largest power of ten up to 10⁶ dividing all its values: 1,000 µkWh for readings with three decimals), then each
/// scaled value's difference from the one before, a run of unchanged values as a 0 and the run's length; the
/// adjusted net import is stored as its difference from the metered one, which is zero outside award periods.
/// A column of qualities or flags is stored as runs (value, length). A month of one resource's figures is about
/// 4 bytes an interval, not the 8 bytes an interval and column a plain array would take.
///
/// Decoding is total: any byte string either decodes to figures whose columns all match their grids, or throws
/// ``ReportFiguresCoding/Corrupt`` saying where it stopped making sense.
public enum ReportFiguresCoding {
    static let magic: [UInt8] = Array("GSF2".utf8)

    /// A stored value that is not figures of this layout (a damaged row or a newer writer).
    public typealias Corrupt = CompactReader.Corrupt

    public static func encode(_ f: ReportFigures) -> [UInt8] {
        // about 2–4 bytes an interval: one allocation for most months
        var w = CompactWriter(reservingCapacity: 1_024 + 4 * (f.unadjusted.grid.count + f.storage.count))
        w.bytes += magic
        w.text(f.period.start.description)
        w.text(f.period.end.description)
        w.zone(f.zone)
        w.text(f.masterMeterID)
        w.text(f.storageMeterID)
        w.flag(f.symmetricAdjustment)
        w.flag(f.addBackDemand)
        w.grid(f.unadjusted.grid)
        w.deltas(f.unadjusted.microKWh)
        w.runs(f.unadjusted.quality.map(\.rawValue))
        if f.adjusted.grid == f.unadjusted.grid {
            // the adjustment alone: zero outside award periods
            w.flag(true)
            w.deltas(ContiguousArray(zip(f.adjusted.microKWh, f.unadjusted.microKWh).map { $0 &- $1 }))
        } else {
            w.flag(false)
            w.grid(f.adjusted.grid)
            w.deltas(f.adjusted.microKWh)
        }
        w.runs(f.adjusted.quality.map(\.rawValue))
        let L = f.storage
        w.grid(L.grid)
        w.deltas(L.netMicroKWh)
        w.runs(L.missing.map { $0 ? 1 : 0 })
        w.runs(L.quality.map(\.rawValue))
        w.runs(L.award.map { $0 ? 1 : 0 })
        w.runs(L.idle.map { $0 ? 1 : 0 })
        w.deltas(L.addBack)
        w.deltas(L.backOut)
        w.unsigned(UInt64(f.bill.count))
        for c in f.bill {
            w.text(c.code)
            w.text(c.label)
            w.text(c.kind?.rawValue ?? "")
            w.signed(c.asMetered.micros)
            w.signed(c.adjusted.micros)
        }
        w.unsigned(UInt64(max(0, f.billMonths)))
        w.unsigned(UInt64(f.revenue.count))
        for step in f.revenue {
            w.text(step.code)
            w.text(step.label)
            w.signed(step.amount.micros)
        }
        w.unsigned(UInt64(f.answers.count))
        for a in f.answers {
            w.text(a.id)
            w.text(a.question)
            w.text(a.answer)
        }
        return w.bytes
    }

    public static func decode(_ bytes: [UInt8]) throws(Corrupt) -> ReportFigures {
        var r = CompactReader(bytes, what: "stored report figures")
        try r.expect(magic: magic)
        guard let start = LocalDate(parsing: try r.text()), let end = LocalDate(parsing: try r.text()), start < end,
            end.daysSinceEpoch - start.daysSinceEpoch <= 366
        else {
            // a settlement period is at most 366 days (DatasetRanges): a longer one would have the charts draw every day of it
            throw r.corrupt("the period is not two dates in order at most 366 days apart")
        }
        let zone = try r.zone()
        let masterID = try r.text()
        let storageID = try r.text()
        let symmetric = try r.flag()
        let addBackDemand = try r.flag()
        let metered = try r.grid()
        let unadjusted = ReportFigures.Series(
            grid: metered, microKWh: try r.deltas(metered.count), quality: ContiguousArray(try r.runs(metered.count, below: 4).map { DataQuality(rawValue: $0)! }))
        var adjusted = unadjusted
        if try r.flag() {
            let difference = try r.deltas(metered.count)
            for i in 0..<metered.count {
                let (sum, overflow) = unadjusted.microKWh[i].addingReportingOverflow(difference[i])
                guard !overflow else { throw r.corrupt("an adjusted value beyond 64 bits") }
                adjusted.microKWh[i] = sum
            }
        } else {
            adjusted.grid = try r.grid()
            adjusted.microKWh = try r.deltas(adjusted.grid.count)
        }
        adjusted.quality = ContiguousArray(try r.runs(adjusted.grid.count, below: 4).map { DataQuality(rawValue: $0)! })
        let grid = try r.grid()
        let n = grid.count
        let net = try r.deltas(n)
        let missing = try r.runs(n, below: 2).map { $0 == 1 }
        let quality = try r.runs(n, below: 4).map { DataQuality(rawValue: $0)! }
        let award = try r.runs(n, below: 2).map { $0 == 1 }
        let idle = try r.runs(n, below: 2).map { $0 == 1 }
        let storage = ReportFigures.Storage(
            grid: grid, netMicroKWh: net, missing: ContiguousArray(missing), quality: ContiguousArray(quality), award: ContiguousArray(award),
            idle: ContiguousArray(idle), addBack: try r.deltas(n), backOut: try r.deltas(n))
        var bill: [ReportFigures.BillComponent] = []
        for _ in 0..<(try r.count(atMost: 1_000)) {
            let code = try r.text()
            let label = try r.text()
            let kindText = try r.text()
            let kind = BillLine.Kind(rawValue: kindText)
            guard kindText.isEmpty || kind != nil else { throw r.corrupt("bill component kind '\(kindText)' is not one this version knows") }
            bill.append(ReportFigures.BillComponent(code: code, label: label, kind: kind, asMetered: try r.money(), adjusted: try r.money()))
        }
        let months = try r.count()
        var revenue: [ReportFigures.RevenueStep] = []
        for _ in 0..<(try r.count(atMost: 1_000)) {
            revenue.append(ReportFigures.RevenueStep(code: try r.text(), label: try r.text(), amount: try r.money()))
        }
        var answers: [Statement.Answer] = []
        for _ in 0..<(try r.count(atMost: 1_000)) { answers.append(Statement.Answer(id: try r.text(), question: try r.text(), answer: try r.text())) }
        try r.expectEnd()
        return ReportFigures(
            period: SettlementPeriod(start: start, end: end), zone: zone, masterMeterID: masterID, storageMeterID: storageID,
            symmetricAdjustment: symmetric, addBackDemand: addBackDemand, unadjusted: unadjusted, adjusted: adjusted, storage: storage,
            bill: bill, billMonths: months, revenue: revenue, answers: answers)
    }

}

/// The figures' own column layouts on top of the shared primitives.
extension CompactWriter {
    mutating func grid(_ g: IntervalGrid) {
        signed(g.start.secondsSinceEpoch)
        signed(g.seconds)
        unsigned(UInt64(g.count))
    }

    /// The column's scale, then each scaled value's difference from the one before; an unchanged run is 0 and its length.
    mutating func deltas(_ values: ContiguousArray<Int64>) {
        let k = ReportFiguresCoding.Scale.exponent(values)
        unsigned(UInt64(ReportFiguresCoding.Scale.power(k)))
        var previous: Int64 = 0
        var previousRaw: Int64 = 0
        var i = 0
        while i < values.count {
            let raw = values[i]
            if raw == previousRaw {
                var j = i + 1
                while j < values.count && values[j] == raw { j += 1 }
                signed(0)
                unsigned(UInt64(j - i))
                i = j
            } else {
                let scaled = ReportFiguresCoding.Scale.divide(raw, k)
                signed(scaled &- previous)
                previous = scaled
                previousRaw = raw
                i += 1
            }
        }
    }

    mutating func runs(_ values: [UInt8]) {
        var i = 0
        while i < values.count {
            var j = i + 1
            while j < values.count && values[j] == values[i] { j += 1 }
            bytes.append(values[i])
            unsigned(UInt64(j - i))
            i = j
        }
    }
}

extension CompactReader {
    /// The most energy one interval's figure can hold: four times a dataset's limit for an hour (1 GW,
    /// ``DatasetRanges/microKWhPerHour``), since a net import or an adjustment combines meters. Sums of an hour
    /// or a month of such values stay far inside 64 bits, so the charts can add them.
    static let energyLimit: UInt64 = 4 * UInt64(DatasetRanges.microKWhPerHour)

    /// An amount of at most a billion dollars either way, µ$ (a month's statement line is far below that).
    mutating func money() throws(Corrupt) -> Money {
        let v = try signed()
        guard v.magnitude <= 1_000_000_000_000_000 else { throw corrupt("an amount of \(v) µ$, expected at most ±$1,000,000,000") }
        return Money(micros: v)
    }

    mutating func grid() throws(Corrupt) -> IntervalGrid {
        let start = try signed()
        let seconds = try signed()
        let n = try unsigned()
        guard IntervalGrid.supportedSeconds.contains(seconds) else { throw corrupt("an interval of \(seconds) s") }
        // years 0001–9999, so the charts' time arithmetic stays far from the 64-bit edge
        guard Self.instants.contains(start) else { throw corrupt("a grid starting at \(start) s from 1970") }
        // a stored month is at most 31 days of 1-minute intervals; a year keeps the bound generous
        guard n <= 527_040 else { throw corrupt("a grid of \(n) intervals") }
        return IntervalGrid(start: Instant(secondsSinceEpoch: start), seconds: seconds, count: Int(n))
    }

    mutating func deltas(_ n: Int) throws(Corrupt) -> ContiguousArray<Int64> {
        let scale = try unsigned()
        guard (0...6).contains(where: { UInt64(ReportFiguresCoding.Scale.power($0)) == scale }) else { throw corrupt("a column scale of \(scale), expected a power of ten up to 1,000,000") }
        var out = ContiguousArray<Int64>(repeating: 0, count: n)
        var previous: Int64 = 0
        var i = 0
        while i < n {
            let d = try signed()
            let (value, overflow) = previous.multipliedReportingOverflow(by: Int64(scale))
            if d == 0 {
                let run = try unsigned()
                guard run >= 1, run <= UInt64(n - i) else { throw corrupt("a run of \(run) where \(n - i) values remain") }
                guard !overflow else { throw corrupt("a value beyond 64 bits") }
                for k in i..<(i + Int(run)) { out[k] = value }
                i += Int(run)
                continue
            }
            let (next, overflowNext) = previous.addingReportingOverflow(d)
            let (scaled, overflowScaled) = next.multipliedReportingOverflow(by: Int64(scale))
            guard !overflowNext, !overflowScaled else { throw corrupt("a value beyond 64 bits") }
            guard scaled.magnitude <= Self.energyLimit else { throw corrupt("an energy of \(scaled) µkWh in one interval, expected at most ±\(Self.energyLimit)") }
            previous = next
            out[i] = scaled
            i += 1
        }
        return out
    }

    /// `n` small values stored as runs, each value below `limit`.
    mutating func runs(_ n: Int, below limit: UInt8) throws(Corrupt) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(n)
        while out.count < n {
            let value = try byte()
            guard value < limit else { throw corrupt("a column value \(value), expected below \(limit)") }
            let length = try unsigned()
            guard length > 0, length <= UInt64(n - out.count) else { throw corrupt("a run of \(length) where \(n - out.count) values remain") }
            out += repeatElement(value, count: Int(length))
        }
        return out
    }
}

extension ReportFiguresCoding {
    /// A column's scale: the largest power of ten up to 10⁶ that divides every value (readings with three decimals are
    /// whole multiples of 1,000 µkWh). Powers of ten, not any common divisor, so each division is by a constant the
    /// compiler turns into a multiplication: a general divisor made storing the figures a twentieth of a settlement.
    enum Scale {
        /// 10ᵏ for k in 0…6, from the one table of powers of ten.
        static func power(_ k: Int) -> Int64 { Int64(FixedPointFormat.pow10(k)) }

        static func exponent(_ values: ContiguousArray<Int64>) -> Int {
            var k = 6
            for v in values where v != 0 {
                while k > 0 && remainder(v, k) != 0 { k -= 1 }
                if k == 0 { return 0 }
            }
            return k
        }

        @inline(__always) static func remainder(_ v: Int64, _ k: Int) -> Int64 {
            switch k {
            case 6: return v % 1_000_000
            case 5: return v % 100_000
            case 4: return v % 10_000
            case 3: return v % 1_000
            case 2: return v % 100
            case 1: return v % 10
            default: return 0
            }
        }

        @inline(__always) static func divide(_ v: Int64, _ k: Int) -> Int64 {
            switch k {
            case 6: return v / 1_000_000
            case 5: return v / 100_000
            case 4: return v / 10_000
            case 3: return v / 1_000
            case 2: return v / 100
            case 1: return v / 10
            default: return v
            }
        }
    }
}
