import Testing
import ZeroMQ

/// PLAIN clients admitted by user name and password, and every message a
/// server reads carrying the user id the ZAP handler gave its connection.
@Suite(.serialized)
struct PlainAuthTests {
    static let rules = ZAPRules(plainUsers: [
        "worker": ZAPRules.PlainUser(password: nil, userID: "worker"),
        "operator": ZAPRules.PlainUser(password: "s3cret", userID: "operator"),
    ])

    private func client(_ context: ZMQContext, _ endpoint: String, user: String, password: String,
                        routingID: [UInt8]? = nil) throws -> ZMQSocket {
        let socket = try ZMQSocket(context: context, type: .dealer)
        if let routingID { try socket.set(.routingID, routingID) }
        try socket.set(.plainUsername, user)
        try socket.set(.plainPassword, password)
        try socket.set(.linger, 0)
        try socket.connect(endpoint)
        return socket
    }

    @Test func messagesCarryTheAdmittedUserID() throws {
        let context = try ZMQContext()
        let authenticator = try ZAPAuthenticator(context: context, rules: Self.rules)
        defer { authenticator.stop() }
        let server = try ZMQSocket(context: context, type: .router)
        try server.set(.plainServer, true)
        try server.set(.zapDomain, "test")
        try server.set(.receiveTimeout, 2000)
        try server.bind("tcp://127.0.0.1:*")
        let endpoint = try #require(try server.lastEndpoint)

        // With a routing id of its own, as cluster nodes set it.
        let worker = try client(context, endpoint, user: "worker", password: "anything", routingID: [7, 7, 7])
        try worker.send([[1]])
        #expect(try server.receiveWithUserID() == [Array("worker".utf8), [7, 7, 7], [1]])
        let admin = try client(context, endpoint, user: "operator", password: "s3cret")
        try admin.send([[2]])
        #expect(try server.receiveWithUserID()?.first == Array("operator".utf8))

        // A wrong password and an unknown user are refused at the handshake: nothing arrives.
        let impostor = try client(context, endpoint, user: "operator", password: "guess")
        try impostor.send([[3]], dontWait: true)
        let stranger = try client(context, endpoint, user: "aggregator", password: "s3cret")
        try stranger.send([[4]], dontWait: true)
        #expect(try server.receiveWithUserID() == nil)
        #expect(authenticator.refusalCount >= 2)
        for socket in [worker, admin, impostor, stranger, server] { socket.close() }
    }
}
