import Foundation

/// Output helpers: results to standard output, progress and problems to standard error.
enum Console {
    static func out(_ s: String) { print(s) }

    static func progress(_ s: String) {
        FileHandle.standardError.write(Data((s + "\n").utf8))
    }

    /// A problem (error or warning), one per line on standard error.
    static func problem(_ s: String) { progress(s) }
}
