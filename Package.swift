// swift-tools-version: 6.1
import PackageDescription

/// The C kernel is optimised even in debug builds: mining and validation
/// tests would otherwise run an order of magnitude slower. It targets the
/// x86-64 baseline; its AVX2 and AVX-512 paths are chosen at run time.
let kernelFlags: [CSetting] = [
    .unsafeFlags(["-O3", "-Wall", "-Wextra", "-Wno-unused-parameter"])
]

let package = Package(
    name: "pktcluster",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "PacketCrypt", targets: ["PacketCrypt"]),
        .library(name: "PKTWire", targets: ["PKTWire"]),
        .library(name: "PKTChain", targets: ["PKTChain"]),
        .library(name: "Devnet", targets: ["Devnet"]),
        .library(name: "ZeroMQ", targets: ["ZeroMQ"]),
        .library(name: "ClusterProtocol", targets: ["ClusterProtocol"]),
        .executable(name: "pktcluster", targets: ["pktcluster"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
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
            name: "PKTChain",
            dependencies: [
                "PacketCrypt", "PKTWire",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Devnet",
            dependencies: [
                "PacketCrypt", "PKTWire", "PKTChain",
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
            name: "ClusterNode",
            dependencies: [
                "ClusterProtocol", "ZeroMQ",
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "ClusterCoordinator",
            dependencies: [
                "ClusterNode", "ClusterProtocol", "ZeroMQ", "PKTChain", "PKTWire", "PacketCrypt",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "ClusterWorker",
            dependencies: [
                "ClusterNode", "ClusterProtocol", "ZeroMQ", "PacketCrypt", "PKTChain",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "ClusterAggregator",
            dependencies: [
                "ClusterNode", "ClusterProtocol", "ZeroMQ", "PacketCrypt", "PKTWire", "PKTChain",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "pktcluster",
            dependencies: [
                "PacketCrypt",
                "PKTWire",
                "PKTChain",
                "Devnet",
                "ZeroMQ",
                "ClusterProtocol",
                "ClusterNode",
                "ClusterCoordinator",
                "ClusterWorker",
                "ClusterAggregator",
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
                "PKTChain", "PKTWire", "PacketCrypt", "Devnet",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "ChainTests",
            dependencies: ["PKTChain", "Devnet", "PKTWire", "PacketCrypt"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
