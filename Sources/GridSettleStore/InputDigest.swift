import Crypto

/// The fingerprint stored with a run: SHA-256 over each input file's name and SHA-256, in name order. It
/// recognises a re-run of identical inputs, and it is the same whichever path settled the run (the command
/// line, the API, a worker), because each computes it from the bytes it read, file by file.
public enum InputDigest {
    /// From the files' bytes.
    public static func of(files: [String: [UInt8]]) -> String {
        combine(files.map { (name: $0.key, sha256: Array(SHA256.hash(data: $0.value))) })
    }

    /// The SHA-256 of `bytes`: what the readers fingerprint each file (and each readings block) with.
    @Sendable public static func sha256(_ bytes: UnsafeRawBufferPointer) -> [UInt8] { Array(SHA256.hash(data: bytes)) }

    /// From per-file digests computed as the files were read (a portfolio's readings are digested by block:
    /// docs/dataset-format.md §9).
    public static func combine(_ files: [(name: String, sha256: [UInt8])]) -> String {
        var hasher = SHA256()
        for f in files.sorted(by: { $0.name < $1.name }) {
            hasher.update(data: Array(f.name.utf8) + [0])
            hasher.update(data: f.sha256)
        }
        return hasher.finalize().map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
