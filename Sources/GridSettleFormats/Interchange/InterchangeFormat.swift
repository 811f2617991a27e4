import GridSettleCore

/// The foreign formats `gridsettle import --format NAME` reads, each with its reader.
public enum InterchangeFormat: String, CaseIterable, Sendable {
    /// Green Button / NAESB ESPI Atom XML (docs/interchange-greenbutton-espi.md).
    case espi
    /// Green Button "Download My Data" CSV, usage or import/export.
    case greenButtonCSV = "greenbutton-csv"
    /// CMEP MEPMD01 interval and register records.
    case cmep
    /// CAISO OASIS price reports in CSV (docs/interchange-market-data.md).
    case oasis
    /// PJM Data Miner 2 LMP and regulation CSV exports.
    case pjmDataMiner = "pjm-dataminer"
    /// OpenADR 2.0b oadrDistributeEvent XML (docs/interchange-openadr.md).
    case openADR2b = "openadr2b"
    /// OpenADR 3.0 event JSON.
    case openADR3 = "openadr3"

    /// One line for `--help`.
    public var summary: String {
        switch self {
        case .espi: return "Green Button / NAESB ESPI XML (UsagePoint, MeterReading, ReadingType, IntervalBlock; UTC) → readings.csv"
        case .greenButtonCSV: return "Green Button CSV download (USAGE or IMPORT/EXPORT, local times; needs --zone) → readings.csv"
        case .cmep: return "CMEP MEPMD01 interval (KWH) and register (KWHREG) records (local times; needs --zone) → readings.csv"
        case .oasis: return "CAISO OASIS PRC_LMP, PRC_RTPD_LMP, PRC_INTVL_LMP, PRC_AS, PRC_INTVL_AS CSV (keyed on the GMT start) → prices.csv"
        case .openADR2b: return "OpenADR 2.0b oadrDistributeEvent XML: events, LOAD_DISPATCH set-points as awards (needs --market-run) → events.csv, awards.csv"
        case .openADR3: return "OpenADR 3.0 event JSON (one, an array, or a webhook notification): events, DISPATCH_SETPOINT as awards → events.csv, awards.csv"
        case .pjmDataMiner: return "PJM Data Miner 2 da_hrl_lmps, rt_hrl_lmps, rt_fivemin_hrl_lmps, reg_zone_prelim_bill, reg_market_results CSV (keyed on UTC; corrections by version_nbr) → prices.csv"
        }
    }

    public func read(_ bytes: [UInt8], file: String, options: ImportOptions) throws(DatasetInvalid) -> ImportedRecords {
        switch self {
        case .espi: return try ESPIReader.read(bytes, file: file, options: options)
        case .greenButtonCSV: return try GreenButtonCSVReader.read(bytes, file: file, options: options)
        case .cmep: return try CMEPReader.read(bytes, file: file, options: options)
        case .oasis: return try OASISPriceReader.read(bytes, file: file, options: options)
        case .pjmDataMiner: return try DataMinerReader.read(bytes, file: file, options: options)
        case .openADR2b: return try OpenADR2bReader.read(bytes, file: file, options: options)
        case .openADR3: return try OpenADR3Reader.read(bytes, file: file, options: options)
        }
    }
}
