import Foundation
import GridSettleStore

/// Test-only fault injection, off unless `GRIDSETTLE_FAULT_HOLD_AFTER_LINES` names a file: the store then
/// creates that file once a run's lines are written, still inside the open transaction, and waits — so a test
/// can kill the process part-way and prove nothing half-written remains (docs/dataset-format.md §7.4).
enum FaultInjection {
    static func installIfRequested() {
        guard let marker = ProcessInfo.processInfo.environment["GRIDSETTLE_FAULT_HOLD_AFTER_LINES"], !marker.isEmpty else { return }
        SettlementStore.afterLinesHook = {
            _ = FileManager.default.createFile(atPath: marker, contents: Data("lines written\n".utf8))
            Thread.sleep(forTimeInterval: 120)
        }
        PostgresRepository.afterLinesHook = {
            _ = FileManager.default.createFile(atPath: marker, contents: Data("lines written\n".utf8))
            try? await Task.sleep(for: .seconds(120))
        }
    }
}
