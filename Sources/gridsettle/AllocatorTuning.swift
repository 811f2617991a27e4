#if canImport(Glibc)
import Glibc
#endif

/// Tunes glibc's allocator for a process that reads a portfolio in large blocks.
///
/// A portfolio is read in blocks of whole lines (2–8 MiB each, `CSVBlockReader`) that are parsed, spilled to the
/// scratch space and freed, thousands of times for a large portfolio. glibc serves blocks this size with `mmap`
/// only until the first is freed, then raises its threshold (up to 32 MiB) and keeps them in its heaps, where the
/// freed space stays resident: the peak RSS then grew with the length of the read, not with what was live
/// (Benchmarks/README.md, "Memory and 10,000 resource-months"). A fixed threshold of 1 MiB keeps every block an
/// `mmap` of its own, returned to the system when it is freed — what `MALLOC_MMAP_THRESHOLD_=1048576` does,
/// without asking every user to set it.
///
/// `mallopt` is declared in `<malloc.h>`, which the Glibc module does not import, so it is looked up by name;
/// where it is absent (another C library) nothing is tuned.
enum AllocatorTuning {
    /// glibc's `M_MMAP_THRESHOLD` (`<malloc.h>`).
    static let mmapThresholdOption: Int32 = -3
    static let mmapThreshold: Int32 = 1 << 20

    static func apply() {
        #if canImport(Glibc)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(mmapThresholdOption, mmapThreshold)
        #endif
    }

    /// Gives the free pages inside glibc's heaps back to the system (`malloc_trim(0)`).
    ///
    /// A portfolio's read leaves many small long-lived allocations (where each meter's and resource's rows are)
    /// between the blocks it freed, and settling thousands of units after it frees and allocates month-long series
    /// around them; glibc returns only the free space at the top of a heap, so the holes stayed resident and the
    /// peak grew with the number of units. Called after the read and every few hundred units stored; each call
    /// takes a few milliseconds.
    static func releaseFreeMemory() {
        #if canImport(Glibc)
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        #endif
    }
}
