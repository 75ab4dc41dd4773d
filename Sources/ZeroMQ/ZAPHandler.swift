import Synchronization

/// The request loop behind a ``ZAPAuthenticator``, run on its own thread.
/// Only ``run(_:)`` touches the REP socket.
final class ZAPHandler: Sendable {
    let policy: ZAPPolicy
    let failure = Mutex<ZMQError?>(nil)
    private let wake: WakePipe
    private let isStopping = Atomic<Bool>(false)

    init(policy: ZAPPolicy) throws(ZMQError) {
        self.policy = policy
        wake = try WakePipe()
    }

    /// Asks ``run(_:)`` to close the socket and return.
    func stop() {
        isStopping.store(true, ordering: .sequentiallyConsistent)
        wake.signal()
    }

    /// Answers requests on `socket` (bound to the ZAP endpoint) until ``stop()``,
    /// then unbinds it at once (closing alone frees an `inproc` name only
    /// later, in libzmq's background) and closes it.
    func run(_ socket: ZMQSocket) {
        defer {
            try? socket.unbind(ZAPAuthenticator.endpoint)
            socket.close()
        }
        var poller = ZMQPoller()
        let socketItem = poller.add(socket)
        poller.add(fileDescriptor: wake.readDescriptor)
        do {
            while true {
                wake.acknowledge()
                if isStopping.load(ordering: .sequentiallyConsistent) { return }
                if try poller.poll(timeout: nil)[socketItem].contains(.readable),
                   let request = try socket.receive(dontWait: true) {
                    try socket.send(policy.reply(to: request))
                }
            }
        } catch {
            failure.withLock { $0 = error }
        }
    }
}
