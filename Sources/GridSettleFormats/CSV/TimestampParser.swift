import GridSettleCore

/// Parses ISO 8601 timestamps with an explicit UTC designator or offset, fixed width:
/// `YYYY-MM-DDTHH:MM:SSZ`, `YYYY-MM-DDTHH:MM:SS+HH:MM` or `…-HH:MM` (also `…:SS.000Z`).
///
/// A local time without an offset is refused: on the fall-back day it is ambiguous. Hand-written because
/// `ISO8601DateFormatter` costs ~78 µs per call on Linux (research swift_architecture.md §4).
public enum TimestampParser {
    public static func parse(_ b: ArraySlice<UInt8>) -> Instant? { parse(bytes: b) }

    /// Generic so the readings reader parses straight from its unsafe buffer, with no array retained per field.
    static func parse<C: RandomAccessCollection>(bytes b: C) -> Instant? where C.Element == UInt8, C.Index == Int {
        let s = b.startIndex
        guard b.count >= 20 else { return nil }
        func d(_ k: Int) -> Int? {
            let c = b[s + k]
            return c >= 48 && c <= 57 ? Int(c - 48) : nil
        }
        func num(_ k: Int, _ len: Int) -> Int? {
            var v = 0
            for x in k..<(k + len) {
                guard let dd = d(x) else { return nil }
                v = v * 10 + dd
            }
            return v
        }
        guard b[s + 4] == 45, b[s + 7] == 45, b[s + 10] == 84 || b[s + 10] == 32, b[s + 13] == 58, b[s + 16] == 58,
            let y = num(0, 4), let mo = num(5, 2), let da = num(8, 2), let h = num(11, 2), let mi = num(14, 2),
            let se = num(17, 2), (1...12).contains(mo), da >= 1, da <= LocalDate.daysInMonth(year: y, month: mo),
            h < 24, mi < 60, se < 60
        else { return nil }
        var k = 19
        // optional fraction of zeros
        if b.count > k && b[s + k] == 46 {
            k += 1
            while k < b.count, let z = d(k) {
                guard z == 0 else { return nil }
                k += 1
            }
        }
        guard k < b.count else { return nil }
        var offset = 0
        if b[s + k] == 90 {  // Z
            guard k + 1 == b.count else { return nil }
        } else if b[s + k] == 43 || b[s + k] == 45 {
            guard k + 6 == b.count, b[s + k + 3] == 58, let oh = num(k + 1, 2), let om = num(k + 4, 2), oh < 24, om < 60 else {
                return nil
            }
            offset = (oh * 3600 + om * 60) * (b[s + k] == 45 ? -1 : 1)
        } else {
            return nil
        }
        let days = LocalDate(year: y, month: mo, day: da).daysSinceEpoch
        return Instant(secondsSinceEpoch: days * 86_400 + Int64(h * 3600 + mi * 60 + se) - Int64(offset))
    }

    public static func parse(_ text: String) -> Instant? { parse(ArraySlice(Array(text.utf8))) }

    /// What the error messages say a timestamp must look like.
    public static let expected = "an ISO 8601 instant with Z or an offset, e.g. 2016-11-06T09:00:00Z or 2016-11-06T01:00:00-08:00"
}
