/// Meter-data Validation, Estimation and Editing (VEE) before settlement.
///
/// CAISO Tariff §10.1.3.4(b) asks a scheduling-coordinator-metered entity to describe its VEE procedure;
/// this is GridSettle's, documented in docs/rules.md ("VEE"):
/// 1. **Editing**: manual edits from the dataset are applied first; each one is logged with the old value.
/// 2. **Validation**: values above the meter's rating (impossible energy for the interval), gaps, and a
///    channel mismatch between meters (the storage meter showing more net load than the master meter
///    behind which it sits) become findings naming meter, interval, field, value and expectation.
/// 3. **Estimation**: a gap of at most `maxEstimatedGapIntervals` intervals with actual data on both sides
///    is filled by linear interpolation between the neighbouring values, flagged `.estimated` and logged.
///    Longer gaps stay missing: the statement is then provisional.
public enum VEE {
    public static func run(_ dataset: Dataset) -> VEEResult {
        var meters = dataset.meters
        var findings: [VEEFinding] = []
        var audit: [VEEAuditEntry] = []
        let maxGap = dataset.config.policies.maxEstimatedGapIntervals

        // 1. edits
        for edit in dataset.edits {
            guard var m = meters[edit.meterID], let i = m.grid.index(startingAt: edit.intervalStart) else {
                findings.append(
                    VEEFinding(
                        severity: .error, code: "VEE-EDIT-TARGET", meterID: edit.meterID, interval: edit.intervalStart,
                        field: edit.channel.rawValue, value: Units.formatKWh(edit.newMicroKWh, digits: 6),
                        expected: "an interval start of a meter in the site file", source: edit.source))
                continue
            }
            let old: Int64
            let oldQ: DataQuality
            switch edit.channel {
            case .delivered:
                old = m.delivered.microKWh[i]
                oldQ = m.delivered.quality[i]
                m.delivered.microKWh[i] = edit.newMicroKWh
                m.delivered.quality[i] = .edited
            case .received:
                old = m.received.microKWh[i]
                oldQ = m.received.quality[i]
                m.received.microKWh[i] = edit.newMicroKWh
                m.received.quality[i] = .edited
            }
            meters[edit.meterID] = m
            audit.append(
                VEEAuditEntry(
                    action: .edit, meterID: edit.meterID, interval: edit.intervalStart, channel: edit.channel.rawValue,
                    oldMicroKWh: old, oldQuality: oldQ, newMicroKWh: edit.newMicroKWh, newQuality: .edited,
                    method: "MANUAL-EDIT", note: "\(edit.reason) (by \(edit.editor), \(edit.source))"))
        }

        // 2. validation against ratings, then 3. estimation of short gaps
        for spec in dataset.config.meters {
            guard var m = meters[spec.id] else { continue }
            let maxPerInterval = Units.microThreshold(spec.ratingKW * Double(spec.intervalSeconds) / 3600)
            for (channelName, series) in [("delivered_kwh", m.delivered), ("received_kwh", m.received)] {
                for i in 0..<series.count where series.quality[i] != .missing && series.microKWh[i] > maxPerInterval {
                    findings.append(
                        VEEFinding(
                            severity: .error, code: "VEE-OVER-RATING", meterID: spec.id, interval: series.grid.startOf(i),
                            field: channelName, value: Units.formatKWh(series.microKWh[i], digits: 6),
                            expected: "at most \(Units.formatKWh(maxPerInterval, digits: 6)) kWh (rating \(spec.ratingKW) kW)",
                            source: spec.id))
                }
            }
            estimateGaps(&m.delivered, meterID: spec.id, channel: "delivered", maxGap: maxGap, findings: &findings, audit: &audit)
            estimateGaps(&m.received, meterID: spec.id, channel: "received", maxGap: maxGap, findings: &findings, audit: &audit)
            meters[spec.id] = m
        }

        findings += channelMismatch(dataset.config, meters: meters)
        return VEEResult(meters: meters, findings: findings, audit: audit)
    }

    /// Linear interpolation of gaps of at most `maxGap` intervals between two known values.
    static func estimateGaps(
        _ s: inout EnergySeries, meterID: String, channel: String, maxGap: Int, findings: inout [VEEFinding],
        audit: inout [VEEAuditEntry]
    ) {
        var i = 0
        let n = s.count
        while i < n {
            guard s.quality[i] == .missing else { i += 1; continue }
            var j = i
            while j < n && s.quality[j] == .missing { j += 1 }
            let length = j - i
            if length <= maxGap && i > 0 && j < n {
                let a = s.microKWh[i - 1]
                let b = s.microKWh[j]
                for k in i..<j {
                    let step = Int128(k - i + 1)
                    let v = Int128(a) + Rounding.divideHalfAwayFromZero((Int128(b) - Int128(a)) * step, by: Int128(length + 1))
                    s.microKWh[k] = Rounding.int64(v)
                    s.quality[k] = .estimated
                    audit.append(
                        VEEAuditEntry(
                            action: .estimate, meterID: meterID, interval: s.grid.startOf(k), channel: channel,
                            oldMicroKWh: nil, oldQuality: .missing, newMicroKWh: s.microKWh[k], newQuality: .estimated,
                            method: "LINEAR-INTERPOLATION",
                            note: "gap of \(length) interval(s) between \(Units.formatKWh(a, digits: 6)) and \(Units.formatKWh(b, digits: 6)) kWh"))
                }
            } else {
                findings.append(
                    VEEFinding(
                        severity: .warning, code: "VEE-GAP", meterID: meterID, interval: s.grid.startOf(i),
                        field: channel, value: "\(length) missing interval(s) until \(s.grid.startOf(j))",
                        expected: "complete data, or a gap of at most \(maxGap) interval(s) with data on both sides to estimate",
                        source: meterID))
            }
            i = j
        }
    }

    /// The storage meter sits behind the master meter, so the implied facility load
    /// `M1 net − M2 net − EVSE net + on-site generation` can never be negative beyond metering tolerance.
    /// (The intervals compared are on the master meter's grid.)
    static func channelMismatch(_ config: SiteConfig, meters: [String: MeterChannels]) -> [VEEFinding] {
        guard let m1Spec = config.meter(role: .retailMaster), let m1 = meters[m1Spec.id],
            let m2Spec = config.meter(role: .storage), let m2Raw = meters[m2Spec.id],
            m1.grid.seconds % m2Raw.grid.seconds == 0
        else { return [] }
        let m2 = m2Raw.resampled(to: m1.grid.seconds)
        var others: [MeterChannels] = []
        // EVSE and on-site generation sit behind the master meter; a station-power circuit is its own service.
        for spec in config.meters where spec.role == .evse || spec.role == .onsiteGeneration {
            if let m = meters[spec.id], m1.grid.seconds % m.grid.seconds == 0 { others.append(m.resampled(to: m1.grid.seconds)) }
        }
        // 1 % of the master meter's rating per interval
        let tolerance = Units.microThreshold(m1Spec.ratingKW * Double(m1.grid.seconds) / 3600 * 0.01)
        var out: [VEEFinding] = []
        for i in 0..<m1.grid.count {
            if m1.delivered.quality[i] == .missing || m2.delivered.quality[i] == .missing { continue }
            var implied = (m1.delivered.microKWh[i] - m1.received.microKWh[i]) - (m2.delivered.microKWh[i] - m2.received.microKWh[i])
            for o in others where o.delivered.quality[i] != .missing {
                implied -= o.delivered.microKWh[i] - o.received.microKWh[i]
            }
            if implied < -tolerance {
                out.append(
                    VEEFinding(
                        severity: .error, code: "VEE-CHANNEL-MISMATCH", meterID: m2Spec.id, interval: m1.grid.startOf(i),
                        field: "delivered_kwh - received_kwh",
                        value: "implied other load \(Units.formatKWh(implied, digits: 3)) kWh",
                        expected: "storage net load at most the master meter's net load (\(m1Spec.id)) + \(Units.formatKWh(tolerance, digits: 3)) kWh tolerance",
                        source: "\(m1Spec.id) vs \(m2Spec.id)"))
            }
        }
        return out
    }
}

public struct VEEResult: Sendable {
    public var meters: [String: MeterChannels]
    public var findings: [VEEFinding]
    public var audit: [VEEAuditEntry]
}

public struct VEEFinding: Sendable, Hashable {
    public enum Severity: String, Sendable, Hashable { case error, warning, info }
    public var severity: Severity
    public var code: String
    public var meterID: String
    public var interval: Instant?
    public var field: String
    public var value: String
    public var expected: String
    public var source: String

    public var message: String {
        "\(severity.rawValue) \(code): meter \(meterID)\(interval.map { " interval \($0)" } ?? ""), \(field) = \(value); expected \(expected)"
    }
}

public struct VEEAuditEntry: Sendable, Hashable {
    public enum Action: String, Sendable, Hashable { case edit, estimate }
    public var action: Action
    public var meterID: String
    public var interval: Instant
    public var channel: String
    public var oldMicroKWh: Int64?
    public var oldQuality: DataQuality
    public var newMicroKWh: Int64
    public var newQuality: DataQuality
    public var method: String
    public var note: String
}
