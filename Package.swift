// swift-tools-version: 6.1
import PackageDescription

/// The C kernel is optimised even in debug builds: mining and validation
/// tests would otherwise run an order of magnitude slower. It targets the
/// x86-64 baseline; libsodium dispatches its own SIMD code at run time.
let kernelFlags: [CSetting] = [
    .unsafeFlags(["-O3", "-fno-strict-aliasing", "-Wall", "-Wextra", "-Wno-unused-parameter"])
]

let package = Package(
    name: "pktcluster",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "PacketCrypt", targets: ["PacketCrypt"]),
        .library(name: "PKTWire", targets: ["PKTWire"]),
        .executable(name: "pktcluster", targets: ["pktcluster"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
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
        .executableTarget(
            name: "pktcluster",
            dependencies: [
                "PacketCrypt",
                "PKTWire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
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
    ],
    swiftLanguageModes: [.v6]
)
