// swift-tools-version: 6.1
//
// GridSettle's benchmarks: a separate package (the swift-nio / hummingbird pattern) so that the main
// package's `swift build` and `swift test` never resolve or build ordo-one/benchmark.
//
//   cd Benchmarks
//   swift package benchmark                      # the package-benchmark suite (release build)
//   bash run-1000.sh                             # load + settle 1,000 resource-months, wall time and peak RSS
import PackageDescription

/// SwiftPM identifies a path dependency by its directory name, lowercased: "main" in /work/main but
/// something else in another checkout (a CI clone, a developer's `GridSettle/`), so derive it.
let mainPackage = String(Context.packageDirectory.split(separator: "/").dropLast().last ?? "gridsettle").lowercased()

let package = Package(
    name: "GridSettleBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // The MallocInterposer trait is required: the default traits also enable RuntimeInterposer, which
        // pulls in ordo-one/swift-runtime-interposer on Linux with Swift 6.3 (not available here).
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(path: "../"),
    ],
    targets: [
        // Shared fixture: generated resource-months as dataset files (format v1), built outside any timing.
        .target(
            name: "BenchmarkFixtures",
            dependencies: [
                .product(name: "GridSettleCore", package: mainPackage),
                .product(name: "GridSettleFormats", package: mainPackage),
                .product(name: "GridSettleExamples", package: mainPackage),
            ],
            path: "Sources/BenchmarkFixtures"
        ),
        // The package-benchmark suite; the plugin requires its sources under Benchmarks/<target>.
        .executableTarget(
            name: "GridSettleBenchmarks",
            dependencies: [
                "BenchmarkFixtures",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "GridSettleCore", package: mainPackage),
                .product(name: "GridSettleFormats", package: mainPackage),
                .product(name: "GridSettleExamples", package: mainPackage),
            ],
            path: "Benchmarks/GridSettleBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // `bash run-baselines.sh [N]`: baselines for N resource-years with 50 events each (issue #4).
        .executableTarget(
            name: "Baselines10k",
            dependencies: [
                "BenchmarkFixtures",
                .product(name: "GridSettleCore", package: mainPackage),
            ],
            path: "Sources/Baselines10k"
        ),
        // `swift run -c release Settle1000 1000`: load + settle N resource-months one at a time (run-1000.sh).
        .executableTarget(
            name: "Settle1000",
            dependencies: [
                "BenchmarkFixtures",
                .product(name: "GridSettleCore", package: mainPackage),
                .product(name: "GridSettleFormats", package: mainPackage),
                .product(name: "GridSettleExamples", package: mainPackage),
            ],
            path: "Sources/Settle1000"
        ),
    ],
    swiftLanguageModes: [.v6]
)
