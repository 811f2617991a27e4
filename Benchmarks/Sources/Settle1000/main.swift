// Settle1000: load + settle N generated resource-months, one at a time, and report the wall time and the
// peak resident memory. A measurement tool for `run-1000.sh`, not a test.
//
//   swift run -c release Settle1000 [N=1000] [--batch 50]
//
// The input is generated in batches (default 50 resource-months, ~1.5 MB of CSV each) so that the whole
// run never holds more than one batch of bytes; generation is timed separately and excluded from the
// parse+settle figures. Each resource-month's Dataset and SettlementResult are dropped before the next one
// is read, so resident memory stays flat however large N is.
import BenchmarkFixtures
import GridSettleCore
import GridSettleExamples
import GridSettleFormats

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func usage() -> Never {
    print("usage: Settle1000 [N] [--batch B]   (defaults: N = 1000, B = 50)")
    exit(64)
}

var count = 1000
var batchSize = 50
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    switch a {
    case "--batch":
        guard let v = args.popFirst().flatMap({ Int($0) }), v >= 1 else { usage() }
        batchSize = v
    case "-h", "--help":
        usage()
    default:
        guard let v = Int(a), v >= 1 else { usage() }
        count = v
    }
}

/// A line of /proc/self/status in kB (VmHWM = peak resident set, VmRSS = current), or nil off Linux.
func procStatusKB(_ key: String) -> Int? {
    guard let f = fopen("/proc/self/status", "r") else { return nil }
    defer { fclose(f) }
    var buffer = [CChar](repeating: 0, count: 512)
    while fgets(&buffer, Int32(buffer.count), f) != nil {
        let line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if line.hasPrefix(key + ":") {
            return Int(line.dropFirst(key.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).first ?? "")
        }
    }
    return nil
}

func seconds(_ d: Duration) -> Double {
    let c = d.components
    return Double(c.seconds) + Double(c.attoseconds) / 1e18
}

func fmt(_ v: Double, _ digits: Int = 2) -> String {
    var p = 1.0
    for _ in 0..<digits { p *= 10 }
    let r = (v * p).rounded() / p
    var s = String(r)
    if let dot = s.firstIndex(of: ".") {
        let frac = s.distance(from: dot, to: s.endIndex) - 1
        if frac < digits { s += String(repeating: "0", count: digits - frac) }
    } else if digits > 0 {
        s += "." + String(repeating: "0", count: digits)
    }
    return s
}

func mib(_ kb: Int?) -> String { kb.map { fmt(Double($0) / 1024, 1) + " MiB" } ?? "n/a" }

let clock = ContinuousClock()
var generation = Duration.zero
var loading = Duration.zero
var settling = Duration.zero
var perResource: [Duration] = []
perResource.reserveCapacity(count)
var bytes = 0
var checksum: Int64 = 0
var violations = 0
var provisional = 0
var rssAfterFirstBatch: Int?

print("Settle1000: \(count) resource-months (5-minute meters, SCE TOU-8), generated in batches of \(batchSize)")
var done = 0
while done < count {
    let n = min(batchSize, count - done)
    // Resource i (over the whole run) has seed 2016 + i, as in ExampleGenerator.fleet(count: N); the price
    // series is drawn per batch.
    let g0 = clock.now
    var batch = ResourceMonths.files(count: n, options: ExampleOptions(seed: 2016 &+ UInt64(done)))
    generation += clock.now - g0

    for j in batch.indices {
        let files = batch[j]
        batch[j] = [:]  // the batch gives up each resource-month's bytes once it is taken
        bytes += ResourceMonths.byteCount(files)
        let t0 = clock.now
        let dataset = ResourceMonths.load(files)
        let t1 = clock.now
        let result = ResourceMonths.settle(dataset)
        let t2 = clock.now
        loading += t1 - t0
        settling += t2 - t1
        perResource.append(t2 - t0)
        checksum &+= ResourceMonths.statementTotal(result)
        violations += result.statement.violations.count
        if result.statement.status == .provisional { provisional += 1 }
    }
    done += n
    if rssAfterFirstBatch == nil { rssAfterFirstBatch = procStatusKB("VmHWM") }
    if done % 100 == 0 || done == count {
        print("  \(done)/\(count)  parse+settle so far \(fmt(seconds(loading + settling))) s, VmRSS \(mib(procStatusKB("VmRSS")))")
    }
}

let total = seconds(loading + settling)
let sorted = perResource.sorted()
func pct(_ p: Double) -> Double { seconds(sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p + 0.5))]) * 1000 }
print("")
print("resource-months:            \(count)  (\(fmt(Double(bytes) / 1_048_576, 1)) MiB of dataset files, \(fmt(Double(bytes) / Double(count) / 1_048_576, 2)) MiB each)")
print("generation (excluded):      \(fmt(seconds(generation))) s")
print("load (parse):               \(fmt(seconds(loading))) s")
print("settle:                     \(fmt(seconds(settling))) s")
print("load+settle total:          \(fmt(total)) s")
print("resource-months/second:     \(fmt(Double(count) / total, 1))")
print("per resource-month (ms):    p50 \(fmt(pct(0.5), 1))  p90 \(fmt(pct(0.9), 1))  max \(fmt(pct(1.0), 1))")
print("settle/load time ratio:     \(fmt(seconds(settling) / seconds(loading)))")
print("peak RSS (VmHWM):           \(mib(procStatusKB("VmHWM")))  (after the first batch: \(mib(rssAfterFirstBatch)))")
print("statements: \(provisional) provisional, \(violations) check violations, checksum \(checksum) µ$")
