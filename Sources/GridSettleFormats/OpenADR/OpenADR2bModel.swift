import GridSettleCore

/// An OpenADR 2.0b `oadrDistributeEvent` as read, before GridSettle maps it to events and awards
/// (``OpenADR2bReader/parse(_:file:)``). Times are whole seconds; values keep the sender's decimal text.
public struct OpenADR2bDocument: Sendable {
    /// `pyld:requestID` of the `oadrDistributeEvent` (the VEN echoes it in `oadrCreatedEvent`).
    public var requestID: String
    public var vtnID: String
    /// Every `oadrEvent`, in document order, including superseded and cancelled ones.
    public var events: [OpenADR2bEvent]
    /// Non-fatal findings (e.g. a fraction of a second dropped from a start time).
    public var warnings: [DatasetIssue]
}

/// One `oadrEvent/eiEvent`.
public struct OpenADR2bEvent: Sendable, Hashable {
    public var eventID: String
    public var modificationNumber: Int
    /// `eventStatus`: none, far, near, active, completed or cancelled.
    public var status: String
    /// `testEvent` is present and not `false`.
    public var isTest: Bool
    public var priority: Int?
    /// `eiMarketContext/marketContext`: the program's URI.
    public var marketContext: String
    /// `eiActivePeriod` `dtstart` (a fraction of a second is dropped, with a warning) and `duration`.
    public var start: Instant
    /// `dtstart` had a non-zero fraction of a second, cut off in `start` (openleadr writes microseconds).
    public var startFractionDropped: Bool
    public var durationSeconds: Int64
    /// `oadrResponseRequired`: `always` (the default) or `never`.
    public var responseRequired: String
    public var signals: [OpenADR2bSignal]
    /// `eiTarget` `resourceID` and `venID` values, in document order.
    public var targetResourceIDs: [String]
    public var targetVenIDs: [String]
    /// Line of the `eiEvent` element.
    public var line: Int

    public var end: Instant { start.adding(seconds: durationSeconds) }
}

/// One `eiEventSignal`.
public struct OpenADR2bSignal: Sendable, Hashable {
    public var signalName: String
    public var signalType: String
    public var signalID: String
    /// Local name of the `emix:itemBase` element (`powerReal`, `voltage`, `currencyPerKWh`, …), if any.
    public var itemBase: String?
    public var itemUnits: String?
    public var siScaleCode: String?
    /// Intervals in `uid` order, consecutive from the event's `dtstart`.
    public var intervals: [OpenADR2bInterval]
    public var line: Int
}

/// One `ei:interval` of a signal.
public struct OpenADR2bInterval: Sendable, Hashable {
    public var uid: Int
    public var start: Instant
    public var seconds: Int64
    /// `signalPayload/payloadFloat/value` as written, e.g. `8.0`.
    public var value: String
    public var line: Int

    public var end: Instant { start.adding(seconds: seconds) }
}
