import Foundation
import Hummingbird
import Logging
import NIOCore
import PKTChain
import ServiceLifecycle

/// Serves a devnet chain over HTTP as pktd serves its RPC: POST a JSON-RPC
/// request with basic auth; every answer is HTTP 200 with a JSON-RPC body,
/// except 401 for bad credentials and 413 for a body over 4 MiB.
public final class DevnetServer: Sendable {
    public let chain: DevnetChain
    private let group: ServiceGroup
    private let bound: AsyncStream<Int>
    private let boundContinuation: AsyncStream<Int>.Continuation
    private let address: String

    /// Prepares a server on `host`:`port` (0 picks a free port). Call `run()`.
    public init(chain: DevnetChain, host: String, port: Int, logger: Logger = Logger(label: "pktcluster.devnet.rpc")) async {
        self.chain = chain
        let rpc = DevnetRPC(chain: chain)
        let config = await chain.config
        let expected = "Basic " + Data("\(config.rpcUser):\(config.rpcPassword)".utf8).base64EncodedString()
        let tooLarge = Response(status: .contentTooLarge, headers: [.connection: "close"],
                                body: .init(byteBuffer: ByteBuffer(string: "413 Request Too Large.\n")))
        let router = Router()
        let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            guard request.headers[.authorization] == expected else {
                return Response(status: .unauthorized, headers: [.wwwAuthenticate: "Basic realm=\"pktd RPC\""],
                                body: .init(byteBuffer: ByteBuffer(string: "401 Unauthorized.\n")))
            }
            let limit = DevnetRequestLimits.maxBodyBytes
            if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { return tooLarge }
            var request = request
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: limit)
            } catch is NIOTooManyBytesError {
                return tooLarge
            }
            let response: RPCResponse
            if DevnetRequestLimits.nestsTooDeep(body.readableBytesView) {
                response = RPCResponse(result: nil, error: RPCErrorObject(
                    code: RPCErrorObject.parseError,
                    message: "Failed to parse request: JSON nested deeper than \(DevnetRequestLimits.maxDepth) levels"), id: nil)
            } else if let decoded = try? JSONDecoder().decode(RPCRequest.self, from: Data(body.readableBytesView)) {
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
        boundContinuation = continuation
        address = "\(host):\(port)"
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "pktcluster-devnet"),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? port)
                continuation.finish()
            },
            logger: logger)
        group = ServiceGroup(services: [app], gracefulShutdownSignals: [], logger: logger)
    }

    /// Serves until `shutdown()` (or until the task is cancelled); throws
    /// ``DevnetError/cannotListen(_:_:)`` when the address cannot be bound.
    public func run() async throws {
        defer { boundContinuation.finish() }
        do {
            try await group.run()
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw DevnetError.cannotListen(address, "\(error)")
        }
    }

    /// The port the server listens on, once it does (nil when it cannot).
    public func port() async -> Int? {
        for await port in bound { return port }
        return nil
    }

    public func shutdown() async { await group.triggerGracefulShutdown() }
}
