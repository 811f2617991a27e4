import GridSettleCore

/// Converts CMEP `MEPMD01` electric records into interval readings (research data_formats.md §5.2).
///
/// - **Interval records** (`KWH`): each triplet's value is the energy of the interval that *ends* at its time.
/// - **Register records** (`KWHREG`): values are cumulative reads; interval energy is the difference of two
///   consecutive reads, times the calculation constant. A later read below an earlier one (rollover, meter
///   exchange) is refused, not guessed. Two reads further apart than the record's interval cannot be split
///   into intervals and are refused as well.
/// - Every other electric unit (`KW`, `KVARH`, vendor codes such as Sensus `SKWHREG`) is refused with an error
///   that names the unit and the `--unit-alias` option; GridSettle does not guess what a unit measures.
///   Non-electric records (water `GALREG`, gas) are reported as warnings and not imported.
/// - Quality flags: `R…` recorded → A, `E…` estimated → S, `N…` no read → missing (for a register, both
///   intervals next to the missing read). Any other flag is refused.
/// - Times are local labels with no offset; `zone` is required, and `labelsInStandardTime` says the partner
///   sends standard time all year. A label that is repeated or skipped by daylight time is refused.
///   Head-ends often read registers a minute or two after the hour: with `readTimeToleranceSeconds` such a
///   read is placed on the nearest boundary, and the number moved is reported as a warning.
/// - Meter id: `meterID` option, else the record's meter id, else (Sensus leaves it blank) the receiver
///   customer id, with a warning.
/// - CMEP carries only energy delivered to the customer: `receivedMicroKWh` is left `nil`.
public enum CMEPReader {
    public static let formatName = "cmep"

    public static func read(_ bytes: [UInt8], file: String, options: ImportOptions) throws(DatasetInvalid) -> ImportedRecords {
        let (records, otherTypes, cutShort) = try CMEPParser.records(bytes, file: file, unitAliases: options.unitAliases)
        var issues: [DatasetIssue] = []
        var warnings: [DatasetIssue] = cutShort.map { [$0] } ?? []
        var readings: [ImportedReading] = []
        for (type, n) in otherTypes.sorted(by: { $0.key < $1.key }) {
            warnings.append(DatasetIssue(severity: .warning, location: file, field: "record type", value: "\(n) \(type) record(s)",
                                         expected: "MEPMD01 meter data; other record types are not imported"))
        }
        let electric = records.filter { $0.commodity == "E" }
        for r in records where r.commodity != "E" {
            warnings.append(DatasetIssue(severity: .warning, location: "\(file):\(r.line):10", field: "commodity", value: "\(r.commodity) (\(r.sentUnits))",
                                         expected: "E (electric); this record is not electric energy and is not imported"))
        }
        if !electric.isEmpty && options.zone == nil {
            throw DatasetInvalid(issues: [
                DatasetIssue(location: file, field: "--zone", value: "", expected: "the time zone of the file's local times (CMEP carries none)")
            ])
        }
        var snapped = 0
        for r in electric {
            let zone = options.zone!
            let meter: String
            if let m = options.meterID {
                meter = m
            } else if !r.meterID.isEmpty {
                meter = r.meterID
            } else if !r.receiverCustomerID.isEmpty {
                meter = r.receiverCustomerID
                warnings.append(DatasetIssue(severity: .warning, location: "\(file):\(r.line):8", field: "meter id", value: "",
                                             expected: "a meter id; the record leaves it blank, so readings are filed under the receiver customer id \(r.receiverCustomerID)"))
            } else {
                issues.append(DatasetIssue(location: "\(file):\(r.line):8", field: "meter id", value: "", expected: "a meter id, or --meter"))
                continue
            }
            guard r.units == "KWH" || r.units == "KWHREG" else {
                issues.append(DatasetIssue(location: "\(file):\(r.line):11", field: "units", value: r.sentUnits,
                                           expected: "KWH (interval energy) or KWHREG (register reads); for another code say what it is with --unit-alias \(r.sentUnits)=KWHREG or =KWH"))
                continue
            }
            let constant: Int64
            switch ForeignFields.decimal(r.constant.isEmpty ? "1" : r.constant, scale: 6) {
            case .success(let c) where c > 0: constant = c
            default:
                issues.append(DatasetIssue(location: "\(file):\(r.line):12", field: "calculation constant", value: r.constant, expected: "a multiplier > 0 with at most 6 decimals"))
                continue
            }
            let interval = Int64(r.intervalMinutes) * 60
            guard IntervalGrid.supportedSeconds.contains(interval) else {
                issues.append(DatasetIssue(location: "\(file):\(r.line):13", field: "interval", value: "\(r.intervalMinutes) minutes", expected: "1, 5, 15, 30 or 60 minutes"))
                continue
            }
            // Resolve each triplet to (boundary instant, quality, value µkWh or nil).
            struct Point { var end: Instant; var quality: DataQuality; var micro: Int64?; var column: Int; var raw: String }
            var points: [Point] = []
            var previous: Instant? = nil
            var ok = true
            for t in r.triplets {
                func fail(_ offset: Int, _ field: String, _ value: String, _ expected: String) {
                    issues.append(DatasetIssue(location: "\(file):\(r.line):\(t.column + offset)", field: field, value: value, expected: expected))
                    ok = false
                }
                var end: Instant
                if let label = t.label {
                    switch options.instants(atLocal: label, in: zone) {
                    case .unique(let i): end = i
                    case .repeated(let a, let b):
                        fail(0, "interval end", label.description, "a local time that happens once; it happens twice in \(zone) (\(a), \(b)) and CMEP does not say which")
                        continue
                    case .skipped:
                        fail(0, "interval end", label.description, "a local time that exists in \(zone) (skipped by daylight time)")
                        continue
                    }
                } else {
                    guard let p = previous else { continue }
                    end = p.adding(seconds: interval)
                }
                let off = ((end.secondsSinceEpoch % interval) + interval) % interval
                let distance = min(off, interval - off)
                if distance != 0 {
                    if distance <= options.readTimeToleranceSeconds {
                        end = Instant(secondsSinceEpoch: end.secondsSinceEpoch - off + (off * 2 >= interval ? interval : 0))
                        snapped += 1
                    } else {
                        fail(0, "interval end", t.label?.description ?? end.description,
                             "a time on the \(r.intervalMinutes)-minute boundary (or within --read-tolerance of it)")
                        continue
                    }
                }
                if let p = previous, end <= p {
                    fail(0, "interval end", t.label?.description ?? end.description, "a time after the previous triplet's (\(p))")
                    continue
                }
                previous = end
                let flag = t.flag.uppercased()
                let quality: DataQuality
                switch flag.first {
                case "R": quality = .actual
                case "E": quality = .estimated
                case "N": quality = .missing
                default:
                    fail(1, "quality", t.flag, "a CMEP quality flag R… (recorded), E… (estimated) or N… (no read)")
                    continue
                }
                var micro: Int64? = nil
                if quality != .missing {
                    switch ForeignFields.decimal(t.value, scale: 6) {
                    case .success(let v):
                        // value (µ) × constant (µ) in 128 bits: a 64-bit product would refuse any read above
                        // 9.2 million kWh; the result is range-checked below before it is narrowed.
                        let m = Int128(v) * Int128(constant)
                        if m % 1_000_000 != 0 {
                            fail(2, "value", t.value, "a value × constant with at most 6 decimals")
                            continue
                        }
                        guard let whole = Int64(exactly: m / 1_000_000) else {
                            fail(2, "value", t.value, r.units == "KWH"
                                 ? "energy ≥ 0 and at most \(InterchangeLimits.maximumIntervalMicroKWh / 1_000_000) kWh in one interval (value × calculation constant)"
                                 : "a register read from 0 to \(InterchangeLimits.maximumRegisterMicroKWh / 1_000_000) kWh (value × calculation constant)")
                            continue
                        }
                        micro = whole
                        if r.units == "KWH" {
                            if micro! < 0 || micro! > InterchangeLimits.maximumIntervalMicroKWh {
                                fail(2, "value", t.value, "energy ≥ 0 and at most \(InterchangeLimits.maximumIntervalMicroKWh / 1_000_000) kWh in one interval (value × calculation constant)")
                                continue
                            }
                        } else if micro! < 0 || micro! > InterchangeLimits.maximumRegisterMicroKWh {
                            // Reads in range keep the difference of two reads inside 64 bits.
                            fail(2, "value", t.value, "a register read from 0 to \(InterchangeLimits.maximumRegisterMicroKWh / 1_000_000) kWh (value × calculation constant)")
                            continue
                        }
                    case .failure(let f):
                        fail(2, "value", t.value, ForeignFields.expectation(f, what: "a decimal value"))
                        continue
                    }
                }
                points.append(Point(end: end, quality: quality, micro: micro, column: t.column, raw: t.value))
            }
            if !ok { continue }
            if r.units == "KWH" {
                for p in points {
                    readings.append(ImportedReading(
                        meterID: meter, start: p.end.adding(seconds: -interval), seconds: interval, deliveredMicroKWh: p.micro,
                        receivedMicroKWh: nil, quality: p.quality, source: "\(file):\(r.line):\(p.column)"))
                }
            } else {
                for k in points.indices.dropFirst() {
                    let a = points[k - 1], b = points[k]
                    let span = b.end.secondsSinceEpoch - a.end.secondsSinceEpoch
                    if span != interval {
                        issues.append(DatasetIssue(location: "\(file):\(r.line):\(b.column)", field: "interval end", value: b.end.description,
                                                   expected: "the read one \(r.minutesText) after the previous one (\(a.end)); register reads further apart cannot be split into intervals"))
                        continue
                    }
                    var micro: Int64? = nil
                    var quality = max(a.quality, b.quality)
                    if let x = a.micro, let y = b.micro {
                        if y < x {
                            issues.append(DatasetIssue(location: "\(file):\(r.line):\(b.column + 2)", field: "value", value: b.raw, expected: "a register read ≥ the previous read \(a.raw) (a rollover or meter exchange must be corrected at the source)"))
                            continue
                        }
                        micro = y - x
                        if y - x > InterchangeLimits.maximumIntervalMicroKWh {
                            issues.append(DatasetIssue(location: "\(file):\(r.line):\(b.column + 2)", field: "value", value: b.raw,
                                                       expected: "at most \(InterchangeLimits.maximumIntervalMicroKWh / 1_000_000) kWh in one interval: this read minus the previous (\(a.raw)), times the calculation constant"))
                            continue
                        }
                    } else {
                        quality = .missing
                    }
                    readings.append(ImportedReading(
                        meterID: meter, start: a.end, seconds: interval, deliveredMicroKWh: micro, receivedMicroKWh: nil,
                        quality: quality, source: "\(file):\(r.line):\(b.column)"))
                }
            }
        }
        if snapped > 0 {
            warnings.append(DatasetIssue(severity: .warning, location: file, field: "interval end", value: "\(snapped) read time(s) off the boundary",
                                         expected: "reads on the boundary; these were placed on the nearest boundary within \(options.readTimeToleranceSeconds) s (--read-tolerance)"))
        }
        readings.sort { ($0.meterID, $0.start) < ($1.meterID, $1.start) }
        for k in readings.indices.dropFirst() where readings[k].meterID == readings[k - 1].meterID && readings[k].start < readings[k - 1].start.adding(seconds: readings[k - 1].seconds) {
            issues.append(DatasetIssue(location: readings[k].source, field: "interval end", value: readings[k].start.description,
                                       expected: "one value per interval; overlaps \(readings[k - 1].source)"))
        }
        if !issues.isEmpty { throw DatasetInvalid(issues: issues) }
        return ImportedRecords(readings: readings, warnings: warnings)
    }
}

extension CMEPRecord {
    var minutesText: String { intervalMinutes == 60 ? "hour" : "\(intervalMinutes) minutes" }
}
