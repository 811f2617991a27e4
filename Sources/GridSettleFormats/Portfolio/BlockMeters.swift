#if canImport(Glibc)
import Glibc
#endif
import GridSettleCore

/// The meters of one block of a readings file as its rows name them, for both layouts' parsers
/// (``ReadingsBlockParser``): each meter's columns in the order it first appears, and the meter of the row before,
/// so that a run of rows of one meter costs no hash lookup. It also makes the checks every row of either layout
/// needs: the meter is known, the start is an instant on a whole minute, the interval length is the meter's, the
/// quality code is one of A, E, S, M or empty.
struct BlockMeters {
    private let parser: ReadingsBlockParser
    /// Each meter's columns, at the slot ``head(_:in:p:idColumn:startColumn:startName:minutesColumn:qualityColumn:allowsMissing:)`` returns.
    var columns: [MeterReadingColumns] = []
    /// Meter ids in the order they first appear, so merged segments keep the file's order.
    private(set) var order: [String] = []
    private var slots: [String: Int] = [:]
    private var lastID: Range<Int>? = nil
    private var current: Int? = nil
    private var currentID = ""
    /// The current meter's interval length in seconds.
    private(set) var seconds: Int64 = 0
    /// The range the current meter's interval energy must lie in: at most 1 GW for the interval, the bound under
    /// which no sum or product of a period overflows.
    private(set) var most: ClosedRange<Int64> = 0...0

    init(_ parser: ReadingsBlockParser) { self.parser = parser }

    /// The columns by meter id.
    var byMeter: [String: MeterReadingColumns] {
        var out: [String: MeterReadingColumns] = [:]
        for (id, k) in slots { out[id] = columns[k] }
        return out
    }

    /// Checks the head of `row` (its fields are ranges of `buffer`): the meter in `idColumn`, the instant in
    /// `startColumn` (named `startName` in issues), the interval length in `minutesColumn`, the quality code in
    /// `qualityColumn` (`M` only when `allowsMissing`: the series layout leaves a missing value empty instead).
    /// Returns the meter's slot in ``columns``, the start and the quality; nil, with the problem reported through
    /// `p`, when one is wrong.
    mutating func head(
        _ row: CSVTable.Row, in buffer: UnsafeBufferPointer<UInt8>, p: FieldParser,
        idColumn: Int, startColumn: Int, startName: String, minutesColumn: Int, qualityColumn: Int, allowsMissing: Bool
    ) -> (slot: Int, start: Instant, quality: DataQuality)? {
        let idRange = row.fields[idColumn]
        if !(lastID.map { same(idRange, $0, in: buffer) } ?? false) {
            lastID = idRange
            let id = String(decoding: UnsafeBufferPointer(rebasing: buffer[idRange]), as: UTF8.self)
            if let s = parser.meters[id] {
                if slots[id] == nil {
                    slots[id] = columns.count
                    order.append(id)
                    columns.append(MeterReadingColumns(file: parser.file))
                }
                current = slots[id]
                currentID = id
                seconds = s
                most = 0...DatasetRanges.maximumMicroKWh(intervalSeconds: s)
            } else {
                current = nil
            }
        }
        guard let slot = current else {
            p.fail(row, "meter_id", parser.unknownMeter)
            return nil
        }
        // fields are read from the buffer without retaining the array per field; anything the fast path does not
        // take is parsed again by the field parser, which reports it exactly as every other reader does
        guard let start = TimestampParser.parse(bytes: UnsafeBufferPointer(rebasing: buffer[row.fields[startColumn]])), start.secondsSinceEpoch % 60 == 0 else {
            _ = p.instant(row, startName)  // reports it
            return nil
        }
        if ReadingsBlockParser.minutes(UnsafeBufferPointer(rebasing: buffer[row.fields[minutesColumn]])) != seconds {
            guard let rowSeconds = p.minutes(row, "interval_minutes") else { return nil }
            if rowSeconds != seconds {
                p.fail(row, "interval_minutes", "\(seconds / 60), the interval length of meter \(currentID) in \(parser.siteFile)")
                return nil
            }
        }
        let qRange = row.fields[qualityColumn]
        let q: DataQuality
        switch qRange.count == 1 ? buffer[qRange.lowerBound] : (qRange.isEmpty ? UInt8(ascii: "A") : 0) {
        case UInt8(ascii: "A"): q = .actual
        case UInt8(ascii: "E"): q = .edited
        case UInt8(ascii: "S"): q = .estimated
        case UInt8(ascii: "M") where allowsMissing: q = .missing
        default:
            p.fail(row, "quality", allowsMissing ? "A (actual), E (edited), S (estimated) or M (missing)"
                : "A (actual), E (edited) or S (estimated); a missing interval's value is left empty")
            return nil
        }
        return (slot, start, q)
    }

    private func same(_ a: Range<Int>, _ b: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        a.count == b.count && (a.isEmpty || memcmp(buffer.baseAddress! + a.lowerBound, buffer.baseAddress! + b.lowerBound, a.count) == 0)
    }
}
