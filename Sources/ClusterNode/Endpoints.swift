import Foundation
import Synchronization

/// The cluster's default ports and endpoint spelling.
public enum Endpoints {
    /// Coordinator PUB: jobs and control broadcasts.
    public static let jobPort = 7341
    /// Coordinator ROUTER: registration, heartbeats, credits, finds, commands.
    public static let controlPort = 7342
    /// Aggregator ROUTER: announcement batches.
    public static let batchPort = 7343

    /// `tcp://host:port`.
    public static func tcp(_ host: String, _ port: Int) -> String { "tcp://\(host):\(port)" }

    /// True for addresses that stay on this machine.
    public static func isLoopback(_ host: String) -> Bool {
        host == "127.0.0.1" || host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// A TCP port nothing listens on right now (for tests and `up`).
    public static func freePort() -> Int { freePorts(1)[0] }

    /// `count` different TCP ports nothing listens on right now, none of
    /// them handed out before by this process. They are picked at random
    /// below Linux's ephemeral range (32768 and up), so an outgoing
    /// connection cannot take one as its source port before its listener
    /// binds it.
    public static func freePorts(_ count: Int) -> [Int] {
        var chosen: [Int] = []
        for _ in 0..<100_000 where chosen.count < count {
            let port = Int.random(in: 20_000..<32_768)
            if canBind(port), handedOut.withLock({ $0.insert(port).inserted }) { chosen.append(port) }
        }
        return chosen
    }

    /// Ports `freePorts` has returned in this process.
    private static let handedOut = Mutex<Set<Int>>([])

    /// Whether 127.0.0.1:`port` can be bound now.
    private static func canBind(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
