import CZeroMQ

/// Z85 (ZeroMQ RFC 32) text encoding of binary data, as used for CURVE keys.
public enum Z85 {
    /// Length of a Z85-encoded 32-byte CURVE key.
    public static let keyLength = 40

    private static let alphabet = Set(
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#".utf8)

    /// Encodes `bytes`, whose count must be a multiple of 4.
    public static func encode(_ bytes: [UInt8]) throws(ZMQError) -> String {
        guard bytes.count % 4 == 0 else {
            throw ZMQError(call: "Z85 encode", code: EINVAL,
                           message: "length \(bytes.count) is not a multiple of 4")
        }
        var text = [CChar](repeating: 0, count: bytes.count / 4 * 5 + 1)
        guard zmq_z85_encode(&text, bytes, bytes.count) != nil else { throw ZMQError.last("Z85 encode") }
        return String(decoding: text.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Decodes `text`, whose length must be a multiple of 5 Z85 characters.
    public static func decode(_ text: String) throws(ZMQError) -> [UInt8] {
        let utf8 = Array(text.utf8)
        guard utf8.count % 5 == 0 else {
            throw ZMQError(call: "Z85 decode", code: EINVAL,
                           message: "length \(utf8.count) is not a multiple of 5")
        }
        if let offset = utf8.firstIndex(where: { !alphabet.contains($0) }) {
            throw ZMQError(call: "Z85 decode", code: EINVAL,
                           message: "character \(offset) is not a Z85 character")
        }
        var bytes = [UInt8](repeating: 0, count: utf8.count / 5 * 4)
        guard utf8.count == 0 || zmq_z85_decode(&bytes, text) != nil else {
            throw ZMQError(call: "Z85 decode", code: EINVAL, message: "value out of range for Z85")
        }
        return bytes
    }

    /// Decodes a CURVE key, which must be exactly 40 Z85 characters (32 bytes).
    public static func decodeKey(_ key: String) throws(ZMQError) -> [UInt8] {
        let length = key.utf8.count
        guard length == keyLength else {
            throw ZMQError(call: "CURVE key", code: EINVAL,
                           message: "expected \(keyLength) Z85 characters, got \(length)")
        }
        do {
            return try decode(key)
        } catch {
            throw ZMQError(call: "CURVE key", code: EINVAL, message: error.message)
        }
    }
}
