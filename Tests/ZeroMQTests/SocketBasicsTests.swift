import Testing
import ZeroMQ
#if canImport(Glibc)
import Glibc
#endif

@Suite struct SocketBasicsTests {
    let context: ZMQContext

    init() throws { context = try ZMQContext() }

    @Test func wildcardBindReportsTheChosenPort() throws {
        let socket = try makeSocket(context, .router)
        #expect(try socket.lastEndpoint == nil)
        let endpoint = try bindLoopback(socket)
        #expect(endpoint.hasPrefix("tcp://127.0.0.1:"))
        let port = try #require(endpoint.split(separator: ":").last.flatMap { Int($0) })
        #expect(port > 0)
        try socket.unbind(endpoint)
    }

    @Test func bindToUnavailableAddressFailsClearly() throws {
        let socket = try makeSocket(context, .pub)
        #expect(throws: ZMQError(call: "bind tcp://1.2.3.4:99", code: EADDRNOTAVAIL)) {
            try socket.bind("tcp://1.2.3.4:99")
        }
        do {
            try socket.bind("tcp://1.2.3.4:99")
        } catch {
            #expect(error.description == "bind tcp://1.2.3.4:99: Cannot assign requested address")
        }
    }

    @Test func bindToUsedAddressFailsClearly() throws {
        let first = try makeSocket(context, .pull)
        let endpoint = try bindLoopback(first)
        let second = try makeSocket(context, .pull)
        let error = try #require(throws: ZMQError.self) { try second.bind(endpoint) }
        #expect(error.code == EADDRINUSE)
        #expect(error.description == "bind \(endpoint): Address already in use")
    }

    @Test func malformedEndpointIsRejected() throws {
        let socket = try makeSocket(context, .push)
        let error = try #require(throws: ZMQError.self) { try socket.connect("nonsense") }
        #expect(error.code == EINVAL)
        #expect(error.call == "connect nonsense")
    }

    @Test func closedSocketRefusesWork() throws {
        let socket = try makeSocket(context, .dealer)
        socket.close()
        socket.close()
        #expect(socket.isClosed)
        let error = try #require(throws: ZMQError.self) { try socket.send([bytes("x")]) }
        #expect(error.code == ENOTSOCK)
        #expect(error.description == "send: socket is closed")
    }

    @Test func emptyMessageIsRejected() throws {
        let socket = try makeSocket(context, .pair)
        #expect(throws: ZMQError.self) { try socket.send([]) }
    }

    @Test func receiveTimeoutAndDontWaitReturnNil() throws {
        let socket = try makeSocket(context, .pull, timeout: 50)
        _ = try bindLoopback(socket)
        #expect(try socket.receive(dontWait: true) == nil)
        let start = ContinuousClock.now
        #expect(try socket.receive() == nil)
        #expect(ContinuousClock.now - start >= .milliseconds(40))
    }

    @Test func dontWaitSendWithoutPeerReturnsFalse() throws {
        let dealer = try makeSocket(context, .dealer)
        #expect(try dealer.send([bytes("nobody listens")], dontWait: true) == false)
    }

    @Test func optionsRoundTrip() throws {
        let socket = try makeSocket(context, .dealer)
        #expect(try socket.get(.linger) == 0, "contexts default new sockets to linger 0")
        try socket.set(.linger, 250)
        try socket.set(.sendHighWaterMark, 5_000)
        try socket.set(.receiveHighWaterMark, 6_000)
        try socket.set(.sendTimeout, 100)
        try socket.set(.reconnectInterval, 50)
        try socket.set(.heartbeatInterval, 1_000)
        try socket.set(.heartbeatTimeout, 3_000)
        try socket.set(.heartbeatTTL, 5_000)
        try socket.set(.maxMessageSize, 1 << 20)
        try socket.set(.immediate, true)
        try socket.set(.routingID, bytes("worker-7"))
        try socket.set(.zapDomain, "pkt")
        #expect(try socket.get(.linger) == 250)
        #expect(try socket.get(.sendHighWaterMark) == 5_000)
        #expect(try socket.get(.receiveHighWaterMark) == 6_000)
        #expect(try socket.get(.receiveTimeout) == 2_000)
        #expect(try socket.get(.sendTimeout) == 100)
        #expect(try socket.get(.reconnectInterval) == 50)
        #expect(try socket.get(.heartbeatInterval) == 1_000)
        #expect(try socket.get(.heartbeatTimeout) == 3_000)
        #expect(try socket.get(.heartbeatTTL) == 5_000)
        #expect(try socket.get(.maxMessageSize) == 1 << 20)
        #expect(try socket.get(.immediate) == true)
        #expect(try socket.get(.routingID) == bytes("worker-7"))
        #expect(try socket.get(.zapDomain) == "pkt")
        #expect(try socket.fileDescriptor >= 0)
    }
}
