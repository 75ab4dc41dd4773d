import Foundation

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

    /// `count` different TCP ports nothing listens on right now: each is
    /// held while the next is chosen, so the system cannot hand one out twice.
    public static func freePorts(_ count: Int) -> [Int] {
        let sockets = (0..<count).map { _ in socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0) }
        defer { for fd in sockets { close(fd) } }
        return sockets.map { fd in
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
            }
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            return Int(UInt16(bigEndian: address.sin_port))
        }
    }
}
