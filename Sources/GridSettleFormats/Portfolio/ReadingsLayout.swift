import GridSettleCore

/// The two layouts of a readings file (docs/dataset-format.md §4.1), told apart by the header.
///
/// Meter data management systems export interval data either one row per interval or one row per meter,
/// channel and day with the day's values side by side. The second is a quarter of the bytes for 5-minute
/// data (one instant and one meter id per 288 values), and a portfolio reads either.
enum ReadingsLayout: Equatable {
    /// One row per meter and interval with both channels: ``DatasetFiles/Columns/readings``.
    case intervals
    /// One row per meter, channel and run of consecutive intervals: ``seriesColumns`` then `kwh_1` … `kwh_<values>`.
    case series(values: Int)

    static let seriesColumns = ["meter_id", "channel", "start", "interval_minutes", "quality"]
    /// A 31-day month of 5-minute values: a row is at most that long.
    static let maximumValues = 8_928

    /// The columns a file of this layout must have.
    var columns: [String] {
        switch self {
        case .intervals: return DatasetFiles.Columns.readings
        case .series(let n): return Self.seriesColumns + (1...max(1, n)).map { "kwh_\($0)" }
        }
    }

    /// The layout of the file whose first line is at the start of `bytes`: the series layout when the header has a
    /// `channel` column. Value columns must be `kwh_1` … `kwh_N` without a gap (in any order); anything else named
    /// `kwh_…` is an issue here, so the message does not list thousands of expected names.
    static func of(fileStartingWith bytes: [UInt8], file: String) -> Result<ReadingsLayout, DatasetIssue> {
        var i = 0
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { i = 3 }  // UTF-8 BOM, as CSVTable
        let end = bytes[i...].firstIndex(of: 10) ?? bytes.count
        let names = String(decoding: bytes[i..<end], as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
        guard names.contains("channel") else { return .success(.intervals) }
        let values = names.filter { $0.hasPrefix("kwh_") }
        for (k, name) in names.enumerated() where name.hasPrefix("kwh_") {
            let digits = name.dropFirst(4)
            let number = digits.first == "0" || digits.count > 5 ? nil : Int(digits)
            guard let number, digits.allSatisfy({ $0.isASCII && $0.isNumber }), (1...values.count).contains(number) else {
                return .failure(DatasetIssue(location: "\(file):1:\(k + 1)", field: "header", value: name,
                                             expected: "value columns kwh_1 … kwh_\(values.count), numbered from 1 without a gap (series layout, docs/dataset-format.md §4.1)"))
            }
        }
        guard values.count <= maximumValues else {
            return .failure(DatasetIssue(location: "\(file):1", field: "header", value: "kwh_1 … kwh_\(values.count)",
                                         expected: "at most \(maximumValues) value columns (a 31-day month of 5-minute values; split longer series into rows)"))
        }
        return .success(.series(values: values.count))
    }
}
