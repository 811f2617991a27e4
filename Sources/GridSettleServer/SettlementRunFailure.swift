import Foundation
import Hummingbird

/// A settlement that did not run to its end, so there is no ``RunOutcome``: its child process was killed by a
/// signal (a trap is SIGILL or SIGTRAP), exited with a status other than 0 or 1, ran past the run timeout,
/// could not be started, or left output the server cannot read. The store writes a run in one transaction, so
/// none of these leaves part of a run behind.
public enum SettlementRunFailure: Error, Sendable, Hashable, CustomStringConvertible {
    case killedBySignal(Int32)
    case exited(status: Int32)
    case timedOut(after: Duration)
    case launchFailed(String)
    case unreadableOutput(status: Int32, detail: String)

    /// The `outcome` label of the `gridsettle_settlements_total` counter.
    public var outcome: String {
        switch self {
        case .killedBySignal, .exited: "crashed"
        case .timedOut: "timeout"
        case .launchFailed, .unreadableOutput: "failed"
        }
    }

    /// The API error code (docs/api.md, "Runs").
    public var code: String {
        switch self {
        case .killedBySignal, .exited: "settlement_crashed"
        case .timedOut: "settlement_timeout"
        case .launchFailed, .unreadableOutput: "settlement_failed"
        }
    }

    public var description: String {
        switch self {
        case .killedBySignal(let signal): "its process was killed by signal \(signal) (\(Self.signalName(signal)))"
        case .exited(let status): "its process exited with status \(status)"
        case .timedOut(let after): "it ran longer than the run timeout (\(after.components.seconds) s) and its process was killed"
        case .launchFailed(let detail): "its process could not be started: \(detail)"
        case .unreadableOutput(let status, let detail): "its process exited with status \(status) but its output is not a run outcome: \(detail)"
        }
    }

    /// The error the caller gets: 504 for a timeout, 500 otherwise, naming what happened and the request id
    /// (the log line with the same id has the rest).
    func apiError(dataset: String, requestID: String) -> APIError {
        APIError(
            outcome == "timeout" ? .gatewayTimeout : .internalServerError, code,
            "the settlement of dataset '\(dataset)' did not finish: \(description). A run is stored whole or not at all; the request id is \(requestID)")
    }

    /// The conventional name of a signal, for the error message ("signal 4 (SIGILL)").
    static func signalName(_ signal: Int32) -> String {
        let names: [Int32: String] = [
            SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP", SIGABRT: "SIGABRT", SIGBUS: "SIGBUS",
            SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGSEGV: "SIGSEGV", SIGPIPE: "SIGPIPE", SIGTERM: "SIGTERM",
        ]
        return names[signal] ?? "an unnamed signal"
    }
}
