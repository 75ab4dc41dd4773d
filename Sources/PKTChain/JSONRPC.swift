/// A JSON-RPC request as pktd reads it: positional parameters.
public struct RPCRequest: Sendable, Codable {
    public var jsonrpc: String?
    public var method: String
    public var params: [JSONValue]?
    public var id: JSONValue?

    public init(method: String, params: [JSONValue] = [], id: JSONValue = 1) {
        jsonrpc = "1.0"
        self.method = method
        self.params = params
        self.id = id
    }
}

/// A JSON-RPC response as pktd writes it: `result`, `error` and `id`.
public struct RPCResponse: Sendable, Codable {
    public var result: JSONValue?
    public var error: RPCErrorObject?
    public var id: JSONValue?

    public init(result: JSONValue?, error: RPCErrorObject?, id: JSONValue?) {
        self.result = result
        self.error = error
        self.id = id
    }

    /// Writes `result` and `error` even when null, as pktd does.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(result ?? .null, forKey: .result)
        if let error { try c.encode(error, forKey: .error) } else { try c.encodeNil(forKey: .error) }
        try c.encode(id ?? .null, forKey: .id)
    }

    enum CodingKeys: String, CodingKey { case result, error, id }
}

/// The error object of a JSON-RPC response (also thrown by servers).
public struct RPCErrorObject: Error, Sendable, Codable, Hashable {
    public var code: Int
    public var message: String

    public init(code: Int, message: String) {
        self.code = code
        self.message = message
    }

    // Codes pktd uses.
    public static let methodNotFound = -32601
    public static let invalidParams = -32602
    public static let internalError = -32603
    public static let parseError = -32700
    public static let deserialization = -22
    public static let blockNotFound = -5
    public static let heightOutOfRange = -8
    public static let invalidParameter = -8
    public static let shareRejected = -25
}
