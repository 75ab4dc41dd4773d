import Synchronization

/// The decisions of a ``ZAPAuthenticator`` (ZeroMQ RFC 27), kept apart from
/// its thread so they can be changed and read from any thread.
final class ZAPPolicy: Sendable {
    private let allowed: Mutex<Set<String>>
    let refusals = Atomic<Int>(0)
    let lastRefusal = Mutex<ZAPRefusal?>(nil)

    init(allowedClientKeys: Set<String>) throws(ZMQError) {
        try Self.validate(allowedClientKeys)
        allowed = Mutex(allowedClientKeys)
    }

    var allowedClientKeys: Set<String> { allowed.withLock { $0 } }

    func setAllowedClientKeys(_ keys: Set<String>) throws(ZMQError) {
        try Self.validate(keys)
        allowed.withLock { $0 = keys }
    }

    private static func validate(_ keys: Set<String>) throws(ZMQError) {
        for key in keys { _ = try Z85.decodeKey(key) }
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
        switch mechanism {
        case "NULL":
            return answer("200", "OK")
        case "CURVE" where request.count == 7 && request[6].count == 32:
            let key = try? Z85.encode(request[6])
            if let key, allowed.withLock({ $0.contains(key) }) { return answer("200", "OK", userID: key) }
            clientKey = key
        default:
            break
        }
        lastRefusal.withLock {
            $0 = ZAPRefusal(mechanism: mechanism, domain: text(2), address: text(3), clientKey: clientKey)
        }
        refusals.add(1, ordering: .relaxed)
        return answer("400", mechanism == "CURVE" ? "Client key not allowed" : "Mechanism not supported")
    }
}
