/// Market runs whose awards and prices GridSettle settles: CAISO DA, FMM and RTD; PJM DA and hourly RT.
public enum MarketRun: String, Codable, Sendable, Hashable, CaseIterable {
    /// Day-ahead (IFM), hourly.
    case dayAhead = "DA"
    /// Fifteen-minute market (RTPD), 15 minutes.
    case fifteenMinute = "FMM"
    /// Real-time dispatch, 5 minutes.
    case realTimeDispatch = "RTD"
    /// Real-time, hourly (PJM's hourly real-time LMP, Data Miner `rt_hrl_lmps`).
    case realTimeHourly = "RT"

    /// The run's interval: DA and RT hourly, FMM 15 minutes, RTD 5 minutes.
    public var intervalSeconds: Int64 {
        switch self {
        case .dayAhead: return 3600
        case .fifteenMinute: return 900
        case .realTimeDispatch: return 300
        case .realTimeHourly: return 3600
        }
    }
}

/// Award products.
public enum AwardProduct: String, Codable, Sendable, Hashable, CaseIterable {
    /// Energy, MW signed: positive discharge (generation), negative charging.
    case energy = "EN"
    /// Regulation up capacity, MW ≥ 0.
    case regulationUp = "RU"
    /// Regulation down capacity, MW ≥ 0.
    case regulationDown = "RD"
}

/// One award or dispatch instruction for the resource: `mw` over `[start, start + seconds)`.
public struct Award: Sendable, Hashable {
    public var run: MarketRun
    public var product: AwardProduct
    public var start: Instant
    public var seconds: Int64
    public var microMW: Int64
    /// Where it came from: `file:line`.
    public var source: String

    public init(run: MarketRun, product: AwardProduct, start: Instant, seconds: Int64, microMW: Int64, source: String) {
        self.run = run
        self.product = product
        self.start = start
        self.seconds = seconds
        self.microMW = microMW
        self.source = source
    }

    public var end: Instant { start.adding(seconds: seconds) }
}

/// Operating-mode signals that make the resource BESS Idle (seed 001, Method 1).
public enum ModeSignalKind: String, Codable, Sendable, Hashable, CaseIterable {
    case dispatchToZero = "DISPATCH_TO_ZERO"
    case manualMode = "MANUAL_MODE"
}

public struct ModeSignal: Sendable, Hashable {
    public var kind: ModeSignalKind
    public var start: Instant
    public var end: Instant
    public var source: String

    public init(kind: ModeSignalKind, start: Instant, end: Instant, source: String) {
        self.kind = kind
        self.start = start
        self.end = end
        self.source = source
    }
}

/// Price products.
public enum PriceProduct: String, Codable, Sendable, Hashable, CaseIterable {
    /// Locational marginal price, $/MWh.
    case lmp = "LMP"
    /// Regulation up capacity price (ASMP), $/MW per hour.
    case regulationUp = "RU"
    /// Regulation down capacity price, $/MW per hour.
    case regulationDown = "RD"
    /// Regulation mileage up price, $/MW of mileage.
    case mileageUp = "RMU"
    /// Regulation mileage down price, $/MW of mileage.
    case mileageDown = "RMD"
    /// PJM regulation market capability clearing price (RMCCP), $/MW per hour (Data Miner `rmccp`, or
    /// `capability_clearing_price` after the 2025 redesign).
    case regulationCapability = "RMCCP"
    /// PJM regulation market performance clearing price (RMPCP), $/MW of performance per hour (`rmpcp`, or
    /// `performance_clearing_price`).
    case regulationPerformance = "RMPCP"
    /// PJM mileage ratio `regd_mileage / rega_mileage` for the hour (Data Miner `reg_market_results`): not a
    /// price but the factor the performance credit multiplies by; kept beside the prices it scales, as a
    /// plain number in the price column.
    case mileageRatio = "MILEAGE_RATIO"
}

public struct PricePoint: Sendable, Hashable {
    public var node: String
    public var run: MarketRun
    public var product: PriceProduct
    public var start: Instant
    public var seconds: Int64
    /// µ$ per unit (per MWh for LMP, per MW-hour for capacity, per MW of mileage).
    public var microPrice: Int64
    public var source: String

    public init(
        node: String, run: MarketRun, product: PriceProduct, start: Instant, seconds: Int64, microPrice: Int64,
        source: String
    ) {
        self.node = node
        self.run = run
        self.product = product
        self.start = start
        self.seconds = seconds
        self.microPrice = microPrice
        self.source = source
    }
}

/// Regulation mileage for a 15-minute interval: instructed mileage (Σ|ΔAGC set point|, MW) and the
/// resource's accuracy (0 … 1, as µ-fraction).
public struct MileageRecord: Sendable, Hashable {
    public enum Direction: String, Sendable, Hashable, CaseIterable { case up = "UP", down = "DOWN" }
    public var direction: Direction
    public var start: Instant
    public var seconds: Int64
    public var instructedMicroMW: Int64
    /// Accuracy as a fraction in millionths (950_000 = 95 %).
    public var accuracyMicro: Int64
    public var source: String

    public init(
        direction: Direction, start: Instant, seconds: Int64, instructedMicroMW: Int64, accuracyMicro: Int64,
        source: String
    ) {
        self.direction = direction
        self.start = start
        self.seconds = seconds
        self.instructedMicroMW = instructedMicroMW
        self.accuracyMicro = accuracyMicro
        self.source = source
    }
}

/// A vehicle trip: the vehicle leaves at `departure` and the energy it drives away is end-use load
/// (PJM M28 §13.1 by analogy; research E10), never wholesale.
public struct VehicleTrip: Sendable, Hashable {
    public var vehicleID: String
    public var departure: Instant
    public var returnTime: Instant
    public var drivenMicroKWh: Int64
    public var source: String

    public init(vehicleID: String, departure: Instant, returnTime: Instant, drivenMicroKWh: Int64, source: String) {
        self.vehicleID = vehicleID
        self.departure = departure
        self.returnTime = returnTime
        self.drivenMicroKWh = drivenMicroKWh
        self.source = source
    }
}
