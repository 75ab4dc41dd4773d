import PKTAddresses
import PKTChain

/// `configureminingpayouts`' one parameter, read as pktd reads it (every
/// address must decode, or the whole call fails with pktd's message), plus
/// the weight limits pktd lacks: each weight a number in 0...maxWeight, the
/// sum above 0. Payouts come out sorted by address text, ascending: the
/// devnet's fixed order where pktd's follows Go's random map order.
enum DevnetPayouts {
    /// The largest weight accepted (sums stay exact enough and finite).
    static let maxWeight = 1e15

    static func parse(_ param: JSONValue, network: PKTNetwork) throws(RPCErrorObject) -> [DevnetConfig.Payout] {
        guard let weights = param.objectValue else {
            throw RPCErrorObject(code: RPCErrorObject.invalidParams,
                                 message: "Invalid parameters: parameter #1 'payoutpercents' must be an object")
        }
        var entries: [(address: PKTAddress, key: String, weight: Double)] = []
        for (key, value) in weights.sorted(by: { $0.key < $1.key }) {
            let address: PKTAddress
            do throws(AddressError) {
                address = try PKTAddress(key, network: network)
            } catch {
                throw RPCErrorObject(code: RPCErrorObject.internalError,
                                     message: "Address [\(key)] could not be decoded [\(error)]")
            }
            guard let weight = value.numberValue else {
                throw RPCErrorObject(code: RPCErrorObject.invalidParams,
                                     message: "Invalid parameters: the weight of [\(key)] must be a number")
            }
            guard weight.isFinite, (0...maxWeight).contains(weight) else {
                throw RPCErrorObject(code: RPCErrorObject.invalidParameter,
                                     message: "The weight of [\(key)] must be from 0 to 1e15, not \(weight)")
            }
            entries.append((address, key, weight))
        }
        entries.sort { ($0.address.text, $0.key) < ($1.address.text, $1.key) }
        guard entries.reduce(0.0, { $0 + $1.weight }) > 0 else {
            throw RPCErrorObject(code: RPCErrorObject.internalError, message: "You must specify at least one address to pay to")
        }
        return entries.map { DevnetConfig.Payout(script: $0.address.script, weight: $0.weight) }
    }
}
