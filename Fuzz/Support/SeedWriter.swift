import Foundation

/// Writes a harness's generated seed inputs when `GRIDSETTLE_FUZZ_SEEDS` names a directory.
///
/// The seeds for the dataset and DSO harnesses are the in-memory examples prefixed with their selector byte;
/// only the harness knows that encoding, so `scripts/fuzz.sh` asks the harness itself to write them
/// (`GRIDSETTLE_FUZZ_SEEDS=DIR target -runs=0`) instead of keeping generated copies in the repository.
public enum SeedWriter {
    public static let environmentVariable = "GRIDSETTLE_FUZZ_SEEDS"

    public static func writeIfRequested(_ seeds: () -> [String: [UInt8]]) {
        guard let directory = ProcessInfo.processInfo.environment[environmentVariable], !directory.isEmpty else { return }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for (name, bytes) in seeds() {
                try Data(bytes).write(to: URL(fileURLWithPath: directory).appendingPathComponent(name))
            }
        } catch {
            fatalError("cannot write seeds to \(directory): \(error)")
        }
    }
}
