// swift-tools-version:6.0
import PackageDescription

// Layers, bottom up (docs/ARCHITECTURE.md): C shims, Base -> CurlTransport | AWSCore -> clients -> engine.
let package = Package(
    name: "connect-agents-bulk",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "AWSCore", targets: ["AWSCore"]),
        .library(name: "Base", targets: ["Base"]),
        .library(name: "CurlTransport", targets: ["CurlTransport"]),
        .library(name: "LocalStack", targets: ["LocalStack"]),
        .executable(name: "connect-local", targets: ["connect-local"]),
    ],
    dependencies: [
        // The local stack's HTTP server only; the Lambda binary does not depend on it.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // C shims: the system libraries, with typed wrappers for curl's variadic calls.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"]), .yum(["libcurl-devel"])]
        ),
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .yum(["openssl-devel"])]
        ),

        // What every layer shares: HTTP value types and the transport protocol, the environment
        // reader, UTC time, the JSON string escaper, the time source. No C library.
        .target(name: "Base"),

        // One HTTP request/response over libcurl, behind the HTTPTransport protocol.
        .target(name: "CurlTransport", dependencies: ["Base", "CCurl"]),

        // SigV4, credentials, endpoints, AWS errors, retry policy, the signed client.
        .target(name: "AWSCore", dependencies: ["Base", "COpenSSL"]),

        // Typed clients for the operations the product uses, each behind its protocol.
        .target(name: "ConnectClient", dependencies: ["AWSCore"]),
        .target(name: "S3Client", dependencies: ["AWSCore"]),
        // Service Quotas' two reads: the account's applied and default quotas of a service.
        .target(name: "ServiceQuotasClient", dependencies: ["AWSCore"]),
        // Lambda's JSON log lines.
        .target(name: "JSONLog", dependencies: ["Base"]),
        // The Lambda custom runtime: the Runtime API loop over libcurl.
        .target(name: "LambdaRuntime", dependencies: ["CurlTransport", "JSONLog"]),

        // The bulk engine: CSV, template, validation, planning, pacing, execution, reports.
        .target(name: "BulkEngine", dependencies: ["ConnectClient", "S3Client", "ServiceQuotasClient", "JSONLog", "AWSCore"]),

        // The local stack's services as plain logic (Connect, S3, Lambda Runtime API, throttle,
        // signature check, faults, call log), testable without a server. AWSCore for the
        // signature check (libcrypto); no libcurl.
        .target(name: "LocalStack", dependencies: ["AWSCore"]),

        // The local stack's HTTP server: adapts Hummingbird to LocalStackApp, nothing more.
        .target(name: "LocalStackServer", dependencies: [
            "LocalStack", .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
        ]),
        // connect-local: Amazon Connect, S3 and the Lambda Runtime API on loopback.
        // The Lambda function: its own custom runtime on provided.al2023.
        .executableTarget(name: "bootstrap", dependencies: [
            "AWSCore", "CurlTransport", "BulkEngine", "ConnectClient", "S3Client", "ServiceQuotasClient", "JSONLog", "LambdaRuntime",
        ]),

        // bulk-bench: the function's local work per row (CSV, checks, plan) and SigV4 signing,
        // timed in-process; run a release build (docs/PERFORMANCE.md).
        .executableTarget(name: "bulk-bench", dependencies: [
            "AWSCore", "CurlTransport", "BulkEngine", "ConnectClient",
        ], path: "Sources/bench"),

        .executableTarget(name: "connect-local", dependencies: [
            "LocalStack", "LocalStackServer", .product(name: "Hummingbird", package: "hummingbird"),
        ]),

        // Test-only helpers: a scripted HTTP server on 127.0.0.1, an immediate clock.
        .target(name: "TestSupport", dependencies: ["CurlTransport", "LocalStack"], path: "Tests/TestSupport"),

        .testTarget(name: "BaseTests", dependencies: ["Base", "TestSupport"]),

        .testTarget(name: "CurlTransportTests", dependencies: ["CurlTransport", "TestSupport"]),
        .testTarget(name: "AWSCoreTests", dependencies: ["AWSCore", "TestSupport", "CurlTransport"]),
        .testTarget(name: "LocalStackTests", dependencies: ["LocalStack", "TestSupport"]),
        .testTarget(name: "LambdaRuntimeTests", dependencies: ["LambdaRuntime", "TestSupport"]),
        .testTarget(name: "BulkEngineTests", dependencies: ["BulkEngine", "TestSupport"]),
        .testTarget(name: "ClientTests", dependencies: [
            "ConnectClient", "S3Client", "ServiceQuotasClient", "TestSupport", "LocalStack", "CurlTransport",
        ]),
    ]
)
