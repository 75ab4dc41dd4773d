import Testing
import ZeroMQ
#if canImport(Glibc)
import Glibc
#endif

@Suite struct AsyncSocketTests {
    let context: ZMQContext

    init() throws { context = try ZMQContext() }

    /// A ROUTER on a free loopback port that answers every request with
    /// `reply` + the request's body, from its own task.
    private func makeEchoRouter() throws -> (router: AsyncZMQSocket, server: Task<Void, Never>) {
        let router = try AsyncZMQSocket(context: context, type: .router) { socket in
            try socket.bind("tcp://127.0.0.1:*")
        }
        let server = Task {
            for await request in router.messages {
                try? router.send([request[0], bytes("reply")] + request.dropFirst())
            }
        }
        return (router, server)
    }

    @Test func dealerRouterRequestReply() async throws {
        let (router, server) = try makeEchoRouter()
        let endpoint = try #require(router.lastEndpoint)
        #expect(endpoint.hasPrefix("tcp://127.0.0.1:"))
        let dealer = try AsyncZMQSocket(context: context, type: .dealer) { socket in
            try socket.set(.routingID, bytes("worker-1"))
            try socket.connect(endpoint)
        }

        let reply = try await withDeadline(.seconds(2)) {
            try dealer.send([bytes("share"), bytes("0001")])
            var replies = dealer.messages.makeAsyncIterator()
            return await replies.next()
        }
        #expect(strings(reply) == ["reply", "share", "0001"])

        dealer.close()
        router.close()
        await server.value
    }

    @Test func tenThousandMessagesArriveInOrder() async throws {
        let count = 10_000
        let pull = try AsyncZMQSocket(context: context, type: .pull) { socket in
            try socket.bind("inproc://ordered")
        }
        let push = try AsyncZMQSocket(context: context, type: .push) { socket in
            try socket.connect("inproc://ordered")
        }
        let received = try await withDeadline(.seconds(120)) {
            async let numbers = Self.collectNumbers(pull.messages, count: count)
            for number in 0..<count {
                // Back off while the bounded outgoing queue is full.
                while true {
                    do {
                        try push.send([bytes("n"), bytes(String(number))])
                        break
                    } catch let error as ZMQError where error.code == EAGAIN {
                        try await Task.sleep(for: .milliseconds(1))
                    }
                }
            }
            return await numbers
        }
        #expect(received == Array(0..<count))
    }

    private static func collectNumbers(_ messages: AsyncStream<[[UInt8]]>, count: Int) async -> [Int] {
        var numbers: [Int] = []
        for await message in messages {
            numbers.append(Int(String(decoding: message[1], as: UTF8.self)) ?? -1)
            if numbers.count == count { break }
        }
        return numbers
    }

    @Test func closeFinishesTheStream() async throws {
        let socket = try AsyncZMQSocket(context: context, type: .sub) { socket in
            try socket.subscribe([])
            try socket.bind("inproc://close-test")
        }
        let consumer = Task {
            var count = 0
            for await _ in socket.messages { count += 1 }
            return count
        }
        socket.close()
        socket.close()
        let count = try await withDeadline(.seconds(2)) {
            await withTaskCancellationHandler { await consumer.value } onCancel: { consumer.cancel() }
        }
        #expect(count == 0)
        #expect(throws: ZMQError.self) { try socket.send([bytes("late")]) }
        #expect(socket.failure == nil)
    }

    @Test func outgoingQueueIsBounded() async throws {
        // A DEALER with no peer cannot hand anything to libzmq.
        let dealer = try AsyncZMQSocket(context: context, type: .dealer, sendQueueLimit: 3) { _ in }
        for index in 0..<3 { try dealer.send([bytes("m\(index)")]) }
        let error = try #require(throws: ZMQError.self) { try dealer.send([bytes("one too many")]) }
        #expect(error.code == EAGAIN)
        #expect(error.description == "send: outgoing queue is full (3 messages)")
    }

    @Test func unroutableMessagesAreCountedNotFatal() async throws {
        let router = try AsyncZMQSocket(context: context, type: .router) { socket in
            try socket.set(.routerMandatory, true)
            try socket.bind("inproc://mandatory")
        }
        let dealer = try AsyncZMQSocket(context: context, type: .dealer) { socket in
            try socket.set(.routingID, bytes("known"))
            try socket.connect("inproc://mandatory")
        }
        let reply = try await withDeadline(.seconds(2)) {
            var requests = router.messages.makeAsyncIterator()
            try dealer.send([bytes("hello")])
            let request = await requests.next()
            try router.send([bytes("stranger"), bytes("lost")])
            try router.send([bytes("known"), bytes("welcome")])
            var replies = dealer.messages.makeAsyncIterator()
            return (strings(request), strings(await replies.next()))
        }
        #expect(reply.0 == ["known", "hello"])
        #expect(reply.1 == ["welcome"])
        #expect(router.unroutableCount == 1)
        #expect(router.failure == nil)
    }

    @Test func setupErrorsAreThrownFromInit() throws {
        #expect(throws: ZMQError(call: "bind tcp://1.2.3.4:99", code: EADDRNOTAVAIL)) {
            _ = try AsyncZMQSocket(context: context, type: .pub) { socket in
                try socket.bind("tcp://1.2.3.4:99")
            }
        }
    }
}
