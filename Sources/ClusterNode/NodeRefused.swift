/// The coordinator refused this node's registration (its identity's role, or
/// its payout address): the node cannot work and stops.
public struct NodeRefused: Error, CustomStringConvertible {
    public let reason: String

    public init(reason: String) { self.reason = reason }

    public var description: String { "the coordinator refused this node: \(reason)" }
}
