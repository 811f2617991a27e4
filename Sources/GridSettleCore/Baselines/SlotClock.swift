/// Slots as local clock labels, the one way every baseline output (text, CSV, HTML) names them.
public enum SlotClock {
    /// Short weekday names, index = ``LocalDate/weekday`` (0 = Sunday).
    public static let weekdayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    /// Slot `k` of `minutes` as "HH:MM" (the day's end is "24:00").
    public static func label(_ k: Int, minutes: Int) -> String {
        let m = k * minutes
        return (m / 60 < 10 ? "0" : "") + "\(m / 60):" + (m % 60 < 10 ? "0" : "") + "\(m % 60)"
    }

    /// Sorted slots as runs of consecutive slots.
    public static func runs(_ slots: [Int]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for k in slots {
            if let last = out.last, last.upperBound == k {
                out[out.count - 1] = last.lowerBound..<(k + 1)
            } else {
                out.append(k..<(k + 1))
            }
        }
        return out
    }

    /// Runs as clock ranges: [10, 11, 12, 17] of 60 minutes → "10:00–13:00, 17:00–18:00".
    public static func ranges(_ slots: [Int], minutes: Int) -> String {
        runs(slots).map { "\(label($0.lowerBound, minutes: minutes))–\(label($0.upperBound, minutes: minutes))" }.joined(separator: ", ")
    }
}
