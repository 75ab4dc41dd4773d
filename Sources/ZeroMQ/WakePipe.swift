#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A self-pipe that wakes a thread blocked in `zmq_poll` (which watches
/// ``readDescriptor``). Signals coalesce: at most one byte is ever unread.
final class WakePipe: Sendable {
    let readDescriptor: Int32
    private let writeDescriptor: Int32
    private let signalled = Atomic<Bool>(false)

    init() throws(ZMQError) {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else { throw ZMQError(call: "pipe", code: errno) }
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        readDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
    }

    deinit {
        close(readDescriptor)
        close(writeDescriptor)
    }

    /// Wakes the polling thread; a no-op if it has been woken and not yet acknowledged.
    func signal() {
        guard !signalled.exchange(true, ordering: .sequentiallyConsistent) else { return }
        var byte: UInt8 = 1
        while write(writeDescriptor, &byte, 1) < 0 && errno == EINTR {}
    }

    /// Called by the woken thread *before* it inspects the shared state it was
    /// woken for: any signal after this call writes a fresh byte.
    func acknowledge() {
        var buffer = (UInt64(0), UInt64(0))
        while withUnsafeMutableBytes(of: &buffer, { read(readDescriptor, $0.baseAddress, $0.count) }) > 0 {}
        signalled.store(false, ordering: .sequentiallyConsistent)
    }
}
