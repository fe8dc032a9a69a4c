// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "ZZKVault",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "zzk", targets: ["zzk"]),
        .library(name: "ZZKVault", targets: ["ZZKVault"]),
        .library(name: "SodiumKit", targets: ["SodiumKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        .target(
            name: "SodiumKit",
            dependencies: ["CSodium"]
        ),
        .target(
            name: "ZZKVault",
            dependencies: [
                "SodiumKit",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "zzk",
            dependencies: [
                "ZZKVault",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The bare C work behind each benchmark workload (same SQLite, libsodium, schema, pragmas).
        .target(
            name: "CBaseline",
            path: "Benchmarks/CBaseline",
            cSettings: [.unsafeFlags(["-O2"])],
            linkerSettings: [.linkedLibrary("sodium"), .linkedLibrary("sqlite3")]
        ),
        .executableTarget(
            name: "zzk-bench",
            dependencies: ["ZZKVault", "SodiumKit", "CBaseline", "TestSupport"],
            path: "Benchmarks/ZZKBench"
        ),
        .target(
            name: "TestSupport",
            dependencies: ["ZZKVault", "SodiumKit", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "SodiumKitTests", dependencies: ["SodiumKit"]),
        .testTarget(
            name: "ZZKVaultTests",
            dependencies: ["ZZKVault", "SodiumKit", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "ZZKCLITests", dependencies: ["zzk", "TestSupport"]),
        // libFuzzer targets (docs/fuzzing.md, `make fuzz`); a normal build makes them replay tools.
        .target(name: "FuzzSupport", path: "Fuzz/FuzzSupport"),
        .executableTarget(name: "FuzzPolicyLoader", dependencies: ["ZZKVault", "FuzzSupport"], path: "Fuzz/FuzzPolicyLoader"),
        .executableTarget(name: "FuzzCSVReader", dependencies: ["ZZKVault", "FuzzSupport"], path: "Fuzz/FuzzCSVReader"),
        .executableTarget(name: "FuzzAuditExport", dependencies: ["ZZKVault", "SodiumKit", "FuzzSupport"], path: "Fuzz/FuzzAuditExport"),
    ],
    swiftLanguageModes: [.v6]
)
