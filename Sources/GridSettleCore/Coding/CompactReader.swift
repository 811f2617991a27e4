/// Reads what ``CompactWriter`` wrote. Total: any byte string either reads as values or throws ``Corrupt`` saying
/// where it stopped making sense, so a damaged stored row is reported, never trapped on.
public struct CompactReader: Sendable {
    /// A stored value that is not of the layout expected (a damaged row or a newer writer).
    public struct Corrupt: Error, Sendable, CustomStringConvertible {
        /// What was being read: "stored report figures", "stored statement", …
        public var what: String
        public var offset: Int
        public var reason: String
        public var description: String { "\(what): \(reason) at byte \(offset)" }

        public init(what: String, offset: Int, reason: String) {
            self.what = what
            self.offset = offset
            self.reason = reason
        }
    }

    public let bytes: [UInt8]
    public var at = 0
    public let what: String

    public init(_ bytes: [UInt8], what: String) {
        self.bytes = bytes
        self.what = what
    }

    public var atEnd: Bool { at == bytes.count }

    public func corrupt(_ reason: String) -> Corrupt { Corrupt(what: what, offset: at, reason: reason) }

    /// The layout's magic bytes, or an error naming them.
    public mutating func expect(magic: [UInt8]) throws(Corrupt) {
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            throw corrupt("no \(String(decoding: magic, as: UTF8.self)) header")
        }
        at = magic.count
    }

    /// Nothing may follow the last value.
    public func expectEnd() throws(Corrupt) {
        guard at == bytes.count else { throw corrupt("\(bytes.count - at) bytes after the end") }
    }

    public mutating func byte() throws(Corrupt) -> UInt8 {
        guard at < bytes.count else { throw corrupt("the value ends early") }
        defer { at += 1 }
        return bytes[at]
    }

    public mutating func unsigned() throws(Corrupt) -> UInt64 {
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

    public mutating func signed() throws(Corrupt) -> Int64 {
        let u = try unsigned()
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }

    /// A signed value inside `range`, or an error naming `what` and the range.
    public mutating func signed(in range: ClosedRange<Int64>, _ what: String) throws(Corrupt) -> Int64 {
        let v = try signed()
        guard range.contains(v) else { throw corrupt("\(what) \(v), expected \(range.lowerBound)…\(range.upperBound)") }
        return v
    }

    public mutating func flag() throws(Corrupt) -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        default: throw corrupt("a flag that is neither 0 nor 1")
        }
    }

    /// A count of items still to come: each takes at least one byte, so more than the bytes left is damage.
    public mutating func count() throws(Corrupt) -> Int {
        let n = try unsigned()
        guard n <= UInt64(bytes.count - at) else { throw corrupt("a count of \(n) with \(bytes.count - at) bytes left") }
        return Int(n)
    }

    /// A count of at most `limit` items (a reader that adds what they hold must not sum beyond 64 bits).
    public mutating func count(atMost limit: Int) throws(Corrupt) -> Int {
        let n = try count()
        guard n <= limit else { throw corrupt("a count of \(n), expected at most \(limit)") }
        return n
    }

    /// A whole number that was an `Int` count (not a count of items to come: e.g. a number of intervals).
    public mutating func int(atMost limit: Int) throws(Corrupt) -> Int {
        let n = try unsigned()
        guard n <= UInt64(limit) else { throw corrupt("a number \(n), expected at most \(limit)") }
        return Int(n)
    }

    public mutating func text() throws(Corrupt) -> String {
        let n = try count()
        defer { at += n }
        guard let s = String(validating: bytes[at..<(at + n)], as: UTF8.self) else { throw corrupt("text that is not UTF-8") }
        return s
    }

    /// One of an enumeration's raw values, or an error naming the text and `what` it should have been.
    public mutating func raw<T: RawRepresentable>(_ type: T.Type, _ what: String) throws(Corrupt) -> T where T.RawValue == String {
        let text = try text()
        guard let v = T(rawValue: text) else { throw corrupt("\(what) '\(text)' is not one this version knows") }
        return v
    }

    public mutating func optional<T>(_ read: (inout CompactReader) throws(Corrupt) -> T) throws(Corrupt) -> T? {
        try flag() ? try read(&self) : nil
    }

    /// Instants of the years 0001–9999: local time and interval ends stay far from the 64-bit edge.
    public static let instants: ClosedRange<Int64> = -62_135_596_800...253_402_300_799

    /// An instant inside ``instants``.
    public mutating func instant() throws(Corrupt) -> Instant {
        Instant(secondsSinceEpoch: try signed(in: Self.instants, "an instant (seconds from 1970)"))
    }

    /// One of the zones a site file may name, exactly: an offset from damaged bytes would overflow the time arithmetic.
    public mutating func zone() throws(Corrupt) -> MarketTimeZone {
        let id = try text()
        let offset = try signed()
        let dst = try flag()
        guard let zone = MarketTimeZone.named(id), zone.standardOffsetSeconds == offset, zone.observesDST == dst else {
            throw corrupt("time zone '\(id)' with offset \(offset) s is not one a site may name")
        }
        return zone
    }
}
