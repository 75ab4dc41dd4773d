import PKTAddresses
import Foundation
import PKTChain
import PKTWire
import PacketCrypt

/// The devnet's JSON-RPC methods, named and shaped as pktd's.
struct DevnetRPC: Sendable {
    let chain: DevnetChain
    /// Whose addresses `configureminingpayouts` and `validateaddress` read.
    static let network = PKTNetwork.devnet

    func handle(_ request: RPCRequest) async -> RPCResponse {
        do {
            return RPCResponse(result: try await call(request.method, request.params ?? []), error: nil, id: request.id)
        } catch let error as RPCErrorObject {
            return RPCResponse(result: nil, error: error, id: request.id)
        } catch {
            return RPCResponse(result: nil, error: RPCErrorObject(code: RPCErrorObject.internalError, message: "\(error)"),
                               id: request.id)
        }
    }

    private func call(_ method: String, _ params: [JSONValue]) async throws -> JSONValue {
        switch method {
        case "getblockcount":
            try expect(params, count: 0...0)
            return .number(Double(await chain.height))
        case "getbestblockhash":
            try expect(params, count: 0...0)
            return .string(await chain.tip.displayHex)
        case "getblockhash":
            try expect(params, count: 1...1)
            guard let height = params[0].integerValue else { throw invalid("parameter #1 'index' must be an integer") }
            guard height >= 0, let hash = await chain.hash(height: UInt32(clamping: height)) else {
                throw RPCErrorObject(code: RPCErrorObject.heightOutOfRange, message: "Block number out of range")
            }
            return .string(hash.displayHex)
        case "getblockheader":
            try expect(params, count: 1...2)
            return try await blockHeader(params)
        case "getrawblocktemplate":
            try expect(params, count: 0...0)
            return try encode(await chain.template())
        case "getblocktemplate":
            try expect(params, count: 0...1)
            let id = params.first?.objectValue?["longpollid"]?.stringValue
            return try encode(await chain.longPoll(id))
        case "submitblock":
            try expect(params, count: 1...2)
            let block = try decodeBlock(params[0])
            return await chain.submit(block).map { .string("rejected: \($0)") } ?? .null
        case "checkpcshare":
            try expect(params, count: 1...1)
            let request: CheckShareRequest
            do {
                request = try JSONDecoder().decode(CheckShareRequest.self, from: JSONEncoder().encode(params[0]))
            } catch {
                throw RPCErrorObject(code: RPCErrorObject.deserialization, message: "Share decode failed: request missing")
            }
            return .string(try await chain.checkShare(request))
        case "getnetworksteward":
            try expect(params, count: 0...0)
            let config = await chain.config
            let height = await chain.height
            let total = (0..<height).reduce(Int64(0)) { $0 + PKTMoney.subsidy(height: $1) }
            return try encode(NetworkStewardInfo(script: Hex.encode(config.stewardScript), votesagainst: 0, totalpossible: total))
        case "configureminingpayouts":
            try expect(params, count: 1...1)
            await chain.configurePayouts(try DevnetPayouts.parse(params[0], network: Self.network))
            return .null
        case "validateaddress":
            try expect(params, count: 1...1)
            guard let text = params[0].stringValue else { throw invalid("parameter #1 'address' must be a string") }
            let address = try? PKTAddress(text, network: Self.network)
            return try encode(ValidateAddressResult(isvalid: address != nil, address: address?.text))
        case "getblock":
            try expect(params, count: 1...2)
            return try await block(params)
        default:
            throw RPCErrorObject(code: RPCErrorObject.methodNotFound, message: "Method not found")
        }
    }

    /// pktd's getblock: verbose (`true` or 1, the default) gives its JSON,
    /// `false` or 0 the serialized block in hex.
    private func block(_ params: [JSONValue]) async throws -> JSONValue {
        let hash = try blockHash(params[0])
        let verbose = params.count > 1 ? try flag(params[1], name: "verbose") : true
        guard let (bytes, height) = try await chain.block(hash) else {
            throw RPCErrorObject(code: RPCErrorObject.blockNotFound, message: "Block not found")
        }
        guard verbose else { return .string(Hex.encode(bytes)) }
        let block = try Block(bytes: bytes)
        let tip = await chain.height
        let next = await chain.hash(height: height + 1)
        return try encode(DevnetBlockInfo.verbose(block, size: bytes.count, height: height, tipHeight: tip, next: next,
                                                  network: Self.network))
    }

    private func blockHeader(_ params: [JSONValue]) async throws -> JSONValue {
        let hash = try blockHash(params[0])
        guard let (header, height) = await chain.header(hash) else {
            throw RPCErrorObject(code: RPCErrorObject.blockNotFound, message: "Block not found")
        }
        if params.count > 1, params[1].boolValue == false { return .string(Hex.encode(header.bytes)) }
        let tip = await chain.height
        let next = await chain.hash(height: height + 1)
        return try encode(BlockHeaderInfo(
            hash: hash.displayHex, confirmations: Int64(tip) - Int64(height) + 1, height: Int32(height), version: header.version,
            merkleroot: Hex.encode(header.merkleRoot.reversed()), time: Int64(header.time), nonce: UInt64(header.nonce),
            bits: String(header.bits, radix: 16), difficulty: 1, previousblockhash: height > 0 ? header.previousBlock.displayHex : nil,
            nextblockhash: next?.displayHex))
    }

    private func blockHash(_ param: JSONValue) throws -> BlockHash {
        guard let text = param.stringValue, let hash = try? BlockHash(displayHex: text) else {
            let shown = param.stringValue ?? "\(param)"
            throw RPCErrorObject(code: RPCErrorObject.deserialization, message: "Argument must be hexadecimal string (not \"\(shown)\")")
        }
        return hash
    }

    /// A boolean parameter as pktd reads one: true, false, 1 or 0.
    private func flag(_ param: JSONValue, name: String) throws -> Bool {
        switch param {
        case .bool(let value): return value
        case .number(0): return false
        case .number(1): return true
        default: throw invalid("parameter #2 '\(name)' must be a boolean, 0 or 1")
        }
    }

    private func decodeBlock(_ param: JSONValue) throws -> Block {
        guard let text = param.stringValue, let bytes = try? Hex.decode(text.count % 2 == 1 ? "0" + text : text) else {
            throw RPCErrorObject(code: RPCErrorObject.deserialization, message: "Argument must be hexadecimal string")
        }
        do {
            return try Block(bytes: bytes)
        } catch {
            throw RPCErrorObject(code: RPCErrorObject.deserialization, message: "Block decode failed: \(error)")
        }
    }

    private func expect(_ params: [JSONValue], count: ClosedRange<Int>) throws {
        guard count.contains(params.count) else {
            throw invalid("wrong number of params (expected \(count.upperBound), received \(params.count))")
        }
    }

    private func invalid(_ text: String) -> RPCErrorObject {
        RPCErrorObject(code: RPCErrorObject.invalidParams, message: "Invalid parameters: \(text)")
    }

    private func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }
}
