import Synchronization

/// The decisions of a ``ZAPAuthenticator`` (ZeroMQ RFC 27), kept apart from
/// its thread so they can be changed and read from any thread.
final class ZAPPolicy: Sendable {
    private let rules: Mutex<ZAPRules>
    let refusals = Atomic<Int>(0)
    let lastRefusal = Mutex<ZAPRefusal?>(nil)

    init(rules: ZAPRules) throws(ZMQError) {
        try rules.validate()
        self.rules = Mutex(rules)
    }

    var current: ZAPRules { rules.withLock { $0 } }

    func set(_ new: ZAPRules) throws(ZMQError) {
        try new.validate()
        rules.withLock { $0 = new }
    }

    /// The reply to one request. Request frames (after REP strips the
    /// envelope): version, request ID, domain, address, routing ID,
    /// mechanism, credentials…; reply frames: version, request ID, status
    /// code, status text, user ID, metadata.
    func reply(to request: [[UInt8]]) -> [[UInt8]] {
        let requestID = request.count > 1 ? request[1] : []
        func answer(_ status: String, _ text: String, userID: String = "") -> [[UInt8]] {
            [Array("1.0".utf8), requestID, Array(status.utf8), Array(text.utf8), Array(userID.utf8), []]
        }
        guard request.count >= 6, request[0] == Array("1.0".utf8) else {
            return answer("500", "Malformed ZAP request")
        }
        let text = { (index: Int) in String(decoding: request[index], as: UTF8.self) }
        let mechanism = text(5)
        var clientKey: String?
        var reason = "Mechanism not supported"
        switch mechanism {
        case "NULL":
            return answer("200", "OK")
        case "CURVE" where request.count == 7 && request[6].count == 32:
            let key = try? Z85.encode(request[6])
            if let key, let user = rules.withLock({ $0.curveUsers[key] }) { return answer("200", "OK", userID: user) }
            clientKey = key
            reason = "Client key not allowed"
        case "PLAIN" where request.count == 8:
            let user = rules.withLock { $0.plainUsers[text(6)] }
            if let user, user.password == nil || user.password == text(7) { return answer("200", "OK", userID: user.userID) }
            reason = "Invalid user name or password"
        default:
            break
        }
        lastRefusal.withLock {
            $0 = ZAPRefusal(mechanism: mechanism, domain: text(2), address: text(3), clientKey: clientKey)
        }
        refusals.add(1, ordering: .relaxed)
        return answer("400", reason)
    }
}
