import Foundation
import GridSettleCore

/// Reads one file of a dataset directory, telling "absent" apart from "there but unreadable".
///
/// An optional file that exists but cannot be read (a directory, no read permission, a FIFO) must not be
/// taken as absent: that would settle without, e.g., every mileage payment and exit 0. The file type is
/// checked with `stat` before anything is opened, because opening a FIFO for reading blocks until a writer
/// comes (forever, in a batch run).
enum DatasetFileAccess {
    enum Outcome {
        case absent
        case contents([UInt8])
        /// Why it cannot be read, e.g. "a directory, not a regular file".
        case unreadable(String)
    }

    static func read(_ path: String) -> Outcome {
        if let problem = check(path) { return problem }
        guard let data = FileManager.default.contents(atPath: path) else { return .unreadable("not readable: the read failed") }
        return .contents([UInt8](data))
    }

    /// nil when `path` is a readable regular file; otherwise why not (`.absent` or `.unreadable`). Nothing is
    /// opened, so a FIFO cannot block the caller.
    static func check(_ path: String) -> Outcome? {
        var st = stat()
        if stat(path, &st) != 0 {
            let code = errno
            if code == ENOENT { return .absent }
            return .unreadable("cannot be examined: \(String(cString: strerror(code)))")
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return .unreadable("a directory, not a regular file")
        case S_IFIFO: return .unreadable("a FIFO (named pipe), not a regular file")
        case S_IFSOCK: return .unreadable("a socket, not a regular file")
        case S_IFCHR, S_IFBLK: return .unreadable("a device, not a regular file")
        default: return .unreadable("not a regular file")
        }
        if access(path, R_OK) != 0 {
            return .unreadable("not readable: \(String(cString: strerror(errno)))")
        }
        return nil
    }

    /// The issue for a file that is there but cannot be read.
    static func issue(path: String, field: String = "(file)", reason: String) -> DatasetIssue {
        DatasetIssue(location: path, field: field, value: reason, expected: "a readable regular file (docs/dataset-format.md)")
    }
}
