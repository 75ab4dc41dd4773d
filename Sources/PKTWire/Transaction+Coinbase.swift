import PacketCrypt

extension Transaction {
    /// The BIP34 block height: the first push of the coinbase input's script
    /// read as a script number (OP_0, OP_1 to OP_16, or a push of up to 8
    /// bytes, little-endian with a sign bit). Nil when this is not a coinbase
    /// or the script does not start that way.
    public var coinbaseHeight: Int64? {
        guard isCoinbase else { return nil }
        let script = inputs[0].signatureScript
        guard let opcode = script.first else { return nil }
        switch opcode {
        case 0x00:
            return 0
        case 0x51...0x60:
            return Int64(opcode) - 0x50
        case 0x01...0x08:
            let length = Int(opcode)
            guard script.count > length else { return nil }
            return Self.scriptNumber(script[1...length])
        default:
            return nil
        }
    }

    /// The PacketCrypt commitment: the first output whose script is one.
    public var coinbaseCommitment: CoinbaseCommitment? {
        outputs.lazy.compactMap { CoinbaseCommitment(script: $0.pkScript) }.first
    }

    /// Little-endian magnitude; the top bit of the last byte is the sign.
    private static func scriptNumber(_ bytes: ArraySlice<UInt8>) -> Int64 {
        var magnitude: UInt64 = 0
        for (i, byte) in bytes.enumerated() {
            magnitude |= UInt64(byte) << (8 * i)
        }
        let signBit = UInt64(0x80) << (8 * (bytes.count - 1))
        guard magnitude & signBit != 0 else { return Int64(bitPattern: magnitude) }
        return -Int64(bitPattern: magnitude & ~signBit)
    }
}
