import Foundation
import GridSettleServer
import GridSettleStore

/// Test-only fault injection, off unless `GRIDSETTLE_FAULT_HOLD_AFTER_LINES` names a file: the store then
/// creates that file once a run's lines are written, still inside the open transaction, and waits — so a test
/// can kill the process part-way and prove nothing half-written remains (docs/dataset-format.md §7.4).
enum FaultInjection {
    /// How long the held transaction waits for the test to kill the process: long, because the test's own
    /// polling shares Swift Testing's cooperative threads (two on two cores) with the rest of the suite and has
    /// been seen to resume more than two minutes late; the test kills the process as soon as it looks.
    static let holdSeconds = 600

    static func installIfRequested() {
        guard let marker = ProcessInfo.processInfo.environment["GRIDSETTLE_FAULT_HOLD_AFTER_LINES"], !marker.isEmpty else { return }
        SettlementStore.afterLinesHook = {
            _ = FileManager.default.createFile(atPath: marker, contents: Data("lines written\n".utf8))
            Thread.sleep(forTimeInterval: TimeInterval(holdSeconds))
        }
        PostgresRepository.afterLinesHook = {
            _ = FileManager.default.createFile(atPath: marker, contents: Data("lines written\n".utf8))
            try? await Task.sleep(for: .seconds(holdSeconds))
        }
    }
}

extension FaultInjection {
    /// Test-only settlement faults for `gridsettle settle-run` (the child `serve` starts per run), off unless
    /// the variables are set; they let the end-to-end tests (ServeCrashIsolationTests) stand in for a data
    /// file that traps, without depending on one:
    /// - `GRIDSETTLE_FAULT_CRASH_SETTLEMENT=<dataset>`: settling that dataset traps (`fatalError`), as an
    ///   overflow in a hostile file would;
    /// - `GRIDSETTLE_FAULT_HOLD_SETTLEMENT=<directory>`: while `<directory>/hold-<dataset>` exists, a
    ///   settlement of that dataset creates `<directory>/held-<dataset>-<pid>` and waits, so a test can see it
    ///   in flight and decide when it goes on.
    static func installSettlementFaultsIfRequested() {
        let environment = ProcessInfo.processInfo.environment
        let crash = environment["GRIDSETTLE_FAULT_CRASH_SETTLEMENT"].flatMap { $0.isEmpty ? nil : $0 }
        let hold = environment["GRIDSETTLE_FAULT_HOLD_SETTLEMENT"].flatMap { $0.isEmpty ? nil : $0 }
        guard crash != nil || hold != nil else { return }
        StoredDatasetSettlement.beforeSettleHook = { _, dataset in
            if let hold {
                let gate = (hold as NSString).appendingPathComponent("hold-\(dataset)")
                if FileManager.default.fileExists(atPath: gate) {
                    let marker = (hold as NSString).appendingPathComponent("held-\(dataset)-\(ProcessInfo.processInfo.processIdentifier)")
                    _ = FileManager.default.createFile(atPath: marker, contents: Data("held\n".utf8))
                    while FileManager.default.fileExists(atPath: gate) { try? await Task.sleep(for: .milliseconds(50)) }
                }
            }
            if dataset == crash { fatalError("test fault GRIDSETTLE_FAULT_CRASH_SETTLEMENT: settlement of dataset '\(dataset)' trapped") }
        }
    }
}
