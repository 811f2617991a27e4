import GridSettleCore

/// The column values of a statement's rows, shared by both backends so they store exactly the same thing.
enum StoredRows {
    /// `name=value;…` in the statement's order.
    static func policies(_ s: GridSettleCore.Statement) -> String {
        s.policies.map { "\($0.name)=\($0.value)" }.joined(separator: ";")
    }

    static func lines(_ s: GridSettleCore.Statement) -> [LineRow] {
        s.lines.enumerated().map { seq, l in
            LineRow(
                seq: Int64(seq), section: l.section.rawValue, code: l.code, description: l.description, quantityMicro: l.quantityMicro,
                unit: l.unit, unitPriceMicro: l.unitPriceMicro, priceUnit: l.priceUnit, amountMicros: l.amount.micros,
                amountCents: l.roundedAmount.cents, rule: l.rule, intervalCount: Int64(l.intervalCount),
                firstIntervalStart: l.runs.first?.start.description, lastIntervalEnd: l.runs.last?.end.description, note: l.note,
                intervalRuns: IntervalRunsCoding.encode(l.runs))
        }
    }

    static func checks(_ s: GridSettleCore.Statement) -> [CheckRow] {
        s.checks.map { c in
            CheckRow(
                checkID: c.id, status: c.status.rawValue, energyMicroKWh: c.energyMicroKWh, amountMicros: c.amount?.micros,
                intervalCount: Int64(c.intervalCount), detail: c.detail, question: c.question, rule: c.rule,
                firstIntervalStart: c.runs.first?.start.description, lastIntervalEnd: c.runs.last?.end.description,
                intervalRuns: IntervalRunsCoding.encode(c.runs))
        }
    }
}

/// A `statement_line` row after `run_id`.
struct LineRow: Sendable {
    var seq: Int64
    var section, code, description: String
    var quantityMicro: Int64
    var unit: String
    var unitPriceMicro: Int64?
    var priceUnit: String
    var amountMicros, amountCents: Int64
    var rule: String
    var intervalCount: Int64
    var firstIntervalStart, lastIntervalEnd: String?
    var note: String
    /// The line's every interval run (``IntervalRunsCoding``).
    var intervalRuns: [UInt8]
}

/// A `check_result` row after `run_id`.
struct CheckRow: Sendable {
    var checkID, status: String
    var energyMicroKWh: Int64
    var amountMicros: Int64?
    var intervalCount: Int64
    var detail, question, rule: String
    var firstIntervalStart, lastIntervalEnd: String?
    var intervalRuns: [UInt8]
}

/// Which version an ingested file becomes, from the versions already stored (oldest first): the same bytes as
/// the latest change nothing; bytes of an older version come back as a new version (an explicit revert).
enum IngestVersioning {
    static func outcome(for digest: String, existing: [(version: Int, digest: String)]) -> IngestOutcome {
        guard let latest = existing.last else { return .stored(version: 1, previous: nil) }
        if latest.digest == digest { return .unchanged(version: latest.version) }
        if let earlier = existing.last(where: { $0.digest == digest }) { return .restored(version: latest.version + 1, sameAs: earlier.version) }
        return .stored(version: latest.version + 1, previous: latest.version)
    }
}
