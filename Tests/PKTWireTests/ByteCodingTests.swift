import PKTWire
import PacketCrypt
import Testing

/// CompactSize integers and bounds on what the reader will accept.
struct ByteCodingTests {
    @Test(arguments: [
        (UInt64(0), "00"), (0xfc, "fc"), (0xfd, "fdfd00"), (0xffff, "fdffff"), (0x1_0000, "fe00000100"),
        (0xffff_ffff, "feffffffff"), (0x1_0000_0000, "ff0000000001000000"),
        (UInt64.max, "ffffffffffffffffff"),
    ])
    func canonicalVarIntsRoundTrip(value: UInt64, hex: String) throws {
        var writer = ByteWriter()
        writer.writeVarInt(value)
        #expect(writer.bytes == (try Hex.decode(hex)))
        #expect(ByteWriter.varIntSize(value) == writer.bytes.count)
        var reader = ByteReader(writer.bytes)
        #expect(try reader.readVarInt("a test value") == value)
        #expect(reader.isAtEnd)
    }

    @Test(arguments: [
        ("fd0000", UInt64(0)), ("fdfc00", 0xfc), ("fe00000000", 0), ("feffff0000", 0xffff),
        ("ff0000000000000000", 0), ("ffffffffff00000000", 0xffff_ffff),
    ])
    func nonCanonicalVarIntsThrow(hex: String, value: UInt64) throws {
        var reader = ByteReader(try Hex.decode(hex))
        #expect(throws: WireError.nonCanonicalVarInt(value)) { try reader.readVarInt("a test value") }
    }

    @Test func readingPastTheEndThrows() throws {
        var reader = ByteReader([0xfd, 0x01])
        #expect(throws: WireError.truncated(what: "a test value")) { try reader.readVarInt("a test value") }
        var short = ByteReader([1, 2, 3])
        #expect(throws: WireError.truncated(what: "a word")) { try short.read(UInt32.self, "a word") }
    }

    @Test func claimedSizesBeyondTheInputThrowBeforeAllocating() throws {
        var bytes = ByteReader([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 1, 2])
        #expect(throws: WireError.truncated(what: "a script")) { try bytes.readVarBytes("a script") }
        var items = ByteReader([0xfe, 0x00, 0x00, 0x00, 0x10, 1, 2, 3, 4])
        #expect(throws: WireError.tooManyItems(what: "outputs", count: 0x1000_0000, limit: 0)) {
            try items.readCount("outputs", minimumSize: 9)
        }
    }

    @Test func integersAreLittleEndian() throws {
        var writer = ByteWriter()
        writer.write(Int32(-2))
        writer.write(UInt16(0x0102))
        writer.write(Int64(0x0102_0304_0506_0708))
        #expect(Hex.encode(writer.bytes) == "feffffff" + "0201" + "0807060504030201")
        var reader = ByteReader(writer.bytes)
        #expect(try reader.read(Int32.self, "") == -2)
        #expect(try reader.read(UInt16.self, "") == 0x0102)
        #expect(try reader.read(Int64.self, "") == 0x0102_0304_0506_0708)
        try reader.expectEnd()
    }
}
