/// Version-0 segwit addresses under any human-readable part (`pkt1q...`,
/// `bc1q...`) and the output scripts they stand for. `PKTAddress` is the
/// network-aware form payouts use.
public enum SegwitAddress {
    /// The output script an address pays: `0014` + 20 bytes or `0020` + 32 bytes.
    public static func script(for address: String) throws(AddressError) -> [UInt8] {
        guard let (_, data) = try? Bech32.decode(address), let version = data.first, version == 0,
              let program = Bech32.convertBits(Array(data.dropFirst()), from: 5, to: 8, pad: false),
              program.count == 20 || program.count == 32 else { throw AddressError.notAnAddress(address) }
        return [0x00, UInt8(program.count)] + program
    }

    /// The address of a version-0 witness program under `hrp` (e.g. "pkt").
    public static func address(hrp: String, program: [UInt8]) -> String {
        Bech32.encode(hrp: hrp, data: [0] + Bech32.convertBits(program, from: 8, to: 5, pad: true)!)
    }
}
