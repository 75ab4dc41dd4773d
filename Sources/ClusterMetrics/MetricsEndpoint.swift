import Hummingbird
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle

/// An HTTP server for one process's metrics: `GET /metrics` answers the
/// registry in Prometheus text format (with the process's memory and CPU),
/// and callers may add routes of their own (the coordinator's dashboard).
///
/// A `Service`: it serves until cancelled or a graceful shutdown; a port in
/// use makes `run()` throw at once.
public final class MetricsEndpoint: Service {
    private let application: Application<RouterResponder<BasicRequestContext>>
    private let bound: AsyncStream<Int>
    private let address: String

    /// - Parameters:
    ///   - port: 0 picks a free port (see ``port()``).
    ///   - routes: adds further routes to the server's router.
    public init(registry: PrometheusCollectorRegistry, host: String, port: Int,
                routes: (Router<BasicRequestContext>) -> Void = { _ in },
                logger: Logger = Logger(label: "pktcluster.metrics")) {
        let process = ProcessMetrics(registry: registry)
        let router = Router()
        router.get("/metrics") { _, _ -> Response in
            process.update()
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        routes(router)
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        bound = stream
        address = "\(host):\(port)"
        application = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "pktcluster"),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? port)
                continuation.finish()
            },
            logger: logger)
    }

    /// Serves until a graceful shutdown; throws ``MetricsEndpointError`` when it cannot listen.
    public func run() async throws {
        do {
            try await application.run()
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw MetricsEndpointError(address: address, reason: "\(error)")
        }
    }

    /// The port served on, once the server listens.
    public func port() async -> Int? {
        for await port in bound { return port }
        return nil
    }
}

/// The metrics server could not listen (the port is in use, or the address is not this host's).
public struct MetricsEndpointError: Error, CustomStringConvertible {
    public let address: String
    public let reason: String
    public var description: String { "cannot serve metrics on \(address): \(reason)" }
}
