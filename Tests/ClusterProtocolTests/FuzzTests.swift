import ClusterProtocol
import PacketCrypt
import Testing

/// Random and mutated frames: decoding either succeeds or throws a
/// `ProtocolError`. A frame that decodes re-encodes to the same bytes (the
/// encoding is canonical).
struct FuzzTests {
    static func check(_ frame: [UInt8]) -> Bool {
        do {
            let message = try ClusterMessage.decode(frame)
            #expect(message.encode() == frame)
            return true
        } catch {
            #expect(!error.description.isEmpty)
            return false
        }
    }

    @Test func randomByteStrings() {
        var generator = SeededGenerator(seed: 0x5eed)
        var decoded = 0
        for round in 0..<10_000 {
            let length = Int.random(in: 0...600, using: &generator)
            var frame = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            // Half of them get a valid header, so the body decoders see them.
            if round % 2 == 1 {
                let header = ClusterMessage.magic + [1, UInt8.random(in: 1...13, using: &generator), 0, 0]
                frame = header + frame
            }
            if Self.check(frame) { decoded += 1 }
        }
        #expect(decoded < 10_000)
    }

    @Test func singleByteMutationsOfValidFrames() throws {
        let frames = try Samples.messages().map { $0.encode() }
        var generator = SeededGenerator(seed: 0xbad5eed)
        var decoded = 0
        for _ in 0..<10_000 {
            var frame = frames[Int.random(in: 0..<frames.count, using: &generator)]
            let index = Int.random(in: 0..<frame.count, using: &generator)
            frame[index] ^= UInt8.random(in: 1...255, using: &generator)
            if Self.check(frame) { decoded += 1 }
        }
        // Many mutations land in payload bytes and still decode; many do not.
        #expect(decoded > 0 && decoded < 10_000)
    }

    @Test func randomLengthFieldsNeverOverAllocate() throws {
        // Overwrite 4 random bytes with a large value: counts and lengths land
        // everywhere; each must be refused by its limit or by the bytes left.
        let frames = try Samples.messages().map { $0.encode() }
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<2_000 {
            var frame = frames[Int.random(in: 0..<frames.count, using: &generator)]
            guard frame.count > 12 else { continue }
            let offset = Int.random(in: 8...(frame.count - 4), using: &generator)
            patchU32(&frame, at: offset, UInt32.random(in: 0x0001_0000...0xFFFF_FFFF, using: &generator))
            _ = Self.check(frame)
        }
    }
}
