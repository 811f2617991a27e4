import GridSettleCore
import Testing

@testable import GridSettleFormats

/// The text bill of `gridsettle bill`, on small hand-made bills: exact lines.
@Suite("Bill text")
struct BillTextTests {
    static let june = BillingCycle.calendarMonth(year: 2018, month: 6)

    static func line(
        _ kind: BillLine.Kind, _ code: String, _ description: String, _ quantity: Int64, _ unit: String, _ price: Int64,
        _ priceUnit: String, _ amount: Int64
    ) -> BillLine {
        BillLine(kind: kind, code: code, description: description, quantity: quantity, quantityUnit: unit, unitPrice: price,
                 priceUnit: priceUnit, amountMicros: amount, rule: "TEST", runs: [])
    }

    /// 1234.5678 kWh × 0.11343 $/kWh = 140.037026 $; 157.5 kW × 29.54 $/kW = 4652.55 $; 30.416667 days ×
    /// 0.50 $/day = 15.208334 $; 12.345 kWh × 0.05 $/kWh credited = −0.61725 $.
    static let withoutStorage = RetailBill(
        label: "2018-06", cycle: june,
        lines: [
            line(.energy, "ENERGY-P0", "Energy, on-peak", 1_234_567_800, "kWh", 113_430, "$/kWh", 140_037_026),
            line(.touDemand, "DEMAND-TOU-P2", "Time-related demand, period 2", 157_500_000, "kW", 29_540_000, "$/kW", 4_652_550_000),
            line(.fixed, "FIXED", "Customer charge", 1_000_000, "month", 447_440_000, "$/month", 447_440_000),
            line(.fixed, "DAILY", "Daily charge", 30_416_667, "days", 500_000, "$/day", 15_208_334),
            line(.exportCredit, "CREDIT-EXPORT-P0", "Export credit, on-peak", 12_345_000, "kWh", 50_000, "$/kWh", -617_250),
        ],
        uncreditedExportMicroKWh: 0, missingIntervals: 3, estimatedIntervals: 2,
        notes: ["1 demand window(s) had missing intervals: demand averaged over the intervals present"])

    /// Storage shifts 200 kWh off the peak, cuts the peak to 117.25 kW and removes the export.
    static let withStorage = RetailBill(
        label: "2018-06", cycle: june,
        lines: [
            line(.energy, "ENERGY-P0", "Energy, on-peak", 1_034_567_800, "kWh", 113_430, "$/kWh", 117_351_026),
            line(.touDemand, "DEMAND-TOU-P2", "Time-related demand, period 2", 117_250_000, "kW", 29_540_000, "$/kW", 3_463_565_000),
            line(.fixed, "FIXED", "Customer charge", 1_000_000, "month", 447_440_000, "$/month", 447_440_000),
            line(.fixed, "DAILY", "Daily charge", 30_416_667, "days", 500_000, "$/day", 15_208_334),
        ],
        uncreditedExportMicroKWh: 1_500_000, missingIntervals: 3, estimatedIntervals: 2)

    @Test("one month: the line table, the total, interval counts and notes")
    func oneMonth() {
        let lines = BillText.bill(Self.withoutStorage, title: "Bill 2018-06", intervals: 720)
        #expect(lines == [
            "Bill 2018-06 (2018-06-01 to 2018-06-30, 30 days)",
            "code              description                    quantity  unit   unit price  price unit  amount $",
            "----------------  -----------------------------  --------  -----  ----------  ----------  --------",
            "ENERGY-P0         Energy, on-peak                1234.568  kWh      0.11343   $/kWh         140.04",
            "DEMAND-TOU-P2     Time-related demand, period 2   157.5    kW      29.54      $/kW         4652.55",
            "FIXED             Customer charge                   1      month  447.44      $/month       447.44",
            "DAILY             Daily charge                     30.417  days     0.50      $/day          15.21",
            "CREDIT-EXPORT-P0  Export credit, on-peak           12.345  kWh      0.05      $/kWh          -0.62",
            "----------------  -----------------------------  --------  -----  ----------  ----------  --------",
            "TOTAL                                                                                      5254.62",
            "missing intervals: 3 of 720   estimated intervals: 2   (no data: energy and demand of missing intervals are not billed)",
            "note: 1 demand window(s) had missing intervals: demand averaged over the intervals present",
        ])
    }

    @Test("uncredited export is shown; without an interval count the missing line has no total")
    func uncreditedExport() {
        let lines = BillText.bill(Self.withStorage, title: "Bill with storage, 2018-06")
        #expect(lines.suffix(2) == [
            "missing intervals: 3   estimated intervals: 2   (no data: energy and demand of missing intervals are not billed)",
            "uncredited export: 1.500 kWh (exported energy that earns no credit)",
        ])
    }

    @Test("savings by line: only the changed lines, and the total")
    func savings() {
        let lines = BillText.savings(BillComparison(base: Self.withoutStorage, other: Self.withStorage))
        #expect(lines == [
            "Savings by line, 2018-06 (change = with storage − without storage; negative = saving)",
            "code              description                    quantity change  unit  without storage $  with storage $  change $",
            "----------------  -----------------------------  ---------------  ----  -----------------  --------------  --------",
            "ENERGY-P0         Energy, on-peak                       -200      kWh              140.04          117.35    -22.69",
            "DEMAND-TOU-P2     Time-related demand, period 2          -40.25   kW              4652.55         3463.57  -1188.98",
            "CREDIT-EXPORT-P0  Export credit, on-peak                 -12.345  kWh               -0.62            0.00      0.62",
            "----------------  -----------------------------  ---------------  ----  -----------------  --------------  --------",
            "TOTAL                                                                             5254.62         4043.57  -1211.05",
            "savings: 1211.05 $",
        ])
    }

    @Test("summary of the period: totals without and with storage, and the savings")
    func summary() {
        #expect(BillText.summary(withoutStorage: [Self.withoutStorage], withStorage: [Self.withStorage]) == [
            "Summary, 2018-06, 1 bill (savings = without storage − with storage)",
            "month    without storage $  with storage $  savings $",
            "-------  -----------------  --------------  ---------",
            "2018-06            5254.62         4043.57    1211.05",
            "-------  -----------------  --------------  ---------",
            "TOTAL              5254.62         4043.57    1211.05",
        ])
        #expect(BillText.summary(withoutStorage: [], withStorage: nil) == ["No bills: the load data covers no month."])
    }

    @Test("quantities: up to 3 decimals, unit prices up to 6 (at least 2), aligned on the point")
    func numbers() {
        #expect(BillText.quantity(31_000_000) == "31    ")
        #expect(BillText.quantity(1_500_000) == "1.5  ")
        #expect(BillText.quantity(-40_250_000) == "-40.25 ")
        #expect(BillText.quantity(1_234_567_800) == "1234.568")
        #expect(BillText.quantity(0) == "0    ")
        #expect(BillText.unitPrice(113_430) == "0.11343 ")
        #expect(BillText.unitPrice(447_440_000) == "447.44    ")
        #expect(BillText.unitPrice(500_000) == "0.50    ")
        #expect(BillText.unitPrice(1) == "0.000001")
    }

    @Test("JSON: an array of months; amounts as strings with 2 decimals, quantities as decimal strings")
    func json() throws {
        let v = BillJSON.value(withoutStorage: [Self.withoutStorage], withStorage: [Self.withStorage])
        guard case .array(let months) = v, months.count == 1, case .object(let month) = months[0] else {
            Issue.record("expected an array with one month object")
            return
        }
        #expect(month.map(\.0) == ["month", "start", "lastDay", "days", "bill", "withStorage", "comparison"])
        let text = v.serialized()
        #expect(text.contains(#""quantity": "1234.567800""#))
        #expect(text.contains(#""amount": "-0.62""#))
        #expect(text.contains(#""total": "5254.62""#))
        #expect(text.contains(#""totalChange": "-1211.05""#))
        #expect(text.contains(#""savings": "1211.05""#))
        #expect(text.contains(#""quantityWithStorage": null"#))
        // without storage: no comparison
        guard case .array(let plain) = BillJSON.value(withoutStorage: [Self.withoutStorage]), case .object(let m) = plain[0] else {
            Issue.record("expected an array")
            return
        }
        #expect(m.map(\.0) == ["month", "start", "lastDay", "days", "bill"])
    }
}
