import Foundation

/// Writes a rendered document (statement JSON or CSV, report, submission file) to a file: created, or truncated
/// if it exists, then written whole.
///
/// Why not `Data.write(to:)`: on Linux it calls `fsync` for every file, and a portfolio's settlement writes two
/// documents per unit — 2,000 fsyncs, about 0.8 s of blocked system time, for the 1,000 resource-months of the
/// dual-use benchmark (`strace -c`). The documents are renderings of runs that the store has already committed
/// durably; `gridsettle report` renders them again from the store, byte for byte.
public enum DocumentFile {
    /// A document that could not be written: the path and the operating system's reason.
    public struct WriteFailure: Error, CustomStringConvertible, Sendable {
        public var path: String
        public var reason: String
        public var description: String { "cannot write \(path): \(reason)" }
    }

    public static func write(_ bytes: [UInt8], to path: String) throws(WriteFailure) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { throw WriteFailure(path: path, reason: String(cString: strerror(errno))) }
        var failure: WriteFailure?
        bytes.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + done, buffer.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = WriteFailure(path: path, reason: String(cString: strerror(errno)))
                    return
                }
                done += n
            }
        }
        if close(fd) != 0 && failure == nil { failure = WriteFailure(path: path, reason: String(cString: strerror(errno))) }
        if let failure { throw failure }
    }

    /// Writes `text` as UTF-8.
    public static func write(_ text: String, to path: String) throws(WriteFailure) {
        try write(Array(text.utf8), to: path)
    }
}
