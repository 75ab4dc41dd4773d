import CPacketCrypt

/// A stop flag the kernel's loops poll; raising it makes them return early.
struct KernelSignal: Sendable {
    private let handle: KernelHandle

    init() throws { handle = try KernelHandle(pc_signal_new, free: pc_signal_free) }

    var pointer: OpaquePointer { handle.pointer }
    func raise() { pc_signal_raise(pointer) }
    var isRaised: Bool { pc_signal_is_raised(pointer) != 0 }
}
