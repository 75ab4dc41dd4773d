// swift-tools-version: 6.1
import Foundation
import PackageDescription

/// libFuzzer targets for every decoder that reads bytes from outside the
/// process. Never depended on: build it with `scripts/fuzz.sh`, which adds
/// `-Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address,undefined`
/// so the code under test is instrumented too, not only these harnesses.
///
/// Each harness is a library-style `main.swift` (`-parse-as-library`) that
/// exports `LLVMFuzzerTestOneInput`; libFuzzer supplies `main`.
let harness: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

/// A path dependency's identity is its directory's name, whatever the clone is called.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "pktcluster-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "FuzzClusterFrame",
            dependencies: [.product(name: "ClusterProtocol", package: root)],
            swiftSettings: harness),
        .executableTarget(
            name: "FuzzAnnouncement",
            dependencies: [.product(name: "PacketCrypt", package: root)],
            swiftSettings: harness),
        .executableTarget(
            name: "FuzzBlockProof",
            dependencies: [
                .product(name: "PKTWire", package: root), .product(name: "PacketCrypt", package: root),
            ],
            swiftSettings: harness),
        .executableTarget(
            name: "FuzzWireCodec",
            dependencies: [
                .product(name: "PKTWire", package: root), .product(name: "PacketCrypt", package: root),
            ],
            swiftSettings: harness),
        // The devnet server's request path (body limit, nesting check, then
        // JSONDecoder into RPCRequest) without Hummingbird and NIO: the same
        // source files, linked in by symbolic link, so the internal
        // `DevnetRequestLimits` is reachable.
        .executableTarget(
            name: "FuzzDevnetRPC",
            swiftSettings: harness),
        // The settings reader (its own TOML subset), linked in the same way so
        // the fuzz build does not pull in ZeroMQ with the rest of ClusterNode.
        .executableTarget(
            name: "FuzzSettings",
            swiftSettings: harness),
        // Writes the generated seeds with the project's own encoders (not a fuzz
        // target; built without sanitizers into .build-seeds).
        .executableTarget(
            name: "FuzzSeeds",
            dependencies: [
                .product(name: "ClusterProtocol", package: root), .product(name: "PKTWire", package: root),
                .product(name: "PacketCrypt", package: root),
            ]),
    ]
)
