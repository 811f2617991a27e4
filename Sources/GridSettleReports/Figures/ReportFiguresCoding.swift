import GridSettleCore

/// The stored form of ``ReportFigures`` (schema v8, `run_figures.figures`): one compact byte string per run.
///
/// Layout, version 1: the magic `GSF1`, then fields in declaration order. Whole numbers are LEB128 varints (signed
/// ones zig-zag encoded); text is a varint byte count and UTF-8; an interval column of energy is stored as the
/// zig-zag varint of each value's difference from the one before (a month of 5-minute readings with three decimals
/// takes about two bytes an interval); a column of qualities or flags as runs (value, length). A month of one
/// resource's figures is tens of kilobytes, not the 8 bytes an interval and column a plain array would take.
///
/// Decoding is total: any byte string either decodes to figures whose columns all match their grids, or throws
/// ``ReportFiguresCoding/Corrupt`` saying where it stopped making sense.
public enum ReportFiguresCoding {
    static let magic: [UInt8] = Array("GSF1".utf8)

    /// A stored value that is not figures of this layout (a damaged row or a newer writer).
    public struct Corrupt: Error, Sendable, CustomStringConvertible {
        public var offset: Int
        public var reason: String
        public var description: String { "stored report figures: \(reason) at byte \(offset)" }
    }

    public static func encode(_ f: ReportFigures) -> [UInt8] {
        var w = Writer()
        w.bytes += magic
        w.text(f.period.start.description)
        w.text(f.period.end.description)
        w.text(f.zone.identifier)
        w.signed(f.zone.standardOffsetSeconds)
        w.flag(f.zone.observesDST)
        w.text(f.masterMeterID)
        w.text(f.storageMeterID)
        w.flag(f.symmetricAdjustment)
        w.flag(f.addBackDemand)
        for s in [f.unadjusted, f.adjusted] {
            w.grid(s.grid)
            w.deltas(s.microKWh)
            w.runs(s.quality.map(\.rawValue))
        }
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
        var r = Reader(bytes: bytes)
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else { throw Corrupt(offset: 0, reason: "no GSF1 header") }
        r.at = magic.count
        guard let start = LocalDate(parsing: try r.text()), let end = LocalDate(parsing: try r.text()), start < end else {
            throw r.corrupt("the period is not two dates in order")
        }
        let zone = MarketTimeZone(identifier: try r.text(), standardOffsetSeconds: try r.signed(), observesDST: try r.flag())
        let masterID = try r.text()
        let storageID = try r.text()
        let symmetric = try r.flag()
        let addBackDemand = try r.flag()
        func series() throws(Corrupt) -> ReportFigures.Series {
            let grid = try r.grid()
            let values = try r.deltas(grid.count)
            let quality = try r.runs(grid.count, below: 4).map { DataQuality(rawValue: $0)! }
            return ReportFigures.Series(grid: grid, microKWh: values, quality: ContiguousArray(quality))
        }
        let unadjusted = try series()
        let adjusted = try series()
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
        for _ in 0..<(try r.count()) {
            let code = try r.text()
            let label = try r.text()
            let kindText = try r.text()
            let kind = BillLine.Kind(rawValue: kindText)
            guard kindText.isEmpty || kind != nil else { throw r.corrupt("bill component kind '\(kindText)' is not one this version knows") }
            bill.append(ReportFigures.BillComponent(code: code, label: label, kind: kind, asMetered: Money(micros: try r.signed()), adjusted: Money(micros: try r.signed())))
        }
        let months = try r.count()
        var revenue: [ReportFigures.RevenueStep] = []
        for _ in 0..<(try r.count()) {
            revenue.append(ReportFigures.RevenueStep(code: try r.text(), label: try r.text(), amount: Money(micros: try r.signed())))
        }
        var answers: [Statement.Answer] = []
        for _ in 0..<(try r.count()) { answers.append(Statement.Answer(id: try r.text(), question: try r.text(), answer: try r.text())) }
        guard r.at == bytes.count else { throw r.corrupt("\(bytes.count - r.at) bytes after the end") }
        return ReportFigures(
            period: SettlementPeriod(start: start, end: end), zone: zone, masterMeterID: masterID, storageMeterID: storageID,
            symmetricAdjustment: symmetric, addBackDemand: addBackDemand, unadjusted: unadjusted, adjusted: adjusted, storage: storage,
            bill: bill, billMonths: months, revenue: revenue, answers: answers)
    }

    struct Writer {
        var bytes: [UInt8] = []

        mutating func unsigned(_ v: UInt64) {
            var v = v
            while v >= 0x80 {
                bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
                v >>= 7
            }
            bytes.append(UInt8(v))
        }

        mutating func signed(_ v: Int64) { unsigned(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }
        mutating func flag(_ b: Bool) { bytes.append(b ? 1 : 0) }

        mutating func text(_ s: String) {
            let utf8 = Array(s.utf8)
            unsigned(UInt64(utf8.count))
            bytes += utf8
        }

        mutating func grid(_ g: IntervalGrid) {
            signed(g.start.secondsSinceEpoch)
            signed(g.seconds)
            unsigned(UInt64(g.count))
        }

        mutating func deltas(_ values: ContiguousArray<Int64>) {
            var previous: Int64 = 0
            for v in values {
                signed(v &- previous)
                previous = v
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

    struct Reader {
        var bytes: [UInt8]
        var at = 0

        func corrupt(_ reason: String) -> Corrupt { Corrupt(offset: at, reason: reason) }

        mutating func byte() throws(Corrupt) -> UInt8 {
            guard at < bytes.count else { throw corrupt("the value ends early") }
            defer { at += 1 }
            return bytes[at]
        }

        mutating func unsigned() throws(Corrupt) -> UInt64 {
            var v: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let b = try byte()
                guard shift < 64, shift < 63 || b & 0x7E == 0 else { throw corrupt("a number longer than 64 bits") }
                v |= UInt64(b & 0x7F) << shift
                if b & 0x80 == 0 { return v }
                shift += 7
            }
        }

        mutating func signed() throws(Corrupt) -> Int64 {
            let u = try unsigned()
            return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
        }

        mutating func flag() throws(Corrupt) -> Bool {
            switch try byte() {
            case 0: return false
            case 1: return true
            default: throw corrupt("a flag that is neither 0 nor 1")
            }
        }

        /// A count of items still to come: each takes at least one byte, so more than the bytes left is damage.
        mutating func count() throws(Corrupt) -> Int {
            let n = try unsigned()
            guard n <= UInt64(bytes.count - at) else { throw corrupt("a count of \(n) with \(bytes.count - at) bytes left") }
            return Int(n)
        }

        mutating func text() throws(Corrupt) -> String {
            let n = try count()
            defer { at += n }
            guard let s = String(validating: bytes[at..<(at + n)], as: UTF8.self) else { throw corrupt("text that is not UTF-8") }
            return s
        }

        mutating func grid() throws(Corrupt) -> IntervalGrid {
            let start = try signed()
            let seconds = try signed()
            let n = try unsigned()
            guard IntervalGrid.supportedSeconds.contains(seconds) else { throw corrupt("an interval of \(seconds) s") }
            // a stored month is at most 31 days of 1-minute intervals; a year keeps the bound generous
            guard n <= 527_040 else { throw corrupt("a grid of \(n) intervals") }
            return IntervalGrid(start: Instant(secondsSinceEpoch: start), seconds: seconds, count: Int(n))
        }

        mutating func deltas(_ n: Int) throws(Corrupt) -> ContiguousArray<Int64> {
            guard n <= bytes.count - at else { throw corrupt("\(n) values with \(bytes.count - at) bytes left") }
            var out = ContiguousArray<Int64>(repeating: 0, count: n)
            var previous: Int64 = 0
            for i in 0..<n {
                previous = previous &+ (try signed())
                out[i] = previous
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
}
