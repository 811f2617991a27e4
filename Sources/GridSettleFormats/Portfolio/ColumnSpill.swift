import Foundation
import GridSettleCore
#if canImport(Glibc)
import Glibc
#endif

/// Scratch space for a portfolio's parsed per-meter and per-resource columns, so a portfolio of any size is
/// read once and settled in memory that does not grow with the number of resources.
///
/// The readers parse every block of a readings or awards file once and append its columns here at once; a
/// unit reads back only its own meters' and resource's columns when it is settled. The space is an unlinked
/// file in the scratch directory (`TMPDIR`, else `/tmp`): it never outlives the process and the kernel's page
/// cache, not the process, holds whatever of it is hot. Where no such file can be made the columns stay in
/// memory (``backing`` says which), which changes the memory a run takes and nothing else.
public final class ColumnSpill: @unchecked Sendable {
    /// Where the columns are kept, for the progress line.
    public let backing: String
    private let fd: Int32
    private let lock = NSLock()
    private var size = 0
    private var memory: [UInt8] = []

    /// A failed write or read of the scratch file: the reason, as the system gave it.
    public struct Failure: Error, Sendable {
        public var reason: String

        /// The issue for data that could not be written to the scratch space: `what` names it ("the parsed rows").
        public func writeIssue(location: String, what: String) -> DatasetIssue {
            DatasetIssue(location: location, field: "(scratch space)", value: reason,
                         expected: "room in the scratch directory (TMPDIR) for \(what)")
        }

        /// The issue for data that could not be read back from the scratch space (a disk error): the unit that
        /// needs it cannot be settled.
        public func readIssue(location: String, what: String) -> DatasetIssue {
            DatasetIssue(location: location, field: "(scratch space)", value: reason,
                         expected: "\(what) read back from the scratch file (TMPDIR) they were written to")
        }
    }

    /// Columns in memory: a format 1 dataset (one resource-month) and tests.
    public static func inMemory() -> ColumnSpill { ColumnSpill(fd: -1, backing: "memory") }

    /// An unlinked scratch file in `directory` (default: `TMPDIR`, else `/tmp`); memory when none can be made.
    public static func scratchFile(directory: String? = nil) -> ColumnSpill {
        let dir = directory ?? ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((dir as NSString).appendingPathComponent("gridsettle-columns-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            return ColumnSpill(fd: -1, backing: "memory (no scratch file in \(dir): \(String(cString: strerror(errno))))")
        }
        // unlinked at once: the space goes when the process does, however it ends
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        return ColumnSpill(fd: fd, backing: "an unlinked scratch file in \(dir)")
    }

    private init(fd: Int32, backing: String) {
        self.fd = fd
        self.backing = backing
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// Reserves `count` bytes at the end and returns their offset, for ``write(_:at:)``: each block of a file
    /// reserves its own range, so the blocks of every core are written at once.
    public func reserve(_ count: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        let offset = size
        size += count
        if fd < 0 { memory.append(contentsOf: repeatElement(0, count: count)) }
        return offset
    }

    /// Writes `bytes` at `offset`, inside a range ``reserve(_:)`` gave.
    public func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(Failure) {
        guard bytes.count > 0 else { return }
        if fd < 0 {
            lock.lock()
            defer { lock.unlock() }
            memory.withUnsafeMutableBytes { UnsafeMutableRawBufferPointer(rebasing: $0[offset..<(offset + bytes.count)]).copyMemory(from: bytes) }
            return
        }
        var done = 0
        while done < bytes.count {
            let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(reason: String(cString: strerror(errno)))
            }
            done += n
        }
    }

    /// Reads `count` bytes at `offset` into `buffer`.
    public func read(offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(Failure) {
        if fd < 0 {
            lock.lock()
            defer { lock.unlock() }
            memory.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + buffer.count)])) }
            return
        }
        var done = 0
        while done < buffer.count {
            let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(reason: String(cString: strerror(errno)))
            }
            if n == 0 { throw Failure(reason: "the scratch file ends before offset \(offset + buffer.count)") }
            done += n
        }
    }
}

extension ColumnSpill {
    /// Writes the bytes of `column` at `offset` and returns the offset after them.
    func write<T: BitwiseCopyable>(_ column: ContiguousArray<T>, at offset: Int) throws(Failure) -> Int {
        var failure: Failure? = nil
        column.withUnsafeBytes { bytes in
            do throws(Failure) { try write(bytes, at: offset) } catch { failure = error }
        }
        if let failure { throw failure }
        return offset + column.count * MemoryLayout<T>.stride
    }

    /// `count` values of `T` read at `offset`.
    func array<T: BitwiseCopyable>(of _: T.Type, at offset: Int, count: Int) throws(Failure) -> ContiguousArray<T> {
        var failure: Failure? = nil
        let a = ContiguousArray<T>(unsafeUninitializedCapacity: count) { buffer, initialized in
            do throws(Failure) {
                try read(offset: offset, into: UnsafeMutableRawBufferPointer(buffer))
                initialized = count
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return a
    }
}
