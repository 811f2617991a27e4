import GridSettleCore
import Testing

@Suite("FixedPointFormat.parse")
struct FixedPointParseTests {
    @Test(
        "parses exactly",
        arguments: [
            ("12.3456", 6, Int64(12_345_600)),
            ("-0.000001", 6, -1),
            ("+3", 6, 3_000_000),
            ("3", 6, 3_000_000),
            ("0", 6, 0),
            ("-0", 6, 0),
            ("0.5", 6, 500_000),
            (".5", 6, 500_000),
            ("-.25", 6, -250_000),
            ("7.", 6, 7_000_000),
            ("1.0000000", 6, 1_000_000),  // trailing zeros beyond the scale are accepted
            ("1.000000000000", 6, 1_000_000),
            ("-2.50000000", 6, -2_500_000),
            ("0012.3400", 6, 12_340_000),
            ("123", 0, 123),
            ("123.000", 0, 123),
            ("-45.67", 2, -4_567),
            ("9223372036854.775807", 6, Int64.max),
            ("-9223372036854.775808", 6, Int64.min),
            ("9223372036854775807", 0, Int64.max),
            ("-9223372036854775808", 0, Int64.min),
            ("0.000000000000000001", 18, 1),
        ])
    func parsesValid(_ text: String, _ scale: Int, _ expected: Int64) {
        #expect(FixedPointFormat.parse(text, scale: scale) == .success(expected))
    }

    @Test(
        "rejects what is not a number",
        arguments: ["-", "+", ".", "-.", "1.2.3", "abc", "1e5", "1,5", " 1", "1 ", "--1", "+-1", "1-", "0x10", "½", "١"])
    func rejectsNotANumber(_ text: String) {
        #expect(FixedPointFormat.parse(text, scale: 6) == .failure(.notANumber))
    }

    @Test("empty input")
    func empty() {
        #expect(FixedPointFormat.parse("", scale: 6) == .failure(.empty))
        #expect(FixedPointFormat.parse([UInt8](), scale: 2) == .failure(.empty))
    }

    @Test(
        "more decimals than the scale is an error, never a silent rounding",
        arguments: [
            ("1.0000001", 6), ("0.0000005", 6), ("1.00000010", 6), ("-1.0000001", 6), ("1.5", 0), ("0.123", 2),
        ])
    func tooManyDecimals(_ text: String, _ scale: Int) {
        #expect(FixedPointFormat.parse(text, scale: scale) == .failure(.tooManyDecimals(max: scale)))
    }

    @Test(
        "out of Int64 range",
        arguments: [
            ("9223372036854.775808", 6), ("-9223372036854.775809", 6), ("9223372036854775808", 0),
            ("10000000000000", 6), ("99999999999999999999999999999999999999999", 0), ("10", 18),
        ])
    func outOfRange(_ text: String, _ scale: Int) {
        #expect(FixedPointFormat.parse(text, scale: scale) == .failure(.outOfRange))
    }

    @Test("parses any collection of bytes, e.g. a slice of a CSV line")
    func parsesSlices() {
        let line = Array("abc,12.5,x".utf8)
        #expect(FixedPointFormat.parse(line[4..<8], scale: 3) == .success(12_500))
        #expect(FixedPointFormat.parse("-0.75".utf8, scale: 6) == .success(-750_000))
    }

    @Test("parse and decimal round-trip over many values")
    func roundTrip() {
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2_000 {
            // xorshift for a spread of magnitudes and signs
            x ^= x << 13
            x ^= x >> 7
            x ^= x << 17
            let shift = Int(x % 60)
            let v = Int64(bitPattern: x) >> shift
            let text = FixedPointFormat.decimal(v, scale: 6, fractionDigits: 6)
            #expect(FixedPointFormat.parse(text, scale: 6) == .success(v), "\(v) → \(text)")
        }
    }
}

@Suite("FixedPointFormat.decimal")
struct FixedPointDecimalTests {
    static let cases: [(Int64, Int, Int, String)] = [
            (1_234_565, 6, 5, "1.23457"),
            (-1_234_565, 6, 5, "-1.23457"),
            (1_234_564, 6, 5, "1.23456"),
            (-1_234_564, 6, 5, "-1.23456"),
            (1_234_567, 6, 6, "1.234567"),
            (-1_234_567, 6, 6, "-1.234567"),
            (1_500_000, 6, 0, "2"),
            (-1_500_000, 6, 0, "-2"),
            (2_500_000, 6, 0, "3"),
            (1_499_999, 6, 0, "1"),
            (-1_499_999, 6, 0, "-1"),
            (5, 6, 6, "0.000005"),
            (-5, 6, 6, "-0.000005"),
            (-5, 6, 5, "-0.00001"),
            (-4, 6, 5, "0.00000"),  // rounds to zero: no "-0"
            (4, 6, 5, "0.00000"),
            (0, 6, 2, "0.00"),
            (0, 0, 0, "0"),
            (-123_450_000, 6, 2, "-123.45"),
            (-1_234_500_000, 6, 2, "-1234.50"),
            (999_995, 6, 2, "1.00"),
            (-999_995, 6, 2, "-1.00"),
            (42, 0, 0, "42"),
            (-42, 0, 0, "-42"),
            (12_345, 3, 1, "12.3"),
            (12_350, 3, 1, "12.4"),
            (Int64.max, 6, 6, "9223372036854.775807"),
            (Int64.min, 6, 6, "-9223372036854.775808"),
            (Int64.min, 6, 0, "-9223372036855"),
            (Int64.max, 18, 18, "9.223372036854775807"),
            (Int64.min, 18, 2, "-9.22"),
        ]

    @Test("formats with rounding half away from zero", arguments: cases)
    func formats(_ value: Int64, _ scale: Int, _ digits: Int, _ expected: String) {
        #expect(FixedPointFormat.decimal(value, scale: scale, fractionDigits: digits) == expected)
    }

    @Test("pow10")
    func pow10() {
        #expect(FixedPointFormat.pow10(0) == 1)
        #expect(FixedPointFormat.pow10(6) == 1_000_000)
        #expect(FixedPointFormat.pow10(18) == 1_000_000_000_000_000_000)
        // every entry of the table is ten times the one before it, up to the largest an Int128 holds
        for n in 1...38 { #expect(FixedPointFormat.pow10(n) == FixedPointFormat.pow10(n - 1) * 10, "\(n)") }
        #expect(FixedPointFormat.pow10(38) > Int128.max / 10)
    }
}

@Suite("Rounding")
struct FixedPointRoundingTests {
    static let divisions: [(Int128, Int128, Int128)] = [
            (0, 7, 0),
            (14, 7, 2),
            (-14, 7, -2),
            (5, 10, 1),
            (-5, 10, -1),
            (4, 10, 0),
            (-4, 10, 0),
            (6, 10, 1),
            (-6, 10, -1),
            (15, 10, 2),
            (-15, 10, -2),
            (25, 10, 3),  // not banker's rounding
            (-25, 10, -3),
            (1, 2, 1),
            (-1, 2, -1),
            (1, 3, 0),
            (2, 3, 1),
            (-2, 3, -1),
            (7, 1, 7),
            (-7, 1, -7),
            (49_999, 10_000, 5),
            (44_999, 10_000, 4),
            (Int128.max, 1, Int128.max),
            (Int128.min, 1, Int128.min),
            (Int128.max, Int128.max, 1),
            (Int128.min, Int128.max, -1),
            (Int128.max / 2, Int128.max, 0),  // just under a half
            (Int128.max / 2 + 1, Int128.max, 1),  // just over a half
            (-(Int128.max / 2 + 1), Int128.max, -1),
            (Int128.min, 2, Int128.min / 2),
        ]

    @Test("divideHalfAwayFromZero", arguments: divisions)
    func divide(_ n: Int128, _ d: Int128, _ expected: Int128) {
        #expect(Rounding.divideHalfAwayFromZero(n, by: d) == expected)
    }

    @Test("a negative divisor rounds the exact quotient half away from zero, as a positive one does")
    func divideBySigned() {
        #expect(Rounding.divideHalfAwayFromZero(7, bySigned: -2) == -4)  // -3.5
        #expect(Rounding.divideHalfAwayFromZero(-7, bySigned: -2) == 4)
        #expect(Rounding.divideHalfAwayFromZero(5, bySigned: -3) == -2)  // -1.67
        #expect(Rounding.divideHalfAwayFromZero(4, bySigned: -3) == -1)  // -1.33
        for d in [Int128(-7), -3, -2, 2, 3, 7] {
            for n in Int128(-200)...200 {
                let p = Rounding.divideHalfAwayFromZero(n, bySigned: d)
                // within half a unit of the exact quotient, and a tie goes away from zero
                let twiceError = (n - p * d).magnitude * 2
                #expect(twiceError < d.magnitude || (twiceError == d.magnitude && p.magnitude * d.magnitude > n.magnitude))
            }
        }
    }

    @Test("symmetric: a charge and its credit round to the same magnitude")
    func symmetric() {
        for d in [Int128(2), 3, 7, 10, 10_000, 1_000_000] {
            for n in Int128(-3_000)...3_000 {
                let p = Rounding.divideHalfAwayFromZero(n, by: d)
                #expect(Rounding.divideHalfAwayFromZero(-n, by: d) == -p)
                // Within half a unit of the exact quotient: |n - p·d| ≤ d/2.
                let err = (n - p * d).magnitude * 2
                #expect(err <= d.magnitude)
            }
        }
    }

    @Test("int64 conversion")
    func int64() {
        #expect(Rounding.int64(Int128(Int64.max)) == Int64.max)
        #expect(Rounding.int64(Int128(Int64.min)) == Int64.min)
        #expect(Rounding.int64(-42) == -42)
    }
}

@Suite("Money")
struct FixedPointMoneyTests {
    @Test(
        "roundedToCents is half away from zero",
        arguments: [
            (Int64(5_000), Int64(1)),
            (-5_000, -1),
            (4_999, 0),
            (-4_999, 0),
            (5_001, 1),
            (14_999, 1),
            (15_000, 2),
            (-15_000, -2),
            (0, 0),
            (10_000, 1),
            (-10_000, -1),
            (1_234_565_000, 123_457),
            (-1_234_565_000, -123_457),
            (-1_234_564_999, -123_456),
        ])
    func roundedToCents(_ micros: Int64, _ cents: Int64) {
        let m = Money(micros: micros)
        #expect(m.roundedToCents == Money(micros: cents * 10_000))
        #expect(m.roundedToCents.micros % 10_000 == 0)
        #expect(m.cents == cents)
    }

    @Test(
        "description shows dollars with two decimals after rounding",
        arguments: [
            (Int64(-1_234_500_000), "-1234.50"),
            (1_234_500_000, "1234.50"),
            (0, "0.00"),
            (5_000, "0.01"),
            (-5_000, "-0.01"),
            (4_999, "0.00"),
            (-4_999, "0.00"),
            (-1_234_565_000, "-1234.57"),
            (99_995_000, "100.00"),
            (12_345_678, "12.35"),
            (-10_000, "-0.01"),
            (-990_000, "-0.99"),
        ])
    func description(_ micros: Int64, _ text: String) {
        #expect(Money(micros: micros).description == text)
    }

    @Test("exactDescription keeps six decimals")
    func exactDescription() {
        #expect(Money(micros: 12_345_678).exactDescription == "12.345678")
        #expect(Money(micros: -1).exactDescription == "-0.000001")
        #expect(Money.zero.exactDescription == "0.000000")
    }

    @Test("arithmetic and cents initializer")
    func arithmetic() {
        #expect(Money(cents: 12_345).micros == 123_450_000)
        #expect(Money(cents: 12_345).description == "123.45")
        #expect(Money(cents: -1).micros == -10_000)
        let a = Money(micros: 1_500_000)
        let b = Money(micros: 250_000)
        #expect((a + b).micros == 1_750_000)
        #expect((a - b).micros == 1_250_000)
        #expect((b - a).micros == -1_250_000)
        #expect((-a).micros == -1_500_000)
        var c = Money.zero
        c += a
        c += b
        #expect(c == Money(micros: 1_750_000))
        #expect(b < a)
        #expect(!(a < a))
        #expect([a, b, Money.zero].max() == a)
    }

    @Test("rounding the sum, not summing the rounded: order-independent totals")
    func sumThenRound() {
        // Three lines of $0.004 sum to $0.012, which rounds to $0.01; rounding each first would give $0.00.
        let lines = [Money(micros: 4_000), Money(micros: 4_000), Money(micros: 4_000)]
        let total = lines.reduce(Money.zero, +)
        #expect(total.cents == 1)
        #expect(lines.map(\.cents).reduce(0, +) == 0)
        #expect(lines.reversed().reduce(Money.zero, +) == total)
    }
}

@Suite("Units")
struct FixedPointUnitsTests {
    @Test("conversions")
    func conversions() {
        #expect(Units.microKWh(1.5) == 1_500_000)
        #expect(Units.microKWh(0.1) == 100_000)
        #expect(Units.kWh(2_500_000) == 2.5)
        #expect(Units.formatKWh(1_234_567) == "1.235")
        #expect(Units.formatKWh(-1_234_500, digits: 1) == "-1.2")
        #expect(Units.formatKWh(-1_250_000, digits: 1) == "-1.3")
    }

    @Test("average power from interval energy")
    func averagePower() {
        // 1 kWh over 15 minutes is 4 kW.
        #expect(Units.averageMicroKW(microKWh: 1_000_000, seconds: 900) == 4_000_000)
        #expect(Units.averageMicroKW(microKWh: -250_000, seconds: 300) == -3_000_000)
        #expect(Units.averageMicroKW(microKWh: 1_000_000, seconds: 3600) == 1_000_000)
        // 1 µkWh over 7 s = 514.2857… µkW → 514; 1 µkWh over 2400 s = 1.5 µkW → 2 (half away from zero).
        #expect(Units.averageMicroKW(microKWh: 1, seconds: 7) == 514)
        #expect(Units.averageMicroKW(microKWh: 1, seconds: 2400) == 2)
        #expect(Units.averageMicroKW(microKWh: -1, seconds: 2400) == -2)
    }
}
