/// A Bitcoin-format transaction, serialized per BIP144: when any input has a
/// witness, a 00 01 marker and flag follow the version and the witness
/// stacks follow the outputs.
public struct Transaction: Sendable, Hashable, WireCodable {
    /// Smallest encoding: version, two empty counts, lock time.
    static let minimumSize = 4 + 1 + 1 + 4

    public var version: Int32
    public var inputs: [TransactionInput]
    public var outputs: [TransactionOutput]
    public var lockTime: UInt32

    public init(version: Int32, inputs: [TransactionInput], outputs: [TransactionOutput], lockTime: UInt32 = 0) {
        self.version = version
        self.inputs = inputs
        self.outputs = outputs
        self.lockTime = lockTime
    }

    public var hasWitness: Bool { inputs.contains { !$0.witness.isEmpty } }

    /// Reads either form. A zero input count means the marker: the flag byte
    /// must then be 1, and witness stacks follow the outputs (all may be empty).
    public init(from reader: inout ByteReader) throws {
        version = try reader.read(Int32.self, "a transaction version")
        var inputCount = try reader.readCount("transaction inputs", minimumSize: TransactionInput.minimumSize)
        let segwit = inputCount == 0
        if segwit {
            let flag = try reader.read(UInt8.self, "a witness flag")
            guard flag == 1 else { throw WireError.invalidWitnessFlag(flag) }
            inputCount = try reader.readCount("transaction inputs", minimumSize: TransactionInput.minimumSize)
        }
        inputs = try (0..<inputCount).map { _ in try TransactionInput(from: &reader) }
        let outputCount = try reader.readCount("transaction outputs", minimumSize: TransactionOutput.minimumSize)
        outputs = try (0..<outputCount).map { _ in try TransactionOutput(from: &reader) }
        if segwit {
            for i in inputs.indices {
                inputs[i].witness = try TransactionInput.readWitness(from: &reader)
            }
        }
        lockTime = try reader.read(UInt32.self, "a transaction lock time")
    }

    public func write(to writer: inout ByteWriter) {
        write(to: &writer, includingWitness: hasWitness)
    }

    func write(to writer: inout ByteWriter, includingWitness: Bool) {
        writer.write(version)
        if includingWitness { writer.write(bytes: [0x00, 0x01]) }
        writer.writeVarInt(inputs.count)
        for input in inputs { input.write(to: &writer) }
        writer.writeVarInt(outputs.count)
        for output in outputs { output.write(to: &writer) }
        if includingWitness {
            for input in inputs { input.writeWitness(to: &writer) }
        }
        writer.write(lockTime)
    }

    /// The serialization without marker, flag or witnesses.
    public var strippedBytes: [UInt8] {
        var writer = ByteWriter()
        write(to: &writer, includingWitness: false)
        return writer.bytes
    }

    /// Double SHA-256 of the stripped serialization.
    public var txid: TransactionID { TransactionID(hashing: strippedBytes) }

    /// Double SHA-256 of the full serialization; equals `txid` without witnesses.
    public var wtxid: TransactionID { TransactionID(hashing: bytes) }

    public var serializedSize: Int { bytes.count }
    public var strippedSize: Int { strippedBytes.count }

    /// One input spending the null outpoint.
    public var isCoinbase: Bool { inputs.count == 1 && inputs[0].previousOutput.isNull }
}
