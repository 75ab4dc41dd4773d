import Testing
import ZeroMQ
#if canImport(Glibc)
import Glibc
#endif

@Suite struct MessagingTests {
    let context: ZMQContext

    init() throws { context = try ZMQContext() }

    @Test func pubSubDeliversOnlySubscribedTopics() throws {
        let publisher = try makeSocket(context, .pub)
        let endpoint = try bindLoopback(publisher)
        let subscriber = try makeSocket(context, .sub, timeout: 20)
        try subscriber.subscribe(bytes("share."))
        try subscriber.connect(endpoint)

        // Slow joiner: the subscription reaches the publisher asynchronously,
        // so publish until the first message gets through.
        let received = try retry {
            try publisher.send([bytes("block.new"), bytes("ignored")])
            try publisher.send([bytes("share.found"), bytes("42")])
            return try subscriber.receive()
        }
        #expect(strings(received) == ["share.found", "42"])
        while let message = try subscriber.receive(dontWait: true) {
            #expect(strings(message)?.first == "share.found")
        }

        try subscriber.unsubscribe(bytes("share."))
        try subscriber.subscribe(bytes("block."))
        let block = try retry {
            try publisher.send([bytes("block.new"), bytes("7")])
            return try subscriber.receive().flatMap { strings($0)?.first == "block.new" ? $0 : nil }
        }
        #expect(strings(block) == ["block.new", "7"])
    }

    @Test func dealerRouterRoundTripWithRoutingIDs() throws {
        let router = try makeSocket(context, .router)
        let endpoint = try bindLoopback(router)
        var dealers: [String: ZMQSocket] = [:]
        for name in ["worker-A", "worker-B"] {
            let dealer = try makeSocket(context, .dealer)
            try dealer.set(.routingID, bytes(name))
            try dealer.connect(endpoint)
            try dealer.send([bytes("hello"), [], bytes("from \(name)")])
            dealers[name] = dealer
        }

        var seen: Set<String> = []
        for _ in 0..<2 {
            let message = try #require(strings(try router.receive()))
            #expect(message.count == 4)
            #expect(message[1...] == ["hello", "", "from \(message[0])"])
            seen.insert(message[0])
        }
        #expect(seen == ["worker-A", "worker-B"])

        try router.send([bytes("worker-B"), bytes("reply"), bytes("for B")])
        try router.send([bytes("worker-A"), bytes("reply"), bytes("for A")])
        #expect(strings(try dealers["worker-A"]?.receive()) == ["reply", "for A"])
        #expect(strings(try dealers["worker-B"]?.receive()) == ["reply", "for B"])
    }

    @Test func routerMandatoryRejectsUnknownPeer() throws {
        let router = try makeSocket(context, .router)
        _ = try bindLoopback(router)
        #expect(try router.send([bytes("nobody"), bytes("dropped silently")]))
        try router.set(.routerMandatory, true)
        let error = try #require(throws: ZMQError.self) {
            try router.send([bytes("nobody"), bytes("x")])
        }
        #expect(error.code == EHOSTUNREACH)
        #expect(error.description == "send: Host unreachable")
    }

    @Test func oversizeMessageIsNeverDelivered() throws {
        let server = try makeSocket(context, .pull, timeout: 50)
        try server.set(.maxMessageSize, 100)
        let endpoint = try bindLoopback(server)
        let client = try makeSocket(context, .push)
        try client.set(.reconnectInterval, 20)
        try client.connect(endpoint)

        try client.send([[UInt8](repeating: 0xAB, count: 1_000)])
        #expect(try server.receive() == nil)
        // The server dropped that connection; the client reconnects and small
        // messages get through (some sent before the reconnect may be lost).
        let small = try retry {
            try client.send([bytes("small")])
            return try server.receive()
        }
        #expect(strings(small) == ["small"])
        while let message = try server.receive(dontWait: true) {
            #expect(message.allSatisfy { $0.count <= 100 })
        }
    }
}
