/// Type 15, coordinator → node (on its DEALER): where the node's work goes.
/// A worker sends its batches to `batchEndpoint`; a block miner reads every
/// feed in `feeds`. Sent after each registration and whenever the placement
/// changes (a validator joins, dies or drains; load moves a worker), so the
/// cluster's size is bounded by no list in a job.
public struct Assignment: Sendable, Hashable {
    public let node: NodeID
    /// The validator or aggregator batch endpoint a worker uses (empty: none yet, or not a worker).
    public let batchEndpoint: String
    /// The validators' feeds a block miner reads (empty for other roles).
    public let feeds: [String]

    public init(node: NodeID, batchEndpoint: String, feeds: [String] = []) throws(ProtocolError) {
        try Check.string(batchEndpoint, "Assignment.batchEndpoint", limit: ProtocolLimits.maxShortString)
        try Check.count(feeds.count, "Assignment.feeds", limit: ProtocolLimits.maxFeeds)
        for (index, feed) in feeds.enumerated() {
            try Check.string(feed, "Assignment.feeds[\(index)]", limit: ProtocolLimits.maxShortString)
        }
        self.node = node
        self.batchEndpoint = batchEndpoint
        self.feeds = feeds
    }

    var encodedSize: Int {
        16 + WireWriter.stringSize(batchEndpoint) + 4 + feeds.reduce(0) { $0 + WireWriter.stringSize($1) }
    }

    func encode(into writer: inout WireWriter) {
        writer.nodeID(node)
        writer.string(batchEndpoint)
        writer.count(feeds.count)
        for feed in feeds { writer.string(feed) }
    }

    static func decode(from reader: inout WireReader) throws(ProtocolError) -> Assignment {
        let node = try reader.nodeID("Assignment.node")
        let endpoint = try reader.string("Assignment.batchEndpoint", limit: ProtocolLimits.maxShortString)
        let feeds = try reader.list("Assignment.feeds", limit: ProtocolLimits.maxFeeds, minimumSize: 2) {
            (reader: inout WireReader, field: String) throws(ProtocolError) in
            try reader.string(field, limit: ProtocolLimits.maxShortString)
        }
        return try Assignment(node: node, batchEndpoint: endpoint, feeds: feeds)
    }
}
