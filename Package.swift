// swift-tools-version: 6.1
import PackageDescription

/// Settings shared by every target: Swift 6 language mode plus the upcoming features the
/// swift-server projects (hummingbird, swift-nio) turn on, so the code is ready for them.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "GridSettle",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "GridSettleCore", targets: ["GridSettleCore"]),
        .library(name: "GridSettleFormats", targets: ["GridSettleFormats"]),
        .library(name: "GridSettleReports", targets: ["GridSettleReports"]),
        .library(name: "GridSettleStore", targets: ["GridSettleStore"]),
        .library(name: "GridSettleExamples", targets: ["GridSettleExamples"]),
        .library(name: "GridSettleWorkflows", targets: ["GridSettleWorkflows"]),
        .library(name: "GridSettleServer", targets: ["GridSettleServer"]),
        .executable(name: "gridsettle", targets: ["gridsettle"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // The domain and every rule. Pure: no file, network or database I/O, no Foundation.
        .target(name: "GridSettleCore", swiftSettings: swiftSettings),
        // Readers and writers: the dataset format v1, URDB JSON, statement CSV/JSON.
        .target(name: "GridSettleFormats", dependencies: ["GridSettleCore"], swiftSettings: swiftSettings),
        // Human-facing output: the HTML report with SVG charts.
        .target(name: "GridSettleReports", dependencies: ["GridSettleCore"], swiftSettings: swiftSettings),
        // Deterministic, seeded example datasets (the LA AFB V2G pilot shape; N resources for benchmarks).
        .target(
            name: "GridSettleExamples", dependencies: ["GridSettleCore"], exclude: ["Tariffs/SOURCES.md"],
            swiftSettings: swiftSettings
        ),
        // Persistence behind one protocol (SettlementRepository): SQLite through GRDB (the embedded default)
        // and PostgreSQL through postgres-nio, with the same versioned schema.
        .target(
            name: "GridSettleStore",
            dependencies: [
                "GridSettleCore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // The use cases, written once for every entry point (CLI, API, workers): read a portfolio or dataset,
        // settle its units on every core, render and store the runs.
        .target(
            name: "GridSettleWorkflows",
            dependencies: ["GridSettleCore", "GridSettleFormats", "GridSettleReports", "GridSettleStore"],
            swiftSettings: swiftSettings
        ),
        // The HTTP API and its middleware (Hummingbird 2): tenants, roles, limits, metrics, health.
        .target(
            name: "GridSettleServer",
            dependencies: [
                "GridSettleCore", "GridSettleFormats", "GridSettleReports", "GridSettleStore", "GridSettleWorkflows",
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"), .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "gridsettle",
            dependencies: [
                "GridSettleCore", "GridSettleFormats", "GridSettleReports", "GridSettleStore", "GridSettleExamples", "GridSettleServer",
                "GridSettleWorkflows", .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "GridSettleCoreTests", dependencies: ["GridSettleCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "GridSettleFormatsTests",
            dependencies: ["GridSettleCore", "GridSettleFormats", "GridSettleExamples"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GridSettleStoreTests",
            dependencies: [
                "GridSettleCore", "GridSettleStore", "GridSettleFormats", "GridSettleExamples",
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GridSettleServerTests",
            dependencies: [
                "GridSettleCore", "GridSettleFormats", "GridSettleStore", "GridSettleExamples", "GridSettleServer", "GridSettleReports",
                "GridSettleWorkflows", .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GridSettleWorkflowsTests",
            dependencies: ["GridSettleCore", "GridSettleFormats", "GridSettleStore", "GridSettleExamples", "GridSettleWorkflows"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GridSettleReportsTests",
            dependencies: ["GridSettleCore", "GridSettleReports", "GridSettleExamples"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GridSettleExamplesTests",
            dependencies: ["GridSettleCore", "GridSettleExamples"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GridSettleEndToEndTests",
            dependencies: [
                "GridSettleCore", "GridSettleFormats", "GridSettleReports", "GridSettleStore", "GridSettleExamples", "GridSettleWorkflows",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
