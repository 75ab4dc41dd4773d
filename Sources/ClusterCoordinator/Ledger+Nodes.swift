import ClusterProtocol
import Foundation
import GRDB

/// A node id's registration as the ledger fixed it.
public struct NodeBinding: Sendable, Hashable {
    public let node: NodeID
    public let role: NodeRole
    public let payout: String
    public let name: String
}

extension Ledger {
    /// What binding a registration did.
    enum BindOutcome: Equatable {
        /// First seen: written now.
        case new
        /// The same role and payout as before.
        case known
        /// The node id is bound to another role or payout address.
        case conflict(NodeBinding)
    }

    /// Fixes `node`'s role and payout address the first time it registers;
    /// later registrations must match.
    func bind(_ registration: Register) throws -> BindOutcome {
        try database.write { db in
            if let existing = try Self.binding(registration.node, db) {
                return existing.role == registration.role && existing.payout == registration.payoutAddress
                    ? .known : .conflict(existing)
            }
            try db.execute(
                sql: "INSERT INTO nodes (node, role, payout, name, registered_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [Data(registration.node.bytes), registration.role.name, registration.payoutAddress,
                            registration.name, Date().timeIntervalSince1970])
            return .new
        }
    }

    /// The registration fixed for `node`, if any.
    public func binding(_ node: NodeID) throws -> NodeBinding? {
        try database.read { db in try Self.binding(node, db) }
    }

    static func binding(_ node: NodeID, _ db: Database) throws -> NodeBinding? {
        guard let row = try Row.fetchOne(db, sql: "SELECT role, payout, name FROM nodes WHERE node = ?",
                                         arguments: [Data(node.bytes)]),
              let role = NodeRole(name: row["role"]) else { return nil }
        return NodeBinding(node: node, role: role, payout: row["payout"], name: row["name"])
    }
}
