// swift-tools-version: 6.2
import PackageDescription

/// A mining operation's own program embedding pktcluster's roles, depending
/// on pktcluster by version as any other package would. PKTCLUSTER_GIT_URL
/// names the repository (a clone with a version tag, for the tests).
let pktcluster = Context.environment["PKTCLUSTER_GIT_URL"] ?? "https://github.com/pktcluster/pktcluster"

let package = Package(
    name: "EmbeddedRoles",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: pktcluster, from: "0.1.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "EmbeddedRoles",
            dependencies: [
                .product(name: "ClusterWorker", package: "pktcluster"),
                .product(name: "ClusterAggregator", package: "pktcluster"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        )
    ]
)
