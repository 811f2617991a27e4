/// The retail billing determinant after the dual-use adjustment (research F3.10 / F3.11):
/// `billed_h = M1 net import_h + addBack_h − backOut_h`, with the ledger's per-interval add-back and
/// back-out summed onto the master meter's (coarser or equal) grid. A master-meter interval that is
/// missing stays missing.
public enum RetailAdjustment {
    public static func apply(to unadjusted: EnergySeries, ledger: StorageLedger) -> EnergySeries {
        let addBack = resample(ledger.addBack, from: ledger.grid, to: unadjusted.grid.seconds)
        let backOut = resample(ledger.backOut, from: ledger.grid, to: unadjusted.grid.seconds)
        var adjusted = unadjusted
        for i in 0..<adjusted.count where adjusted.quality[i] != .missing {
            adjusted.microKWh[i] += addBack[i] - backOut[i]
        }
        return adjusted
    }

    /// Net import (delivered − received) per interval; missing if either register is missing.
    public static func netImport(_ m: MeterChannels) -> EnergySeries {
        var e = ContiguousArray<Int64>(repeating: 0, count: m.grid.count)
        var q = ContiguousArray<DataQuality>(repeating: .actual, count: m.grid.count)
        for i in 0..<m.grid.count {
            let worst = max(m.delivered.quality[i], m.received.quality[i])
            q[i] = worst
            e[i] = worst == .missing ? 0 : m.delivered.microKWh[i] - m.received.microKWh[i]
        }
        return EnergySeries(grid: m.grid, microKWh: e, quality: q)
    }

    /// Sums a per-interval column onto a grid `seconds / grid.seconds` times coarser.
    public static func resample(_ v: ContiguousArray<Int64>, from grid: IntervalGrid, to seconds: Int64) -> ContiguousArray<Int64> {
        if seconds == grid.seconds { return v }
        let k = Int(seconds / grid.seconds)
        var out = ContiguousArray<Int64>(repeating: 0, count: grid.count / k)
        for i in 0..<v.count { out[i / k] += v[i] }
        return out
    }
}
