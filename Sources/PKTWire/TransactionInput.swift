/// A transaction input. Its witness stack is serialized apart from it, after
/// the transaction's outputs, so it is not part of this type's own encoding.
public struct TransactionInput: Sendable, Hashable {
    /// Smallest encoding: outpoint, empty script length, sequence.
    static let minimumSize = 36 + 1 + 4
    /// The largest witness item a node accepts when decoding.
    static let maximumWitnessItemSize = 11_000
    /// The most witness items a node accepts for one input when decoding.
    static let maximumWitnessItems = 500_000

    public var previousOutput: OutPoint
    public var signatureScript: [UInt8]
    public var sequence: UInt32
    public var witness: [[UInt8]]

    public init(previousOutput: OutPoint, signatureScript: [UInt8], sequence: UInt32 = .max,
                witness: [[UInt8]] = []) {
        self.previousOutput = previousOutput
        self.signatureScript = signatureScript
        self.sequence = sequence
        self.witness = witness
    }

    /// Reads the outpoint, script and sequence; the witness is read separately.
    init(from reader: inout ByteReader) throws {
        previousOutput = try OutPoint(from: &reader)
        signatureScript = try reader.readVarBytes("an input's signature script")
        sequence = try reader.read(UInt32.self, "an input's sequence")
        witness = []
    }

    func write(to writer: inout ByteWriter) {
        previousOutput.write(to: &writer)
        writer.writeVarBytes(signatureScript)
        writer.write(sequence)
    }

    static func readWitness(from reader: inout ByteReader) throws -> [[UInt8]] {
        let count = try reader.readCount("witness items", minimumSize: 1)
        guard count <= maximumWitnessItems else {
            throw WireError.tooManyItems(what: "witness items", count: UInt64(count),
                                         limit: UInt64(maximumWitnessItems))
        }
        return try (0..<count).map { _ in
            try reader.readVarBytes("a witness item", limit: maximumWitnessItemSize)
        }
    }

    func writeWitness(to writer: inout ByteWriter) {
        writer.writeVarInt(witness.count)
        for item in witness { writer.writeVarBytes(item) }
    }
}
