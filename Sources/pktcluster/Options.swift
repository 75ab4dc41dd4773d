import ArgumentParser
import PacketCrypt

/// Parsing of the protocol values the commands take.
extension BlockHash: ExpressibleByArgument {
    public init?(argument: String) { try? self.init(displayHex: argument) }
}

struct TargetBits: ExpressibleByArgument {
    let value: UInt32
    init?(argument: String) {
        guard let bits = try? Difficulty.parseBits(argument) else { return nil }
        value = bits
    }
    init(_ value: UInt32) { self.value = value }
    var defaultValueDescription: String { Difficulty.formatBits(value) }
}

struct ParentOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Hash of the parent block, as pktd's RPC prints it (byte-reversed display order).",
        valueName: "hex"))
    var parentHash: BlockHash
}

extension Double {
    func rounded(places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (self * scale).rounded() / scale
    }
}
