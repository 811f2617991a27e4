import GridSettleCore

/// Collects errors and warnings while an OpenADR document is read; the reader throws once, with all of them.
struct OpenADRIssues {
    var errors: [DatasetIssue] = []
    var warnings: [DatasetIssue] = []

    mutating func error(_ location: String, _ field: String, _ value: String, _ expected: String) {
        errors.append(DatasetIssue(location: location, field: field, value: OpenADRFields.shown(value), expected: expected))
    }

    mutating func warning(_ location: String, _ field: String, _ value: String, _ expected: String) {
        warnings.append(
            DatasetIssue(severity: .warning, location: location, field: field, value: OpenADRFields.shown(value), expected: expected))
    }

    /// Throws every error, followed by the warnings so far, if there is any error.
    func throwIfErrors() throws(DatasetInvalid) {
        if !errors.isEmpty { throw DatasetInvalid(issues: errors + warnings) }
    }
}

/// One set-point interval of a dispatch signal, already in MW (µMW), before it is cut into market intervals.
struct OpenADRSetpoint {
    var start: OpenADRFields.Stamp
    var seconds: Int64
    var microMW: Int64
    /// `file:line` of the interval (the award's `source`).
    var source: String
    /// Where an issue about it points (`file:line`) and the field it names (element or JSON path).
    var location: String
    var field: String
}

/// Turns dispatch set-points into `.energy` awards of one market run, for both OpenADR readers.
enum OpenADRAwards {
    /// The longest set-point interval GridSettle cuts into market intervals (one leap year).
    static let maxIntervalSeconds: Int64 = 366 * 86_400

    static let runExpected =
        "the market run the set-points are recorded under (--market-run / ImportOptions.awardRun: DA, FMM, RTD or RT); OpenADR does not say"

    /// One award per run interval: a set-point interval as long as the run's interval is one award; a whole
    /// multiple of it is cut into run-length awards with the same MW; anything else, or a start off the
    /// run's interval boundaries, is an error.
    static func awards(_ setpoints: [OpenADRSetpoint], run: MarketRun, issues: inout OpenADRIssues) -> [Award] {
        let step = run.intervalSeconds
        var out: [Award] = []
        for p in setpoints {
            guard p.seconds > 0 else {
                issues.error(p.location, p.field, "\(p.seconds) s", "a set-point interval longer than zero")
                continue
            }
            guard p.seconds % step == 0, p.seconds <= maxIntervalSeconds else {
                issues.error(
                    p.location, p.field, "\(p.seconds) s",
                    p.seconds > maxIntervalSeconds
                        ? "a set-point interval of at most 366 days"
                        : "a set-point interval of \(step / 60) minutes (a \(run.rawValue) interval) or a whole multiple of it")
                continue
            }
            guard !p.start.droppedFraction, p.start.instant.secondsSinceEpoch % step == 0 else {
                issues.error(
                    p.location, p.field + " start", p.start.instant.description + (p.start.droppedFraction ? " + a fraction of a second" : ""),
                    "a set-point interval that starts on a \(run.rawValue) interval boundary (every \(step / 60) minutes)")
                continue
            }
            var t = p.start.instant
            for _ in 0..<(p.seconds / step) {
                out.append(Award(run: run, product: .energy, start: t, seconds: step, microMW: p.microMW, source: p.source))
                t = t.adding(seconds: step)
            }
        }
        return out
    }

    /// Refuses two set-points for the same resource, run and interval (from overlapping intervals, signals
    /// or events): `awards.csv` holds one per interval and GridSettle does not pick one.
    static func rejectDuplicates(_ awards: [ImportedAward], issues: inout OpenADRIssues) {
        var seen: [String: String] = [:]
        for a in awards {
            let key = "\(a.resourceID)|\(a.award.run.rawValue)|\(a.award.start.secondsSinceEpoch)"
            if let first = seen[key] {
                issues.error(
                    a.award.source, "set-point", "\(a.resourceID) \(a.award.run.rawValue) \(a.award.start)",
                    "one set-point per resource and interval; \(first) sets the same interval (overlapping intervals, signals or events)")
            } else {
                seen[key] = a.award.source
            }
        }
    }

    /// The largest set-point read, either way: 1 000 000 MW (docs/interchange.md, "Ranges and limits"). A
    /// set-point beyond it is `.outOfRange`, so award energy (µMW × seconds) stays inside 64 bits.
    static let maximumSetpointMicroMW: Int64 = 1_000_000 * 1_000_000

    /// MW (µMW) from a power value in watts times 10^`siExponent` (the EMIX `siScaleCode`), exactly, within
    /// ±``maximumSetpointMicroMW``.
    static func microMW(_ text: String, wattsExponent: Int) -> Result<Int64, OpenADRFields.DecimalFailure> {
        switch exactMicroMW(text, wattsExponent: wattsExponent) {
        case .success(let v) where v > maximumSetpointMicroMW || v < -maximumSetpointMicroMW: return .failure(.outOfRange)
        case let other: return other
        }
    }

    private static func exactMicroMW(_ text: String, wattsExponent: Int) -> Result<Int64, OpenADRFields.DecimalFailure> {
        // µMW = W · 10^exp (1 W = 1 µMW); read the text with scale = exp when exp ≥ 0.
        if wattsExponent >= 0 { return OpenADRFields.fixed(text, scale: wattsExponent) }
        // milliwatts and below: value · 10^exp must still be whole µMW; read at scale 0 after shifting.
        switch OpenADRFields.fixed(text, scale: 0 - wattsExponent) {
        case .failure(let f): return .failure(f)
        case .success(let scaled):
            // `scaled` = value · 10^(−exp); µMW = scaled / 10^(−2·exp) must be whole.
            var d: Int64 = 1
            for _ in 0..<(-2 * wattsExponent) { d *= 10 }
            return scaled % d == 0 ? .success(scaled / d) : .failure(.tooPrecise)
        }
    }

    static func decimalExpected(_ f: OpenADRFields.DecimalFailure, unit: String) -> String {
        switch f {
        case .notANumber: return "a finite decimal number (\(unit))"
        case .tooPrecise: return "a value that is a whole number of µMW (\(unit); GridSettle never rounds input)"
        case .outOfRange: return "a set-point from −\(maximumSetpointMicroMW / 1_000_000) MW to \(maximumSetpointMicroMW / 1_000_000) MW (\(unit))"
        }
    }
}
