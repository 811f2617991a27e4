import GridSettleCore

/// The foreign formats `gridsettle import --format NAME` reads, each with its reader.
public enum InterchangeFormat: String, CaseIterable, Sendable {
    /// Green Button "Download My Data" CSV, usage or import/export.
    case greenButtonCSV = "greenbutton-csv"
    /// CMEP MEPMD01 interval and register records.
    case cmep

    /// One line for `--help`.
    public var summary: String {
        switch self {
        case .greenButtonCSV: return "Green Button CSV download (USAGE or IMPORT/EXPORT, local times; needs --zone) → readings.csv"
        case .cmep: return "CMEP MEPMD01 interval (KWH) and register (KWHREG) records (local times; needs --zone) → readings.csv"
        }
    }

    public func read(_ bytes: [UInt8], file: String, options: ImportOptions) throws(DatasetInvalid) -> ImportedRecords {
        switch self {
        case .greenButtonCSV: return try GreenButtonCSVReader.read(bytes, file: file, options: options)
        case .cmep: return try CMEPReader.read(bytes, file: file, options: options)
        }
    }
}
