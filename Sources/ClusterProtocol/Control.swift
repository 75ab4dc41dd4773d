/// Type 11, CLI → coordinator: run a command.
public struct Command: Sendable, Hashable {
    /// The CLI's number for the command; the reply carries it.
    public let id: UInt64
    /// E.g. `status`, `workers`, `scale`, `drain` (1–64 bytes).
    public let name: String
    /// JSON text (≤ 64 KiB); the coordinator parses it.
    public let arguments: String

    public init(id: UInt64, name: String, arguments: String = "{}") throws(ProtocolError) {
        try Check.nonEmpty(name, "Command.name")
        try Check.string(name, "Command.name", limit: ProtocolLimits.maxCommandName)
        try Check.string(arguments, "Command.arguments", limit: ProtocolLimits.maxCommandArguments)
        self.id = id
        self.name = name
        self.arguments = arguments
    }

    func encode(into writer: inout WireWriter) {
        writer.u64(id)
        writer.string(name)
        writer.text(arguments)
    }

    static func decode(from reader: inout WireReader) throws(ProtocolError) -> Command {
        try Command(
            id: try reader.u64("Command.id"),
            name: try reader.string("Command.name", limit: ProtocolLimits.maxCommandName),
            arguments: try reader.text("Command.arguments", limit: ProtocolLimits.maxCommandArguments))
    }
}

/// Type 12, coordinator → CLI: the answer to the `Command` with this `id`.
public struct CommandReply: Sendable, Hashable {
    public let id: UInt64
    public let ok: Bool
    /// JSON text (≤ 1 MiB): the result, or an error when `ok` is false.
    public let body: String

    public init(id: UInt64, ok: Bool, body: String) throws(ProtocolError) {
        try Check.string(body, "CommandReply.body", limit: ProtocolLimits.maxCommandReplyBody)
        self.id = id
        self.ok = ok
        self.body = body
    }

    func encode(into writer: inout WireWriter) {
        writer.u64(id)
        writer.bool(ok)
        writer.text(body)
    }

    static func decode(from reader: inout WireReader) throws(ProtocolError) -> CommandReply {
        try CommandReply(
            id: try reader.u64("CommandReply.id"), ok: try reader.bool("CommandReply.ok"),
            body: try reader.text("CommandReply.body", limit: ProtocolLimits.maxCommandReplyBody))
    }
}

/// Type 13, coordinator PUB (topic `ctl`) → nodes: change how a node runs.
public struct Reconfigure: Sendable, Hashable {
    /// The node addressed; nil addresses every node.
    public let target: NodeID?
    /// Mining threads to run; 0 leaves them unchanged.
    public let threads: UInt16
    /// Stop taking new work, flush what is pending, and exit.
    public let drain: Bool

    public init(target: NodeID?, threads: UInt16 = 0, drain: Bool = false) {
        self.target = target
        self.threads = threads
        self.drain = drain
    }

    /// Whether a node with this id should act on the message.
    public func applies(to node: NodeID) -> Bool { target == nil || target == node }

    func encode(into writer: inout WireWriter) {
        if let target {
            writer.bool(true)
            writer.nodeID(target)
        } else {
            writer.bool(false)
        }
        writer.u16(threads)
        writer.bool(drain)
    }

    static func decode(from reader: inout WireReader) throws(ProtocolError) -> Reconfigure {
        let target: NodeID? = try reader.bool("Reconfigure.target") ? try reader.nodeID("Reconfigure.target") : nil
        return Reconfigure(
            target: target, threads: try reader.u16("Reconfigure.threads"), drain: try reader.bool("Reconfigure.drain"))
    }
}
