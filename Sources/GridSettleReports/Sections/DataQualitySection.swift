import GridSettleCore

/// Data quality per meter, the VEE audit log (estimates and edits) and the VEE findings.
enum DataQualitySection {
    /// Long logs are cut so the page stays small; the statement files carry every entry.
    static let maxRows = 400

    static func quality(_ s: Statement) -> String {
        var t = Table([
            .init("Meter"), .init("Role"), .init("Actual", numeric: true), .init("Edited", numeric: true),
            .init("Estimated", numeric: true), .init("Missing", numeric: true), .init("Intervals", numeric: true), .init("Actual share", numeric: true),
        ], cls: "data compact")
        for q in s.dataQuality {
            let total = q.actual + q.edited + q.estimated + q.missing
            t.add([
                .markup("<span class=\"code\">\(HTML.escape(q.meterID))</span>"), .text(q.role.rawValue),
                .num(ReportFormat.count(q.actual)),
                .text(ReportFormat.count(q.edited), q.edited > 0 ? "num warn" : "num"),
                .text(ReportFormat.count(q.estimated), q.estimated > 0 ? "num warn" : "num"),
                .text(ReportFormat.count(q.missing), q.missing > 0 ? "num bad" : "num"),
                .num(ReportFormat.count(total)), .num(ReportFormat.percent(q.actual, of: total)),
            ])
        }
        return t.render()
    }

    static func audit(_ s: Statement, zone: MarketTimeZone) -> String {
        guard !s.veeAudit.isEmpty else { return "<p class=\"muted\">No estimates or edits: every value is as received.</p>" }
        var t = Table([
            .init("Action"), .init("Meter"), .init("Interval start"), .init("Channel"), .init("Old, kWh", numeric: true), .init("Old quality"),
            .init("New, kWh", numeric: true), .init("New quality"), .init("Method"), .init("Note"),
        ])
        for e in s.veeAudit.prefix(maxRows) {
            t.add([
                .text(e.action.rawValue), .markup("<span class=\"code\">\(HTML.escape(e.meterID))</span>"),
                .text(ReportFormat.stamp(e.interval, zone), "nowrap"), .text(e.channel),
                e.oldMicroKWh.map { .num(Units.formatKWh($0, digits: 6)) } ?? .text("missing", "num muted"),
                .text(e.oldQuality.code + " " + String(describing: e.oldQuality)),
                .num(Units.formatKWh(e.newMicroKWh, digits: 6)),
                .text(e.newQuality.code + " " + String(describing: e.newQuality)),
                .text(e.method, "small"), .text(e.note, "small"),
            ])
        }
        return summaryLine(s.veeAudit.count, "audit entr", plural: ("y", "ies")) + t.render() + cut(s.veeAudit.count)
    }

    static func findings(_ s: Statement, zone: MarketTimeZone) -> String {
        guard !s.veeFindings.isEmpty else { return "<p class=\"muted\">No VEE findings.</p>" }
        var t = Table([
            .init("Severity"), .init("Code"), .init("Meter"), .init("Interval start"), .init("Field"), .init("Value"), .init("Expected"), .init("Source"),
        ])
        for f in s.veeFindings.prefix(maxRows) {
            let cls: String
            switch f.severity {
            case .error: cls = "badge badge-violation"
            case .warning: cls = "badge badge-warn"
            case .info: cls = "badge badge-na"
            }
            t.add([
                .markup("<span class=\"\(cls)\">\(HTML.escape(f.severity.rawValue))</span>"),
                .markup("<span class=\"code\">\(HTML.escape(f.code))</span>"), .text(f.meterID),
                f.interval.map { .text(ReportFormat.stamp($0, zone), "nowrap") } ?? .empty,
                .text(f.field, "small"), .text(f.value, "small"), .text(f.expected, "small"), .text(f.source, "small"),
            ])
        }
        let errors = s.veeFindings.filter { $0.severity == .error }.count
        let warnings = s.veeFindings.filter { $0.severity == .warning }.count
        return "<p>\(ReportFormat.count(s.veeFindings.count)) finding(s): \(errors) error(s), \(warnings) warning(s).</p>" + t.render() + cut(s.veeFindings.count)
    }

    static func summaryLine(_ n: Int, _ stem: String, plural: (String, String)) -> String {
        "<p>\(ReportFormat.count(n)) \(stem)\(n == 1 ? plural.0 : plural.1).</p>"
    }

    static func cut(_ n: Int) -> String {
        n > maxRows
            ? "<p class=\"muted small\">Showing the first \(maxRows) of \(ReportFormat.count(n)); the statement CSV/JSON lists every entry.</p>" : ""
    }
}
