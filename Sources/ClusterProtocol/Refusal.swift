/// Type 14, coordinator or aggregator → peer: a message was refused because
/// the sender's role or identity may not send it (a credit or share from a
/// node that is not an aggregator, a registration for another identity, a
/// batch under another worker's id, …). Nothing was recorded; the refusal
/// is counted by reason. A refused control command gets a `CommandReply`
/// with `ok` false instead.
public struct Refusal: Sendable, Hashable {
    /// The type of the message refused.
    public let refused: MessageType
    /// One line saying why (≤ 1024 bytes).
    public let reason: String

    public init(refused: MessageType, reason: String) throws(ProtocolError) {
        try Check.string(reason, "Refusal.reason", limit: ProtocolLimits.maxReason)
        self.refused = refused
        self.reason = reason
    }

    func encode(into writer: inout WireWriter) {
        writer.u8(refused.rawValue)
        writer.string(reason)
    }

    static func decode(from reader: inout WireReader) throws(ProtocolError) -> Refusal {
        let raw = try reader.u8("Refusal.refused")
        guard let type = MessageType(rawValue: raw) else {
            throw .invalidValue(field: "Refusal.refused", reason: "unknown type \(raw)")
        }
        return try Refusal(refused: type, reason: try reader.string("Refusal.reason", limit: ProtocolLimits.maxReason))
    }
}
