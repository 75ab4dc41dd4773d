import Testing
import ZeroMQ
#if canImport(Glibc)
import Glibc
#endif

@Suite struct CurveTests {
    @Test func z85RoundTripAndKnownVector() throws {
        let hello: [UInt8] = [0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B]
        #expect(try Z85.encode(hello) == "HelloWorld")
        #expect(try Z85.decode("HelloWorld") == hello)
        let random = (0..<32).map { _ in UInt8.random(in: 0...255) }
        #expect(try Z85.decode(Z85.encode(random)) == random)
        #expect(try Z85.encode([]) == "")
    }

    @Test func invalidZ85IsRejectedClearly() throws {
        #expect(throws: ZMQError.self) { try Z85.encode([1, 2, 3]) }
        #expect(throws: ZMQError.self) { try Z85.decode("Hell") }
        let short = try #require(throws: ZMQError.self) { try Z85.decodeKey("HelloWorld") }
        #expect(short.description == "CURVE key: expected 40 Z85 characters, got 10")
        let badCharacter = String(repeating: "a", count: 39) + "~"
        let invalid = try #require(throws: ZMQError.self) { try Z85.decodeKey(badCharacter) }
        #expect(invalid.description == "CURVE key: character 39 is not a Z85 character")
        #expect(throws: ZMQError.self) { try CurveKeyPair(secretKey: "too short") }

        let socket = try ZMQSocket(context: ZMQContext(), type: .dealer)
        #expect(throws: ZMQError.self) { try socket.set(.curveServerKey, badCharacter) }
    }

    @Test func secretKeyDerivesThePublicKey() throws {
        let pair = try CurveKeyPair.generate()
        #expect(pair.publicKey.utf8.count == 40)
        #expect(pair.secretKey.utf8.count == 40)
        #expect(try CurveKeyPair(secretKey: pair.secretKey) == pair)
        #expect(try CurveKeyPair.generate() != pair)
        #expect(!pair.description.contains(pair.secretKey))
    }

    @Test func curveKeysRoundTripThroughOptions() throws {
        let pair = try CurveKeyPair.generate()
        let socket = try ZMQSocket(context: ZMQContext(), type: .router)
        try socket.set(.curveServer, true)
        try socket.set(.curveSecretKey, pair.secretKey)
        #expect(try socket.get(.curveServer))
        #expect(try socket.get(.curveSecretKey) == pair.secretKey)
    }

    @Test func encryptedMessagesFlow() throws {
        let context = try ZMQContext()
        let server = try CurveKeyPair.generate()
        let router = try makeCurveServer(context, server)
        let endpoint = try bindLoopback(router)
        let dealer = try makeCurveClient(context, serverKey: server.publicKey, name: "client", endpoint)

        try dealer.send([bytes("secret"), bytes("work")])
        #expect(strings(try router.receive()) == ["client", "secret", "work"])
        try router.send([bytes("client"), bytes("ack")])
        #expect(strings(try dealer.receive()) == ["ack"])
    }

    @Test func zapAdmitsOnlyAllowedClientKeys() throws {
        let context = try ZMQContext()
        let server = try CurveKeyPair.generate()
        let clientA = try CurveKeyPair.generate()
        let clientB = try CurveKeyPair.generate()
        let authenticator = try ZAPAuthenticator(context: context, allowedClientKeys: [clientA.publicKey])
        #expect(authenticator.allowedClientKeys == [clientA.publicKey])

        let router = try makeCurveServer(context, server, timeout: 1_000)
        let endpoint = try bindLoopback(router)
        let a = try makeCurveClient(context, serverKey: server.publicKey, keys: clientA, name: "A", endpoint)
        let b = try makeCurveClient(context, serverKey: server.publicKey, keys: clientB, name: "B", endpoint)
        try b.send([bytes("from B")])
        try a.send([bytes("from A")])

        #expect(strings(try router.receive()) == ["A", "from A"])
        #expect(try router.receive() == nil, "B's message must not get through within 1 s")
        #expect(authenticator.refusalCount >= 1)
        #expect(authenticator.lastRefusal?.clientKey == clientB.publicKey)
        #expect(authenticator.lastRefusal?.mechanism == "CURVE")

        // Allow B at run time. libzmq 4.3 does not retry a connection refused
        // at the handshake, so B connects again.
        try authenticator.setAllowedClientKeys([clientA.publicKey, clientB.publicKey])
        let bAgain = try makeCurveClient(context, serverKey: server.publicKey, keys: clientB, name: "B2", endpoint)
        try bAgain.send([bytes("from B again")])
        #expect(strings(try router.receive()) == ["B2", "from B again"])

        #expect(throws: ZMQError.self) { try authenticator.setAllowedClientKeys(["not a key"]) }
        #expect(authenticator.failure == nil)
        authenticator.stop()
        authenticator.stop()
    }

    @Test func zapAcceptsNullMechanismSocketsWithADomain() throws {
        let context = try ZMQContext()
        let authenticator = try ZAPAuthenticator(context: context, allowedClientKeys: [])
        let pull = try makeSocket(context, .pull)
        try pull.set(.zapDomain, "metrics")
        let endpoint = try bindLoopback(pull)
        let push = try makeSocket(context, .push)
        try push.connect(endpoint)
        try push.send([bytes("plain text")])
        #expect(strings(try pull.receive()) == ["plain text"])
        #expect(authenticator.refusalCount == 0)
    }

    @Test func oneAuthenticatorPerContext() throws {
        let context = try ZMQContext()
        let first = try ZAPAuthenticator(context: context, allowedClientKeys: [])
        let error = try #require(throws: ZMQError.self) {
            _ = try ZAPAuthenticator(context: context, allowedClientKeys: [])
        }
        #expect(error.code == EADDRINUSE)
        first.stop()
        _ = try ZAPAuthenticator(context: context, allowedClientKeys: [])
    }

    private func makeCurveServer(_ context: ZMQContext, _ keys: CurveKeyPair, timeout: Int32 = 2_000) throws -> ZMQSocket {
        let router = try makeSocket(context, .router, timeout: timeout)
        try router.set(.curveServer, true)
        try router.set(.curveSecretKey, keys.secretKey)
        return router
    }

    private func makeCurveClient(
        _ context: ZMQContext, serverKey: String, keys: CurveKeyPair? = nil, name: String, _ endpoint: String
    ) throws -> ZMQSocket {
        let keys = try keys ?? CurveKeyPair.generate()
        let dealer = try makeSocket(context, .dealer)
        try dealer.set(.routingID, bytes(name))
        try dealer.set(.reconnectInterval, 50)
        try dealer.set(.curveServerKey, serverKey)
        try dealer.set(.curvePublicKey, keys.publicKey)
        try dealer.set(.curveSecretKey, keys.secretKey)
        try dealer.connect(endpoint)
        return dealer
    }
}
