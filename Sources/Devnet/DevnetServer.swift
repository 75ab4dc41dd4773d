import Foundation
import Hummingbird
import Logging
import NIOCore
import PKTChain
import ServiceLifecycle

/// Serves a devnet chain over HTTP as pktd serves its RPC: POST a JSON-RPC
/// request with basic auth; every answer is HTTP 200 with a JSON-RPC body.
public final class DevnetServer: Sendable {
    public let chain: DevnetChain
    private let group: ServiceGroup
    private let bound: AsyncStream<Int>

    /// Prepares a server on `host`:`port` (0 picks a free port). Call `run()`.
    public init(chain: DevnetChain, host: String, port: Int, logger: Logger = Logger(label: "pktcluster.devnet.rpc")) async {
        self.chain = chain
        let rpc = DevnetRPC(chain: chain)
        let config = await chain.config
        let expected = "Basic " + Data("\(config.rpcUser):\(config.rpcPassword)".utf8).base64EncodedString()
        let router = Router()
        let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            guard request.headers[.authorization] == expected else {
                return Response(status: .unauthorized, headers: [.wwwAuthenticate: "Basic realm=\"pktd RPC\""],
                                body: .init(byteBuffer: ByteBuffer(string: "401 Unauthorized.\n")))
            }
            var request = request
            let body = try await request.collectBody(upTo: 64 << 20)
            let response: RPCResponse
            if let decoded = try? JSONDecoder().decode(RPCRequest.self, from: Data(body.readableBytesView)) {
                response = await rpc.handle(decoded)
            } else {
                response = RPCResponse(result: nil, error: RPCErrorObject(code: RPCErrorObject.parseError, message: "Parse error"), id: nil)
            }
            var json = try JSONEncoder().encode(response)
            json.append(UInt8(ascii: "\n"))
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: json)))
        }
        router.post("/", use: handler)
        router.post("/**", use: handler)
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        bound = stream
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "pktcluster-devnet"),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? port)
                continuation.finish()
            },
            logger: logger)
        group = ServiceGroup(services: [app], gracefulShutdownSignals: [], logger: logger)
    }

    /// Serves until `shutdown()` (or until the task is cancelled).
    public func run() async throws { try await group.run() }

    /// The port the server listens on, once it does.
    public func port() async -> Int? {
        for await port in bound { return port }
        return nil
    }

    public func shutdown() async { await group.triggerGracefulShutdown() }
}
