import ClusterProtocol
import Foundation
import PKTWire
import PacketCrypt

/// Writes the generated seeds: one encoded frame of each message type into
/// <corpus>/FuzzClusterFrame, and, from the vector files, the known-answer
/// block's PcP and a whole block around it into <corpus>/FuzzBlockProof and
/// <corpus>/FuzzWireCodec.
///
///     FuzzSeeds <corpus directory> <vectors directory>
func bytes(_ count: Int, seed: UInt8) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) }
}

func write(_ data: [UInt8], _ target: String, _ name: String) throws {
    let directory = corpus.appendingPathComponent(target)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try Data(data).write(to: directory.appendingPathComponent(name))
}

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    print("usage: FuzzSeeds <corpus directory> <vectors directory>")
    exit(2)
}
let corpus = URL(fileURLWithPath: arguments[1])
let vectors = URL(fileURLWithPath: arguments[2])

for message in try SampleFrames.messages() {
    try write(message.encode(), "FuzzClusterFrame", message.type.name)
}

let hap = try HeaderAndProof(bytes: Array(Data(contentsOf: vectors.appendingPathComponent("block_hap.bin"))))
let commitment = try CoinbaseCommitment(bytes: Array(Data(contentsOf: vectors.appendingPathComponent("block_coinbase.bin"))))
try write(hap.proof.bytes, "FuzzBlockProof", "pcp")

let heightScript: [UInt8] = [0x03, 0xc3, 0x5c, 0x15] // 1400003, as a coinbase's script number
let coinbase = Transaction(
    version: 1,
    inputs: [TransactionInput(previousOutput: .null, signatureScript: heightScript, witness: [[UInt8](repeating: 0, count: 32)])],
    outputs: [TransactionOutput(value: 4_096_000_000, pkScript: [0x00, 0x14] + bytes(20, seed: 9)),
              TransactionOutput(value: 0, pkScript: commitment.script)])
let spend = Transaction(
    version: 2,
    inputs: [TransactionInput(previousOutput: OutPoint(txid: coinbase.txid, index: 0), signatureScript: bytes(71, seed: 3))],
    outputs: [TransactionOutput(value: 1_000, pkScript: [0x76, 0xa9, 0x14] + bytes(20, seed: 4) + [0x88, 0xac])],
    lockTime: 1_400_000)
try write(coinbase.bytes, "FuzzWireCodec", "coinbase-segwit")
try write(spend.bytes, "FuzzWireCodec", "spend")
try write(hap.header.bytes, "FuzzWireCodec", "header")
try write(Block(header: hap.header, proof: hap.proof, transactions: [coinbase, spend]).bytes, "FuzzWireCodec", "block")
print("wrote seeds to \(corpus.path)")
