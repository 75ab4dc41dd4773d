import CZeroMQ

/// A CURVE (Curve25519) key pair as 40-character Z85 strings.
///
/// Its `description` shows only the public key, so logging a pair never leaks the secret.
public struct CurveKeyPair: Sendable, Hashable, CustomStringConvertible {
    /// The public key, shared with peers (Z85, 40 characters).
    public let publicKey: String
    /// The secret key, never to leave its owner (Z85, 40 characters).
    public let secretKey: String

    /// A fresh random key pair (`zmq_curve_keypair`). Fails with `ENOTSUP`
    /// when libzmq was built without CURVE.
    public static func generate() throws(ZMQError) -> CurveKeyPair {
        var publicKey = [CChar](repeating: 0, count: Z85.keyLength + 1)
        var secretKey = [CChar](repeating: 0, count: Z85.keyLength + 1)
        try ZMQError.check(zmq_curve_keypair(&publicKey, &secretKey), "zmq_curve_keypair")
        return CurveKeyPair(publicKey: string(publicKey), secretKey: string(secretKey))
    }

    /// The pair for a known secret key, deriving its public key (`zmq_curve_public`).
    /// Fails when `secretKey` is not 40 valid Z85 characters.
    public init(secretKey: String) throws(ZMQError) {
        _ = try Z85.decodeKey(secretKey)
        var publicKey = [CChar](repeating: 0, count: Z85.keyLength + 1)
        try ZMQError.check(zmq_curve_public(&publicKey, secretKey), "zmq_curve_public")
        self.init(publicKey: Self.string(publicKey), secretKey: secretKey)
    }

    private init(publicKey: String, secretKey: String) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    public var description: String { "CurveKeyPair(publicKey: \(publicKey))" }

    private static func string(_ z85: [CChar]) -> String {
        String(decoding: z85.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
