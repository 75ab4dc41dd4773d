import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import PKTWire
import PacketCrypt

/// pktd's JSON-RPC over HTTP, for the calls a mining cluster makes. Calls
/// that fail to connect are retried with exponential backoff; an RPC error
/// is returned at once.
public final class ChainClient: Sendable {
    public let endpoint: ChainEndpoint
    private let timeout: TimeAmount
    private let attempts: Int
    private let logger: Logger
    private let http: HTTPClient

    /// - Parameters:
    ///   - timeout: for each ordinary call (long polls wait as long as the node does).
    ///   - attempts: connection attempts per call, 0.25 s apart and doubling.
    ///   - http: the HTTP client to call through (the caller's, when it embeds
    ///     this one in a larger program; by default one shared client whose
    ///     connection attempts give up after 3 seconds).
    public init(endpoint: ChainEndpoint, timeout: Duration = .seconds(30), attempts: Int = 5,
                logger: Logger = Logger(label: "pktcluster.chain"), http: HTTPClient = ChainClient.defaultHTTPClient) {
        self.endpoint = endpoint
        self.http = http
        self.timeout = .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000
            + timeout.components.attoseconds / 1_000_000_000)
        self.attempts = max(1, attempts)
        self.logger = logger
    }

    /// The tip's height.
    public func blockCount() async throws -> UInt32 {
        try integer(await call("getblockcount"), "getblockcount")
    }

    public func bestBlockHash() async throws -> BlockHash {
        try hash(await call("getbestblockhash"), "getbestblockhash")
    }

    /// The main-chain block at `height`.
    public func blockHash(height: UInt32) async throws -> BlockHash {
        try hash(await call("getblockhash", [.number(Double(height))]), "getblockhash")
    }

    public func blockHeader(_ hash: BlockHash) async throws -> BlockHeader {
        let result = try await call("getblockheader", [.string(hash.displayHex), false])
        guard let hex = result.stringValue, let bytes = try? Hex.decode(hex), let header = try? BlockHeader(bytes: bytes) else {
            throw ChainError.malformed(method: "getblockheader", reason: "not an 80-byte header in hex")
        }
        return header
    }

    public func blockHeaderInfo(_ hash: BlockHash) async throws -> BlockHeaderInfo {
        try decode(await call("getblockheader", [.string(hash.displayHex), true]), "getblockheader")
    }

    /// The template for the next block (pktd's `getrawblocktemplate`).
    public func rawBlockTemplate() async throws -> ChainTemplate {
        try ChainTemplate(decode(await call("getrawblocktemplate"), "getrawblocktemplate"))
    }

    /// Waits until the node's template moves past `longPollID` (nil: answers
    /// at once) and returns the new poll id and tip. pktd wakes these on a new block.
    public func longPoll(_ longPollID: String?) async throws -> LongPollResult {
        var request: [String: JSONValue] = ["capabilities": ["coinbasetxn"]]
        if let longPollID { request["longpollid"] = .string(longPollID) }
        return try decode(await call("getblocktemplate", [.object(request)], longPoll: true), "getblocktemplate")
    }

    /// Submits a block. pktd answers null when it took the block, or a
    /// "rejected: ..." string.
    public func submitBlock(_ block: Block) async throws -> SubmitResult {
        let result = try await call("submitblock", [.string(Hex.encode(block.bytes))])
        switch result {
        case .null: return .accepted
        case .string(let text): return .rejected(text.split(separator: "\n").first.map(String.init) ?? text)
        default: throw ChainError.malformed(method: "submitblock", reason: "neither null nor a string")
        }
    }

    /// Checks a share with the node (`checkpcshare`): "OK", or
    /// "RESUBMIT_AS_BLOCK" when it meets the block target.
    public func checkShare(_ request: CheckShareRequest) async throws -> String {
        let params = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(request))
        guard let text = try await call("checkpcshare", [params]).stringValue else {
            throw ChainError.malformed(method: "checkpcshare", reason: "not a string")
        }
        return text
    }

    public func networkSteward() async throws -> NetworkStewardInfo {
        try decode(await call("getnetworksteward"), "getnetworksteward")
    }

    /// Sets who the node's templates pay: address to relative weight.
    public func configureMiningPayouts(_ weights: [String: Double]) async throws {
        _ = try await call("configureminingpayouts", [.object(weights.mapValues { .number($0) })])
    }

    /// pktd's `validateaddress`: whether the node accepts the address.
    public func validateAddress(_ address: String) async throws -> Bool {
        let result: ValidateAddressResult = try decode(await call("validateaddress", [.string(address)]), "validateaddress")
        return result.isvalid
    }

    /// pktd's `getblock HASH 0`: the serialized block.
    public func rawBlock(_ hash: BlockHash) async throws -> [UInt8] {
        let result = try await call("getblock", [.string(hash.displayHex), 0])
        guard let hex = result.stringValue, let bytes = try? Hex.decode(hex) else {
            throw ChainError.malformed(method: "getblock", reason: "not a block in hex")
        }
        return bytes
    }

    // MARK: - Transport

    /// The HTTP client chain clients use unless given one. A connection
    /// attempt gives up after 3 seconds, so a node that is down is reported
    /// by our own retries.
    public static let defaultHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = .seconds(3)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// Calls `method` and returns its result, or throws its error.
    public func call(_ method: String, _ params: [JSONValue] = [], longPoll: Bool = false) async throws -> JSONValue {
        let body = try JSONEncoder().encode(RPCRequest(method: method, params: params))
        var delay = Duration.milliseconds(250)
        for attempt in 1...attempts {
            do {
                return try await send(method, body: body, longPoll: longPoll)
            } catch let error as ChainError {
                throw error
            } catch {
                guard attempt < attempts else {
                    throw ChainError.unreachable(endpoint: endpoint.description, reason: "\(error)")
                }
                logger.debug("retrying \(method) after \(error)", metadata: ["attempt": "\(attempt)"])
                try await Task.sleep(for: delay)
                delay *= 2
            }
        }
        throw ChainError.unreachable(endpoint: endpoint.description, reason: "no attempt made")
    }

    private func send(_ method: String, body: Data, longPoll: Bool) async throws -> JSONValue {
        var request = HTTPClientRequest(url: endpoint.url)
        request.method = .POST
        request.headers.add(name: "Authorization", value: endpoint.authorization)
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await http.execute(request, timeout: longPoll ? .hours(24) : timeout)
        guard response.status == .ok else {
            throw ChainError.http(status: Int(response.status.code), endpoint: endpoint.description)
        }
        let bytes = try await response.body.collect(upTo: 64 << 20)
        let decoded: RPCResponse
        do {
            decoded = try JSONDecoder().decode(RPCResponse.self, from: Data(bytes.readableBytesView))
        } catch {
            throw ChainError.malformed(method: method, reason: "not a JSON-RPC response")
        }
        if let error = decoded.error { throw ChainError.rpc(method: method, code: error.code, message: error.message) }
        return decoded.result ?? .null
    }

    private func decode<T: Decodable>(_ value: JSONValue, _ method: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: JSONEncoder().encode(value))
        } catch {
            throw ChainError.malformed(method: method, reason: "\(error)")
        }
    }

    private func integer(_ value: JSONValue, _ method: String) throws -> UInt32 {
        guard let n = value.integerValue, let v = UInt32(exactly: n) else {
            throw ChainError.malformed(method: method, reason: "not a height")
        }
        return v
    }

    private func hash(_ value: JSONValue, _ method: String) throws -> BlockHash {
        guard let text = value.stringValue, let hash = try? BlockHash(displayHex: text) else {
            throw ChainError.malformed(method: method, reason: "not a block hash")
        }
        return hash
    }
}

/// What the node did with a submitted block.
public enum SubmitResult: Sendable, Hashable {
    case accepted
    /// pktd's reason, e.g. "rejected: ErrBadMerkleRoot: ...".
    case rejected(String)
}
