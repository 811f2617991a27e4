/// BESS Idle (seed 001): when the storage is dispatched to zero or in manual mode, the CAISO revenue meter
/// records zeros in its load channel, so idle consumption (auxiliary load, or charging for the customer's
/// own use) is billed at retail and never also at wholesale.
///
/// Method 1 (signal, F3.2): the dataset's DISPATCH_TO_ZERO and MANUAL_MODE signals mark idle minutes.
/// Method 2 (calculation, F3.3): a sample is idle when it belongs to a maximal run of consecutive samples
/// with |P| below the threshold whose length exceeds the minimum duration (default < 500 kW for > 2 min,
/// `[U]`, both configurable). With `idleRetroactive` the whole run is idle; without it only the part after
/// the first `minimum` seconds of the run.
public enum BESSIdle {
    /// Idle minutes from mode signals (Method 1).
    public static func signalMask(signals: [ModeSignal], start: Instant, end: Instant) -> MinuteMask {
        var mask = MinuteMask(start: start, end: end)
        for s in signals { mask.mark(from: s.start, to: s.end) }
        return mask
    }

    /// Idle seconds per sample by calculation (Method 2).
    ///
    /// - Parameters:
    ///   - netMicroKWh: per-sample net energy (received − delivered, or the reverse: only |P| matters).
    ///   - missing: samples with no data; they break runs and are never idle.
    ///   - sampleSeconds: sample length.
    ///   - thresholdMicroKW: |P| strictly below this is "not charging or discharging".
    ///   - minimumSeconds: a run must last strictly longer than this.
    ///   - retroactive: whether the first `minimumSeconds` of a run count as idle.
    public static func calculatedIdleSeconds(
        netMicroKWh: ContiguousArray<Int64>, missing: ContiguousArray<Bool>, sampleSeconds: Int64,
        thresholdMicroKW: Int64, minimumSeconds: Int64, retroactive: Bool
    ) -> ContiguousArray<Int64> {
        let n = netMicroKWh.count
        var out = ContiguousArray<Int64>(repeating: 0, count: n)
        // |P| < T  ⇔  |E|·3600 < T·Δt   (exact, in µ units)
        let limit = Int128(thresholdMicroKW) * Int128(sampleSeconds)
        var i = 0
        while i < n {
            guard !missing[i], Int128(netMicroKWh[i].magnitude) * 3600 < limit else { i += 1; continue }
            var j = i
            while j < n && !missing[j] && Int128(netMicroKWh[j].magnitude) * 3600 < limit { j += 1 }
            let runSeconds = Int64(j - i) * sampleSeconds
            if runSeconds > minimumSeconds {
                for k in i..<j {
                    if retroactive {
                        out[k] = sampleSeconds
                    } else {
                        let sampleStart = Int64(k - i) * sampleSeconds
                        let sampleEnd = sampleStart + sampleSeconds
                        out[k] = max(0, min(sampleSeconds, sampleEnd - minimumSeconds))
                    }
                }
            }
            i = j
        }
        return out
    }
}
