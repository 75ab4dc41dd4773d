import CZeroMQ
import Synchronization

/// The I/O loop behind an ``AsyncZMQSocket`` and the state it shares with
/// the socket's callers. Only ``run(_:)`` touches the ``ZMQSocket``.
final class AsyncSocketLoop: Sendable {
    /// Messages read per wake-up before the loop turns to sending again.
    private static let receiveBatch = 256
    /// Batches taken from the outgoing queue per wake-up before the loop turns to receiving.
    private static let sendRounds = 4

    let wake: WakePipe
    let outgoing: OutgoingQueue
    let inbox: MessageInbox
    let unroutable = Atomic<Int>(0)
    let failure = Mutex<ZMQError?>(nil)
    private let isStopping = Atomic<Bool>(false)

    /// Whether each message is delivered behind its sender's ZAP user id.
    private let tagsUserID: Bool

    init(sendQueueLimit: Int, receiveBufferLimit: Int, tagsUserID: Bool) throws(ZMQError) {
        self.tagsUserID = tagsUserID
        let wake = try WakePipe()
        self.wake = wake
        outgoing = OutgoingQueue(limit: sendQueueLimit, wake: wake)
        inbox = MessageInbox(limit: receiveBufferLimit, wake: wake)
    }

    /// Asks ``run(_:)`` to send what is already queued, close the socket and return.
    func stop() {
        outgoing.close()
        isStopping.store(true, ordering: .sequentiallyConsistent)
        wake.signal()
    }

    /// Runs on the I/O thread until ``stop()`` or a socket error, then closes
    /// the socket and finishes the inbox.
    func run(_ socket: ZMQSocket) {
        defer {
            socket.close()
            outgoing.close()
            inbox.finish()
        }
        var poller = ZMQPoller()
        let socketItem = poller.add(socket, events: [])
        poller.add(fileDescriptor: wake.readDescriptor, events: .readable)
        var outbox: [[[UInt8]]] = []
        var sent = 0
        do {
            while true {
                wake.acknowledge()
                let stopping = isStopping.load(ordering: .sequentiallyConsistent)
                try send(socket, &outbox, &sent, rounds: stopping ? .max : Self.sendRounds)
                if stopping { return }
                var interest: ZMQPollEvents = []
                if inbox.hasRoom { interest.insert(.readable) }
                if sent < outbox.count { interest.insert(.writable) }
                poller.setEvents(interest, at: socketItem)
                if try poller.poll(timeout: nil)[socketItem].contains(.readable) {
                    try receive(socket)
                }
            }
        } catch {
            if error.code != ETERM { failure.withLock { $0 = error } }
        }
    }

    /// Hands held and newly queued messages to libzmq until it would block,
    /// for at most `rounds` batches so receiving is not starved. Unroutable
    /// messages (`EHOSTUNREACH`) are counted and dropped.
    private func send(
        _ socket: ZMQSocket, _ outbox: inout [[[UInt8]]], _ sent: inout Int, rounds: Int
    ) throws(ZMQError) {
        var round = 0
        while true {
            // Taking the next batch as soon as one is done keeps the queue's
            // count of held messages exact, so `send` never sees a stale "full".
            if sent == outbox.count {
                outbox = outgoing.takeAll(stillHolding: 0)
                sent = 0
            }
            guard sent < outbox.count, round < rounds else { return }
            round += 1
            while sent < outbox.count {
                do {
                    guard try socket.send(outbox[sent], dontWait: true) else {
                        _ = outgoing.takeAll(stillHolding: outbox.count - sent)
                        return
                    }
                } catch where error.code == EHOSTUNREACH {
                    unroutable.add(1, ordering: .relaxed)
                }
                sent += 1
            }
        }
    }

    /// Moves waiting messages into the inbox while it has room.
    private func receive(_ socket: ZMQSocket) throws(ZMQError) {
        for _ in 0..<Self.receiveBatch {
            guard inbox.hasRoom,
                  let message = try tagsUserID ? socket.receiveWithUserID(dontWait: true) : socket.receive(dontWait: true)
            else { return }
            inbox.deliver(message)
        }
    }
}
