import GridSettleCore

/// The ESPI `flowDirection` codes GridSettle reads and writes (FlowDirectionKind, ESPI 3.3 usage.xsd).
public enum ESPIFlowDirection: Int, Sendable, Hashable, CaseIterable {
    /// 1 forward: energy delivered by the grid to the customer (import) → `deliveredMicroKWh`.
    case delivered = 1
    /// 19 reverse: energy received by the grid from the customer (export) → `receivedMicroKWh`.
    case received = 19
    /// 4 net: forward minus reverse, signed; the reader splits the sign into delivered / received.
    case net = 4
}

/// One decoded ESPI `ReadingType` (the description of one channel), as found in the file.
///
/// Every field is the raw ESPI code (`nil` when the element is absent); ``direction`` and ``unitName`` decode
/// the ones GridSettle acts on. `ESPIReader.document` exposes these so a caller (or a test) can see how each
/// channel was classified without importing readings.
public struct ESPIReadingType: Sendable, Hashable {
    /// `file:line` of the `<ReadingType>` element.
    public var location: String
    /// The entry's `self` href as written, or empty.
    public var href: String
    /// The entry's Atom title, or empty.
    public var title: String
    public var accumulationBehaviour: Int?
    public var commodity: Int?
    public var currency: Int?
    public var dataQualifier: Int?
    public var defaultQuality: Int?
    public var flowDirection: Int?
    /// Seconds.
    public var intervalLength: Int64?
    public var kind: Int?
    public var phase: Int?
    public var powerOfTenMultiplier: Int?
    public var timeAttribute: Int?
    public var uom: Int?
    public var measuringPeriod: Int?

    public init(location: String, href: String = "", title: String = "") {
        self.location = location
        self.href = href
        self.title = title
    }

    /// Delivered, received or net when `flowDirection` is 1, 19 or 4.
    public var direction: ESPIFlowDirection? { flowDirection.flatMap(ESPIFlowDirection.init(rawValue:)) }

    /// The unit as text, e.g. `Wh ×10^3` or `VArh`.
    public var unitName: String {
        let u = uom.map { ESPICodes.uomName($0) } ?? "no uom"
        let p = powerOfTenMultiplier ?? 0
        return p == 0 ? u : "\(u) ×10^\(p)"
    }

    /// Same channel definition (every code equal), ignoring where it was found and what it was called.
    func sameDefinition(as o: ESPIReadingType) -> Bool {
        accumulationBehaviour == o.accumulationBehaviour && commodity == o.commodity && currency == o.currency
            && dataQualifier == o.dataQualifier && defaultQuality == o.defaultQuality && flowDirection == o.flowDirection
            && intervalLength == o.intervalLength && kind == o.kind && phase == o.phase
            && powerOfTenMultiplier == o.powerOfTenMultiplier && timeAttribute == o.timeAttribute && uom == o.uom
            && measuringPeriod == o.measuringPeriod
    }

    /// What the reader does with a channel of this type.
    enum Classification: Equatable {
        /// Interval energy in Wh: imported.
        case intervalEnergy(ESPIFlowDirection)
        /// A well-described channel that is not interval energy (VArh, demand, register reads, gas…): skipped
        /// with a warning giving the reason.
        case notImported(String)
        /// Something GridSettle needs is missing, so the values cannot be read: an error.
        case unreadable(field: String, expected: String)
    }

    /// Only energy channels become readings: `uom` 72 (Wh), `kind` 12 (energy) or absent, `accumulationBehaviour`
    /// 4 (deltaData) or absent, `flowDirection` 1, 19 or 4, `dataQualifier` none/normal/sum or absent, and an
    /// electricity `commodity` or none.
    func classify() -> Classification {
        guard let uom else {
            return .unreadable(field: "uom", expected: "a unit of measure (72 = Wh for interval energy); without it the values have no unit")
        }
        guard uom == 72 else {
            return .notImported("uom \(uom) (\(ESPICodes.uomName(uom))) is not real energy in Wh; GridSettle settles kWh only")
        }
        if let kind, kind != 12 {
            return .notImported("kind \(kind) (\(ESPICodes.kindName(kind))) is not energy (12)")
        }
        if let a = accumulationBehaviour, a != 4 {
            return .notImported(
                "accumulationBehaviour \(a) (\(ESPICodes.accumulationName(a))) is not interval data; GridSettle reads 4 (deltaData) only, register and cumulative values are not interval energy")
        }
        if let q = dataQualifier, ![0, 12, 26].contains(q) {
            return .notImported("dataQualifier \(q) (\(ESPICodes.dataQualifierName(q))) is not normal interval energy")
        }
        if let c = commodity, ![0, 1, 2, 26].contains(c) {
            return .notImported("commodity \(c) is not electricity")
        }
        guard let f = flowDirection else {
            return .unreadable(field: "flowDirection", expected: "1 (delivered), 19 (received) or 4 (net); without it delivered and received cannot be told apart")
        }
        guard let d = ESPIFlowDirection(rawValue: f) else {
            return .notImported("flowDirection \(f) (\(ESPICodes.flowName(f))) is neither delivered (1), received (19) nor net (4)")
        }
        return .intervalEnergy(d)
    }
}

/// A decoded `LocalTimeParameters` (XSD type TimeConfiguration). ESPI instants are UTC; these only say how the
/// sender turns them into local time, so the reader exposes them but does not use them.
public struct ESPILocalTimeParameters: Sendable, Hashable {
    public var location: String
    public var title: String
    /// Standard-time offset from UTC, seconds (−28800 Pacific).
    public var tzOffset: Int64?
    /// Daylight-time offset added in summer, seconds (usually 3600).
    public var dstOffset: Int64?
    /// Bit-packed DstRuleType, e.g. 0x360E2000; `0xFFFFFFFF` = no DST. `nil` when absent or not 8 hex digits.
    public var dstStartRule: UInt32?
    public var dstEndRule: UInt32?

    /// The DST rule fields (usage.xsd DstRuleType): month, operator, day of month, day of week (1 = Monday),
    /// hour, seconds. `nil` for `FFFFFFFF` (DST disabled).
    public struct DSTRule: Sendable, Hashable {
        public var month: Int
        /// 0 day of month; 1 weekday on or after day of month; 2…6 first…fifth weekday; 7 last weekday.
        public var op: Int
        public var dayOfMonth: Int
        public var dayOfWeek: Int
        public var hour: Int
        public var seconds: Int

        public init?(_ raw: UInt32) {
            guard raw != 0xFFFF_FFFF else { return nil }
            seconds = Int(raw & 0xFFF)
            hour = Int((raw >> 12) & 0x1F)
            dayOfWeek = Int((raw >> 17) & 0x7)
            dayOfMonth = Int((raw >> 20) & 0x1F)
            op = Int((raw >> 25) & 0x7)
            month = Int((raw >> 28) & 0xF)
        }
    }
}

/// Code tables (ESPI 3.3 usage.xsd enumerations) for messages, and the integer rules the reader uses.
enum ESPICodes {
    static func uomName(_ c: Int) -> String {
        switch c {
        case 72: return "Wh"
        case 73: return "VArh"
        case 71: return "VAh"
        case 38: return "W"
        case 63: return "VAr"
        case 61: return "VA"
        case 29: return "V"
        case 5: return "A"
        case 33: return "Hz"
        case 65: return "cosTheta"
        case 169: return "therm"
        case 119: return "ft³"
        case 42: return "m³"
        case 80: return "money"
        case 0: return "none"
        default: return "unit code \(c)"
        }
    }

    static func kindName(_ c: Int) -> String {
        switch c {
        case 12: return "energy"
        case 8: return "demand"
        case 37: return "power"
        case 38: return "powerFactor"
        case 54: return "voltage"
        case 4: return "current"
        case 15: return "frequency"
        case 3: return "currency"
        case 0: return "none"
        default: return "measurement kind \(c)"
        }
    }

    static func accumulationName(_ c: Int) -> String {
        switch c {
        case 0: return "none"
        case 1: return "bulkQuantity, a register read"
        case 2: return "continuousCumulative"
        case 3: return "cumulative"
        case 4: return "deltaData"
        case 6: return "indicating"
        case 9: return "summation"
        case 10: return "timeDelay"
        case 12: return "instantaneous"
        case 13: return "latchingQuantity"
        case 14: return "boundedQuantity"
        default: return "accumulation code \(c)"
        }
    }

    static func dataQualifierName(_ c: Int) -> String {
        switch c {
        case 0: return "none"
        case 2: return "average"
        case 4: return "excess"
        case 5: return "highThreshold"
        case 7: return "lowThreshold"
        case 8: return "maximum"
        case 9: return "minimum"
        case 11: return "nominal"
        case 12: return "normal"
        case 26: return "sum"
        default: return "data qualifier \(c)"
        }
    }

    static func flowName(_ c: Int) -> String {
        switch c {
        case 0: return "none"
        case 1: return "forward"
        case 2: return "lagging"
        case 3: return "leading"
        case 4: return "net"
        case 19: return "reverse"
        case 20: return "total"
        case 21: return "totalByPhase"
        case 5...18: return "reactive quadrant code"
        default: return "flow code \(c)"
        }
    }

    static func qualityName(_ c: Int) -> String {
        switch c {
        case 0: return "valid"
        case 7: return "manually edited"
        case 8: return "estimated using reference day"
        case 9: return "estimated using linear interpolation"
        case 10: return "questionable"
        case 11: return "derived"
        case 12: return "projected (forecast)"
        case 13: return "mixed"
        case 14: return "raw"
        case 15: return "normalized for weather"
        case 16: return "other"
        case 17: return "validated"
        case 18: return "verified"
        case 19: return "revenue-quality"
        default: return "not an ESPI quality code"
        }
    }

    /// ESPI QualityOfReading → ``DataQuality``, and whether the mapping is clearly "actual" (no warning).
    ///
    /// - 0 valid, 17 validated, 18 verified, 19 revenue-quality → actual;
    /// - 7 manually edited → edited;
    /// - 8, 9 estimated, 11 derived, 12 projected → estimated;
    /// - 10 questionable, 13 mixed, 14 raw (not validated), 15 normalized for weather, 16 other, and any code that
    ///   is not in the table (including non-numeric ones such as `quality1`) → estimated, because none of them is
    ///   settlement-quality meter data as received; each such code is warned about once with its count.
    static func quality(_ code: Int?) -> (DataQuality, clear: Bool) {
        switch code {
        case 0, 17, 18, 19: return (.actual, true)
        case 7: return (.edited, true)
        case 8, 9, 11, 12: return (.estimated, true)
        default: return (.estimated, false)
        }
    }

    enum IntFailure: Error { case notANumber, outOfRange }

    /// A decimal integer: optional `-`, then ASCII digits only (no `+`, spaces, decimals or exponents).
    static func int64(_ text: String) -> Result<Int64, IntFailure> {
        var v: Int64 = 0
        var negative = false
        var digits = 0
        var overflow = false
        for (k, b) in text.utf8.enumerated() {
            if k == 0 && b == UInt8(ascii: "-") {
                negative = true
                continue
            }
            guard b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") else { return .failure(.notANumber) }
            digits += 1
            if overflow { continue }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let d = Int64(b - UInt8(ascii: "0"))
            let (s, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
            if o1 || o2 { overflow = true } else { v = s }
        }
        if digits == 0 { return .failure(.notANumber) }
        return overflow ? .failure(.outOfRange) : .success(v)
    }

    /// 10^e for 0 ≤ e ≤ 18.
    static func pow10(_ e: Int) -> Int64? {
        guard e >= 0 && e <= 18 else { return nil }
        var r: Int64 = 1
        for _ in 0..<e { r *= 10 }
        return r
    }

    enum ScaleFailure: Error { case overflow, notWhole }

    /// `value × 10^(p+3)` µkWh for a Wh channel with powerOfTenMultiplier `p`, exactly or not at all.
    static func microKWh(value: Int64, powerOfTen p: Int) -> Result<Int64, ScaleFailure> {
        let e = p + 3
        if e >= 0 {
            if value == 0 { return .success(0) }
            guard let f = pow10(e) else { return .failure(.overflow) }
            let (r, o) = value.multipliedReportingOverflow(by: f)
            return o ? .failure(.overflow) : .success(r)
        }
        guard let d = pow10(-e) else { return value == 0 ? .success(0) : .failure(.notWhole) }
        guard value % d == 0 else { return .failure(.notWhole) }
        return .success(value / d)
    }
}
