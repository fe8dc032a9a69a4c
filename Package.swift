// swift-tools-version:6.1
import PackageDescription

/// Release builds of `zzk` link the Swift runtime and Foundation into the binary
/// (`-static-stdlib`): on Linux the dynamic loader otherwise spends about 3 ms of every command
/// resolving symbols in the runtime's shared libraries (docs/performance.md, "CLI fixed costs"),
/// and the binary then runs on a server without a Swift toolchain. The main module is compiled
/// with the flag too, so that it imports the static Foundation, whose link entries name the
/// libraries that Foundation's archive needs. `--no-export-dynamic` undoes the `-export-dynamic`
/// that `-static-stdlib` adds: nothing looks the binary's own symbols up at run time, and the
/// runtime's start-up `dladdr` scanned their 1 MB dynamic symbol table (about 1 ms a command).
/// Debug builds, the tests and `zzk-bench` (whose HTTP client, FoundationNetworking, would need
/// libcurl's static archive) stay dynamic.
let staticRuntime = (
    swift: [SwiftSetting.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))],
    linker: [LinkerSetting.unsafeFlags(["-static-stdlib", "-Xlinker", "--no-export-dynamic"],
                                       .when(platforms: [.linux], configuration: .release))]
)

let package = Package(
    name: "ZZKVault",
    // Built and tested on Linux (Debian, glibc); macOS 15 is the oldest Apple system with the
    // Synchronization module's Mutex, named so the manifest resolves there, but not tested.
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "zzk", targets: ["zzk"]),
        .library(name: "ZZKVault", targets: ["ZZKVault"]),
        .library(name: "ZZKDocuments", targets: ["ZZKDocuments"]),
        .library(name: "SodiumKit", targets: ["SodiumKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // The server (`zzk serve`): HTTP/1.1 and TLS, the testing client, TOTP (HummingbirdOTP).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        // Already in the graph through Hummingbird; named for the session sweeper's `Service`.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // SHA-256 with the CPU's SHA extensions (BoringSSL), for `audit verify` (docs/performance.md, W4).
        // Already in the graph through HummingbirdOTP.
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        // The web pages' templates (logic-less, HTML-escaping by default).
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
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
        // sqlite3_db_config (variadic) for the vault's connections: no checkpoint on close.
        .systemLibrary(
            name: "CSQLiteConfig",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // The vault's SQLite VFS: the unix one, without a folder sync for a WAL that already exists.
        .target(
            name: "CVaultVFS",
            linkerSettings: [.linkedLibrary("sqlite3")]
        ),
        .target(
            name: "ZZKVault",
            dependencies: [
                "SodiumKit",
                "CSQLiteConfig",
                "CVaultVFS",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, the one GRDB uses: the statements the import holds (HeldInsert), and
                // `audit verify` reading the log's columns in place.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Terminal and environment input for the CLI (passphrases), kept out of the library.
        .target(name: "ZZKTerminal", dependencies: ["ZZKVault", "SodiumKit"]),
        // Every document a person or the IOD reads (notices, the art. 15 answer, ROPA, the monthly
        // report, the policy matrix), rendered once for both front ends.
        .target(name: "ZZKDocuments", dependencies: ["ZZKVault"]),
        // The HTTPS service: sessions, CSRF, the JSON API, scheduled work. Parses, calls ZZKVault, renders.
        .target(
            name: "ZZKServer",
            dependencies: [
                "ZZKVault",
                "ZZKDocuments",
                "SodiumKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .executableTarget(
            name: "zzk",
            dependencies: [
                "ZZKVault",
                "ZZKDocuments",
                "ZZKTerminal",
                "ZZKServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: staticRuntime.swift,
            linkerSettings: staticRuntime.linker
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
            dependencies: ["ZZKVault", "SodiumKit", "CBaseline", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")],
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
            dependencies: ["ZZKVault", "ZZKTerminal", "SodiumKit", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "ZZKCLITests", dependencies: ["zzk", "TestSupport"]),
        .testTarget(
            name: "ZZKServerTests",
            dependencies: [
                "ZZKServer", "ZZKVault", "SodiumKit", "TestSupport", "zzk",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
            ]
        ),
        // libFuzzer targets (docs/fuzzing.md, `make fuzz`); a normal build makes them replay tools.
        .target(name: "FuzzSupport", path: "Fuzz/FuzzSupport"),
        .executableTarget(name: "FuzzPolicyLoader", dependencies: ["ZZKVault", "FuzzSupport"], path: "Fuzz/FuzzPolicyLoader"),
        .executableTarget(name: "FuzzCSVReader", dependencies: ["ZZKVault", "FuzzSupport"], path: "Fuzz/FuzzCSVReader"),
        .executableTarget(name: "FuzzAuditExport", dependencies: ["ZZKVault", "SodiumKit", "FuzzSupport"], path: "Fuzz/FuzzAuditExport"),
    ],
    swiftLanguageModes: [.v6]
)
