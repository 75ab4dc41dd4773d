import CPacketCrypt

/// Owns one kernel object (a context or a signal) and frees it with its
/// kernel destructor. The object itself is used by one thread at a time.
final class KernelHandle: @unchecked Sendable {
    let pointer: OpaquePointer
    private let free: (OpaquePointer) -> Void

    init(_ make: () -> OpaquePointer?, free: @escaping (OpaquePointer) -> Void) throws {
        guard let p = make() else { throw PacketCryptError.outOfMemory }
        pointer = p
        self.free = free
    }
    deinit { free(pointer) }
}
