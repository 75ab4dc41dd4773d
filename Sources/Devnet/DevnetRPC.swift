import Foundation
import PKTChain
import PKTWire
import PacketCrypt

/// The devnet's JSON-RPC methods, named and shaped as pktd's.
struct DevnetRPC: Sendable {
    let chain: DevnetChain
    static let addressPrefix = "pkt"

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
            return try await configurePayouts(params[0])
        default:
            throw RPCErrorObject(code: RPCErrorObject.methodNotFound, message: "Method not found")
        }
    }

    private func blockHeader(_ params: [JSONValue]) async throws -> JSONValue {
        guard let text = params[0].stringValue, let hash = try? BlockHash(displayHex: text) else {
            throw RPCErrorObject(code: RPCErrorObject.deserialization, message: "Argument must be hexadecimal string")
        }
        guard let (header, height) = await chain.header(hash) else {
            throw RPCErrorObject(code: RPCErrorObject.blockNotFound, message: "Block not found")
        }
        if params.count > 1, params[1].boolValue == false { return .string(Hex.encode(header.bytes)) }
        let tip = await chain.height
        let next = await chain.hash(height: height + 1)
        return try encode(BlockHeaderInfo(
            hash: text, confirmations: Int64(tip) - Int64(height) + 1, height: Int32(height), version: header.version,
            merkleroot: Hex.encode(header.merkleRoot.reversed()), time: Int64(header.time), nonce: UInt64(header.nonce),
            bits: String(header.bits, radix: 16), difficulty: 1, previousblockhash: height > 0 ? header.previousBlock.displayHex : nil,
            nextblockhash: next?.displayHex))
    }

    private func configurePayouts(_ param: JSONValue) async throws -> JSONValue {
        guard let weights = param.objectValue else { throw invalid("parameter #1 'payoutpercents' must be an object") }
        var payouts: [DevnetConfig.Payout] = []
        for (address, weight) in weights.sorted(by: { $0.key < $1.key }) {
            guard let script = try? SegwitAddress.script(for: address) else {
                throw RPCErrorObject(code: RPCErrorObject.internalError, message: "Address [\(address)] could not be decoded")
            }
            payouts.append(DevnetConfig.Payout(script: script, weight: weight.numberValue ?? 0))
        }
        guard payouts.reduce(0, { $0 + $1.weight }) > 0 else {
            throw RPCErrorObject(code: RPCErrorObject.internalError, message: "You must specify at least one address to pay to")
        }
        await chain.configurePayouts(payouts)
        return .null
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
