import Dispatch
import Foundation
import GridSettleCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Reads one large CSV file of a portfolio (readings, awards) once: in blocks of whole lines, each block
/// parsed and hashed on its own core while the next is read, so neither the file nor its text is ever held
/// whole.
///
/// The file's fingerprint is SHA-256 over the header line and the SHA-256 of each block (a block is
/// ``blockSize`` bytes read, cut back to its last line break): computed from the bytes parsed, never by
/// reading the file again. A block that holds a `"` takes the rest of the file with it, since a quoted field
/// may span lines.
public enum CSVBlockReader {
    public static let blockSize = 8 << 20

    struct Result: Sendable {
        /// Problems with the file itself: unreadable, no header.
        var issues: [DatasetIssue] = []
        /// SHA-256 over the header line and the SHA-256 of each block, in file order.
        var digest: [UInt8] = []
        var bytesRead = 0
    }

    /// Reads `path`, named `name` in issues (its path inside the portfolio). `parse` gets the header line followed
    /// by a block, and the file line of the block's first row, on any core; `collect` gets what it made of each
    /// block, in file order, on the calling thread, as soon as the blocks before it are consumed (of the header
    /// alone when the file has no row). `columns` are named when the header is missing. `blockSizeAfter`, given the
    /// header line, may choose a smaller size for the blocks after the first (what a block parses into can be several
    /// times its bytes: a series-layout readings block).
    static func read<Output: Sendable>(
        path: String, name: String, columns: [String], parallelism: Int, blockSize first: Int = CSVBlockReader.blockSize, digest: @escaping ByteDigest,
        blockSizeAfter: ([UInt8]) -> Int = { _ in CSVBlockReader.blockSize }, parse: @escaping @Sendable ([UInt8], Int) -> Output, collect: (Output) -> Void
    ) -> Result {
        var result = Result()
        switch DatasetFileAccess.check(path) {
        case .unreadable(let why)?:
            result.issues = [DatasetFileAccess.issue(path: name, reason: why)]
            return result
        case .absent?, .contents?:
            result.issues = [DatasetFileAccess.issue(path: name, reason: "missing")]
            return result
        case nil: break
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            result.issues = [DatasetFileAccess.issue(path: name, reason: String(cString: strerror(errno)))]
            return result
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            result.issues = [DatasetFileAccess.issue(path: name, reason: "not a regular file")]
            return result
        }
        let done = BlockOutputs<Output>()
        let group = DispatchGroup()
        let slots = DispatchSemaphore(value: max(1, parallelism))
        var blockSize = first
        var sized = false  // whether blockSizeAfter has seen the header line
        // the bytes of its own the next block reads up to: a block size, or more when the bytes carried over hold
        // no line break (a line longer than a block), which would otherwise be carried over again unread forever
        var target = blockSize
        var readBuffer = [UInt8](repeating: 0, count: blockSize)
        var header: [UInt8]? = nil
        var carry: [UInt8] = []
        var nextLine = 2
        var block = 0
        var atEnd = false
        var readError: String? = nil
        // blocks consumed so far, and the SHA-256 of each, after the header line
        var consumed = 0
        var digests: [UInt8] = []
        func consumeReady() {
            while let (out, blockDigest) = done.takeIfReady(consumed) {
                digests += blockDigest
                collect(out)
                consumed += 1
            }
        }

        /// Reads up to `count` bytes; false at the end of the file.
        func readMore(into buf: inout [UInt8], count: Int) -> Bool {
            let n = readBuffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, min(count, $0.count)) }
            if n < 0 { readError = String(cString: strerror(errno)); return false }
            if n == 0 { return false }
            result.bytesRead += n
            readBuffer.withUnsafeBytes { buf.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            return true
        }

        while !atEnd {
            // every block after the first is parsed after a copy of the header line, written first so the block's
            // bytes are never copied again
            var chunk: [UInt8] = []
            chunk.reserveCapacity(blockSize + (header?.count ?? 0) + carry.count)
            if let header { chunk += header }
            let own = chunk.count  // where the block's own bytes start
            chunk += carry
            carry = []
            while chunk.count - own < target {
                // until the header line is there, in small reads, so that the first block already has its size
                let want = sized ? target - (chunk.count - own) : min(target - (chunk.count - own), 64 << 10)
                if !readMore(into: &chunk, count: want) { atEnd = true; break }
                if !sized, let nl = chunk.firstIndex(of: 10) {
                    sized = true
                    blockSize = max(1, min(blockSize, blockSizeAfter(Array(chunk[...nl]))))
                    target = min(target, blockSize)
                }
            }
            target = blockSize
            if header == nil {
                guard let nl = chunk.firstIndex(of: 10) else {
                    if atEnd {
                        header = chunk
                        break
                    }
                    carry = chunk  // a header longer than a block: read on
                    target = carry.count + blockSize
                    continue
                }
                header = Array(chunk[...nl])
            }
            let headerCount = header!.count
            if !atEnd {
                if chunk.withUnsafeBufferPointer({ memchr($0.baseAddress! + headerCount, Int32(CSVWriter.quote), $0.count - headerCount) != nil }) {
                    // a quoted field may hold a line break: the rest of the file is one block
                    while readMore(into: &chunk, count: blockSize) {}
                    atEnd = true
                } else {
                    // whole lines only; the header ends with a line break, so a block without one carries over whole
                    let cut = chunk.lastIndex(of: 10)! + 1
                    carry = Array(chunk[cut...])
                    chunk.removeSubrange(cut...)
                }
            }
            if chunk.count == headerCount {
                // a line longer than a block: read on
                target = carry.count + blockSize
                continue
            }
            let lines = chunk.withUnsafeBufferPointer { Self.lineBreaks(UnsafeBufferPointer(rebasing: $0[headerCount...])) }
            let firstLine = nextLine
            nextLine += lines
            let index = block
            block += 1
            let bytes = chunk
            slots.wait()
            group.enter()
            DispatchQueue.global().async {
                let out = parse(bytes, firstLine)
                let blockDigest = bytes.withUnsafeBytes { digest(UnsafeRawBufferPointer(rebasing: $0[headerCount...])) }
                done.put(index, out, blockDigest)
                slots.signal()
                group.leave()
            }
            consumeReady()
        }
        group.wait()
        if let e = readError {
            result.issues.append(DatasetFileAccess.issue(path: name, reason: e))
            return result
        }
        guard let header else {
            result.issues.append(DatasetIssue(location: "\(name):1", field: "header", value: "",
                                              expected: "a header row: \(columns.joined(separator: ","))"))
            return result
        }
        if block == 0 {
            // header only: still checked
            collect(parse(header, 2))
        }
        consumeReady()
        let all = header + digests
        result.digest = all.withUnsafeBytes { digest($0) }
        return result
    }
}

extension CSVBlockReader {
    /// The number of line feeds in `b`, eight bytes at a time: the reader counts every block's lines before
    /// handing it to a core (the next block's first line number depends on it), so this runs on one thread.
    static func lineBreaks(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = b.baseAddress else { return 0 }
        let n = b.count
        var count = 0
        var i = 0
        let highs: UInt64 = 0x8080_8080_8080_8080
        let feeds: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
        while i + 8 <= n {
            let x = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) ^ feeds
            // a byte of x is zero where the input has a line feed; this marks exactly those bytes' high bits
            let zero = ~(((x & ~highs) &+ ~highs) | x) & highs
            count += zero.nonzeroBitCount
            i += 8
        }
        while i < n {
            if base[i] == 10 { count += 1 }
            i += 1
        }
        return count
    }
}

/// The parsed blocks of one file, filled by the block tasks in any order and taken in file order as soon as
/// they are there.
private final class BlockOutputs<Output: Sendable>: Sendable {
    private let outputs = Mutex<[Int: (Output, [UInt8])]>([:])

    func put(_ index: Int, _ output: Output, _ digest: [UInt8]) {
        outputs.withLock { $0[index] = (output, digest) }
    }

    /// Block `index`'s output when its task has finished, else nil.
    func takeIfReady(_ index: Int) -> (Output, [UInt8])? {
        outputs.withLock { $0.removeValue(forKey: index) }
    }
}

