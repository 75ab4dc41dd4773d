import CPacketCrypt

/// A stop flag the kernel's loops poll; raising it makes them return early.
final class KernelSignal: @unchecked Sendable {
    let pointer: OpaquePointer

    init() throws {
        guard let p = pc_signal_new() else { throw PacketCryptError.outOfMemory }
        pointer = p
    }
    deinit { pc_signal_free(pointer) }

    func raise() { pc_signal_raise(pointer) }
    var isRaised: Bool { pc_signal_is_raised(pointer) != 0 }
}
