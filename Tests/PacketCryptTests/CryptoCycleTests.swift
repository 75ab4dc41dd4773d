import CPacketCrypt
import PacketCrypt
import Testing

/// pktd's CryptoCycle known answers: `crypt` called directly on a zero state.
struct CryptoCycleTests {
    static let key = Array("abcdefghijklmnopqrstuvwxyz012345".utf8)

    /// Sets up the state as pktd's test harness does, crypts it and returns
    /// the message region followed by the tag.
    func crypt(key: [UInt8], message: [UInt8], aad: [UInt8] = [], decrypt: Bool) -> [UInt8] {
        #expect(pc_init() == 0)
        let state = UnsafeMutablePointer<pc_cc_state>.allocate(capacity: 1)
        defer { state.deallocate() }
        let bytes = UnsafeMutableRawBufferPointer(start: UnsafeMutableRawPointer(state), count: 2048)
        bytes.initializeMemory(as: UInt8.self, repeating: 0)
        let addLen = (aad.count + 15) / 16
        let length = (message.count + 15) / 16
        let messageAt = 48 + 16 * addLen
        var control = UInt32(16 * addLen - aad.count) | UInt32(16 * length - message.count) << 8
        control |= UInt32(addLen) << 13 | UInt32(length) << 17
        if decrypt { control |= 1 << 12 }
        for i in 0..<4 { bytes[12 + i] = UInt8(truncatingIfNeeded: control >> (8 * UInt32(i))) }
        for (i, b) in key.enumerated() { bytes[16 + i] = b }
        for (i, b) in aad.enumerated() { bytes[48 + i] = b }
        for (i, b) in message.enumerated() { bytes[messageAt + i] = b }
        #expect(pc_cc_crypt(state) == 0)
        return Array(bytes[messageAt..<(messageAt + message.count)]) + Array(bytes[16..<32])
    }

    @Test func encrypt2() {
        let out = crypt(key: Self.key, message: Array("16byte long test".utf8), decrypt: false)
        #expect(Hex.encode(out) == "aea649b893a601fc2654e9d57d0ad1620351b1b107b3d352e7110d1c140a8e2d")
    }

    @Test func encryptWithAdditionalData() {
        let out = crypt(
            key: Self.key, message: Array("17byte long test.".utf8), aad: Array("additional".utf8), decrypt: false)
        #expect(Hex.encode(out) == "aea749b893a601fc2654e9d57d0ad162baf683f7db7ae9ffcd943578e350ab9f74")
    }

    @Test func encrypt3() {
        let out = crypt(key: Self.key, message: Array("17byte long test.".utf8), decrypt: false)
        #expect(Hex.encode(out) == "aea749b893a601fc2654e9d57d0ad162ba013c000dbaad4d14eecf09da264443d3")
    }

    @Test func decrypt2() throws {
        let sealed = try Hex.decode("aea649b893a601fc2654e9d57d0ad1620351b1b107b3d352e7110d1c140a8e2d")
        let out = crypt(key: Self.key, message: Array(sealed[0..<16]), decrypt: true)
        #expect(Array(out[0..<16]) == Array("16byte long test".utf8))
        #expect(Array(out[16...]) == Array(sealed[16...]))
    }

    @Test func decrypt3() throws {
        let sealed = try Hex.decode("aea749b893a601fc2654e9d57d0ad162ba013c000dbaad4d14eecf09da264443d3")
        let out = crypt(key: Self.key, message: Array(sealed[0..<17]), decrypt: true)
        #expect(Array(out[0..<17]) == Array("17byte long test.".utf8))
        #expect(Array(out[17...]) == Array(sealed[17...]))
    }

    @Test func wireguard() throws {
        let key = try Hex.decode("6d26aa2ebac8769929832918edbdaa5aa64488d6d489571704b02512b233c6a0")
        let out = crypt(key: key, message: Array("wireguard test message 1".utf8), decrypt: false)
        #expect(
            Hex.encode(out)
                == "3014f78ee7d2fe4455f5d3c2ab2315938f53550e56e2f01aa2738191abf38d3d96f73057fbf116ff")
    }

    @Test func nonZeroVersionIsRefused() {
        let state = UnsafeMutablePointer<pc_cc_state>.allocate(capacity: 1)
        defer { state.deallocate() }
        let bytes = UnsafeMutableRawBufferPointer(start: UnsafeMutableRawPointer(state), count: 2048)
        bytes.initializeMemory(as: UInt8.self, repeating: 0)
        bytes[15] = 0x02  // control word version 1
        #expect(pc_cc_crypt(state) == -1)
        #expect(bytes[15] & 0x01 == 0x01)  // failed flag set
    }
}
