/// Whom a ``ZAPAuthenticator`` admits, and the user id each admitted
/// connection's messages then carry (see ``ZMQSocket/receiveWithUserID(dontWait:)``).
public struct ZAPRules: Sendable, Hashable {
    /// CURVE client public key (Z85) → user id.
    public var curveUsers: [String: String]
    /// PLAIN user name → what its password must be (nil: any) and its user id.
    public var plainUsers: [String: PlainUser]

    /// A PLAIN user.
    public struct PlainUser: Sendable, Hashable {
        public var password: String?
        public var userID: String

        public init(password: String?, userID: String) {
            self.password = password
            self.userID = userID
        }
    }

    public init(curveUsers: [String: String] = [:], plainUsers: [String: PlainUser] = [:]) {
        self.curveUsers = curveUsers
        self.plainUsers = plainUsers
    }

    /// Admits these CURVE keys, each with its own key as user id.
    public init(allowedClientKeys: Set<String>) {
        self.init(curveUsers: Dictionary(uniqueKeysWithValues: allowedClientKeys.map { ($0, $0) }))
    }

    func validate() throws(ZMQError) {
        for key in curveUsers.keys { _ = try Z85.decodeKey(key) }
    }
}
