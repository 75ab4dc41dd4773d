// swift-tools-version: 6.2
import PackageDescription

/// The C kernel's warnings. The manifest has no unsafe flags, so other
/// packages can depend on this one by version. The kernel targets the x86-64
/// baseline; its AVX2 and AVX-512 paths are chosen at run time. Debug builds
/// are kept fast by the test command, which optimises C code (`swift test
/// -Xcc -O3`); release builds optimise it anyway.
let kernelFlags: [CSetting] = [
    .enableWarning("all"), .enableWarning("extra"), .disableWarning("unused-parameter"),
]

let package = Package(
    name: "pktcluster",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "PacketCrypt", targets: ["PacketCrypt"]),
        .library(name: "PKTWire", targets: ["PKTWire"]),
        .library(name: "PKTAddresses", targets: ["PKTAddresses"]),
        .library(name: "PKTChain", targets: ["PKTChain"]),
        .library(name: "ClusterCoordinator", targets: ["ClusterCoordinator"]),
        .library(name: "ClusterAggregator", targets: ["ClusterAggregator"]),
        .library(name: "ClusterWorker", targets: ["ClusterWorker"]),
        .library(name: "ClusterNode", targets: ["ClusterNode"]),
        .library(name: "ClusterDashboard", targets: ["ClusterDashboard"]),
        .library(name: "Devnet", targets: ["Devnet"]),
        .library(name: "ZeroMQ", targets: ["ZeroMQ"]),
        .library(name: "ClusterProtocol", targets: ["ClusterProtocol"]),
        .library(name: "ClusterMetrics", targets: ["ClusterMetrics"]),
        .executable(name: "pktcluster", targets: ["pktcluster"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        .target(
            name: "CPacketCrypt",
            cSettings: kernelFlags,
            linkerSettings: [.linkedLibrary("sodium"), .linkedLibrary("pthread"), .linkedLibrary("m")]
        ),
        .target(
            name: "PacketCrypt",
            dependencies: ["CPacketCrypt"]
        ),
        .target(
            name: "PKTWire",
            dependencies: ["PacketCrypt"]
        ),
        .target(
            name: "PKTAddresses",
            dependencies: ["PacketCrypt", "PKTWire"]
        ),
        .target(
            name: "PKTChain",
            dependencies: [
                "PacketCrypt", "PKTWire", "PKTAddresses",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Devnet",
            dependencies: [
                "PacketCrypt", "PKTWire", "PKTChain", "PKTAddresses",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .systemLibrary(
            name: "CZeroMQ",
            pkgConfig: "libzmq",
            providers: [.apt(["libzmq3-dev"])]
        ),
        .target(
            name: "ZeroMQ",
            dependencies: ["CZeroMQ"]
        ),
        .target(
            name: "ClusterProtocol",
            dependencies: ["PacketCrypt"]
        ),
        .target(
            name: "ClusterMetrics",
            dependencies: [
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "ClusterNode",
            dependencies: [
                "ClusterProtocol", "ZeroMQ",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "ClusterCoordinator",
            dependencies: [
                "ClusterNode", "ClusterMetrics", "ClusterProtocol", "ZeroMQ", "PKTChain", "PKTAddresses", "PKTWire", "PacketCrypt",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "ClusterWorker",
            dependencies: [
                "ClusterNode", "ClusterMetrics", "ClusterProtocol", "ZeroMQ", "PacketCrypt", "PKTAddresses",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "ClusterAggregator",
            dependencies: [
                "ClusterNode", "ClusterMetrics", "ClusterProtocol", "ZeroMQ", "PacketCrypt", "PKTWire", "PKTAddresses",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "ClusterDashboard",
            dependencies: [
                "ClusterCoordinator",
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .executableTarget(
            name: "pktcluster",
            dependencies: [
                "PacketCrypt",
                "PKTWire",
                "PKTChain",
                "PKTAddresses",
                "Devnet",
                "ZeroMQ",
                "ClusterProtocol",
                "ClusterNode",
                "ClusterCoordinator",
                "ClusterWorker",
                "ClusterAggregator",
                "ClusterMetrics",
                "ClusterDashboard",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "PacketCryptTests",
            dependencies: ["PacketCrypt", "CPacketCrypt"]
        ),
        .testTarget(
            name: "PKTWireTests",
            dependencies: ["PKTWire", "PacketCrypt"]
        ),
        .testTarget(
            name: "ZeroMQTests",
            dependencies: ["ZeroMQ"]
        ),
        .testTarget(
            name: "ClusterProtocolTests",
            dependencies: ["ClusterProtocol", "PacketCrypt"]
        ),
        .testTarget(
            name: "ClusterTests",
            dependencies: [
                "ClusterNode", "ClusterCoordinator", "ClusterAggregator", "ClusterWorker", "ClusterProtocol", "ZeroMQ",
                "ClusterMetrics",
                "PKTChain", "PKTAddresses", "PKTWire", "PacketCrypt", "Devnet", "ClusterDashboard",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "ChainTests",
            dependencies: ["PKTChain", "PKTAddresses", "Devnet", "PKTWire", "PacketCrypt"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
