/// Performance measured on a device's own meter (CAISO Metering Generator Output; seed 002's battery
/// baseline): the device's output above its typical output.
///
/// Output is µkW per slot with discharge positive (seed 002 writes the storage meter G the other way:
/// charging positive, so `output = −G` and `P = −(G − G_TYPICAL)`). Under MGO, output that leaves the site
/// (exports, beyond the gross site load) earns no credit `[V]`: `credited = min(output, grossLoad)`.
public enum MeterGeneratorOutput {
    /// The device's output per interval from a storage meter's registers: received − delivered (µkWh), so
    /// discharge is positive; missing where either register is.
    public static func output(delivered: EnergySeries, received: EnergySeries) -> EnergySeries {
        precondition(delivered.grid == received.grid, "registers must share a grid")
        var out = received
        for i in out.microKWh.indices {
            out.quality[i] = max(delivered.quality[i], received.quality[i])
            out.microKWh[i] = out.quality[i] == .missing ? 0 : received.microKWh[i] - delivered.microKWh[i]
        }
        return out
    }

    /// Performance per event slot, µkW: credited output − the (adjusted) typical output of `baseline`, which
    /// must be a baseline of the device's output. `grossLoad` (the site load as if the device were absent,
    /// µkW per slot of the event day) caps the credited output when given. nil where data are missing.
    public static func performance(_ baseline: BaselineResult, grossLoad: [Int64?]? = nil) -> [Int64?] {
        baseline.eventSlots.map { k in
            guard let out = baseline.actual[k], let typical = baseline.adjusted[k] else { return nil }
            var credited = out
            if let gross = grossLoad {
                guard let g = gross[k] else { return nil }
                credited = min(out, max(0, g))
            }
            return credited - typical
        }
    }
}
