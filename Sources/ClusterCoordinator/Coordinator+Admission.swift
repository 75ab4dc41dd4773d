import PKTAddresses
import ClusterProtocol
import Foundation
import PKTChain
import PKTWire
import PacketCrypt

/// Who may send what: each handler checks the sender's role and identity
/// before anything is recorded.
extension Coordinator {
    /// A node joins: only as the role its identity has, under its own routing
    /// id, with a payout address valid on the chain's network; its id is then
    /// bound to that role and address for good.
    func register(_ registration: Register, from peer: Peer) async -> ClusterMessage? {
        guard let role = peer.role, role == registration.role.identity, role != .control else {
            return refuse(.register, "identity of role \(peer.role?.name ?? "none") cannot register as \(registration.role)")
        }
        guard peer.node == registration.node else {
            return refuse(.register, "node \(registration.node) registered from another connection's id")
        }
        if let reason = await invalidAddress(registration.payoutAddress) {
            return refuse(.register, "payout address: \(reason)")
        }
        do {
            if case .conflict(let bound) = try ledger.bind(registration) {
                return refuse(.register, "node \(registration.node) is bound to \(bound.role) paying \(bound.payout)")
            }
        } catch {
            logger.error("ledger: \(error)")
            return nil
        }
        if await registry.register(registration) {
            logger.info("\(registration.role) \(registration.name) (\(registration.node)) joined, paying \(registration.payoutAddress)")
        }
        let current = await jobs.current?.id ?? 0
        reply(.registered(Registered(node: registration.node, currentJobID: current, heartbeatSeconds: 2)), to: peer)
        // A restarted node lost what it was told: unless placement just told it, it hears it again.
        guard await !assignWork().contains(registration.node) else { return nil }
        return await registry.assignment(of: registration.node).map { .assignment($0) }
    }

    func heartbeat(_ beat: Heartbeat, from peer: Peer) async -> ClusterMessage? {
        guard peer.node == beat.node, await registry.node(beat.node)?.registration.role.identity == peer.role else {
            return refuse(.heartbeat, "heartbeat for a node this connection did not register")
        }
        let previous = await registry.node(beat.node)?.stats?.jobID
        _ = await registry.heartbeat(beat)
        if beat.stats.jobID != previous, let seen = tipSeen[beat.stats.jobID],
           let role = await registry.node(beat.node)?.registration.role {
            metrics.jobArrived(role, after: options.clock.now - seen)
        }
        return nil
    }

    /// Why `address` cannot be paid, or nil when it can: it must decode for
    /// the network, and the chain node (pktd's `validateaddress`) must agree.
    func invalidAddress(_ address: String) async -> String? {
        do {
            _ = try PKTAddress(address, network: options.network)
        } catch {
            return "\(error)"
        }
        guard !confirmedAddresses.contains(address) else { return nil }
        do {
            guard try await chain.validateAddress(address) else { return "the chain node refuses \(address)" }
        } catch {
            return "the chain node could not check \(address): \(error)"
        }
        confirmedAddresses.insert(address)
        return nil
    }

    /// The registered node behind `peer` when its role passes `allowed`, or nil.
    private func aggregator(_ peer: Peer, claims node: NodeID, _ allowed: (NodeRole) -> Bool) async -> NodeBinding? {
        guard peer.role == .aggregator, peer.node == node, let binding = binding(node), allowed(binding.role) else { return nil }
        return binding
    }

    /// A node's binding, kept once read: a binding never changes once
    /// written, and reading it from the ledger would wait for any commit
    /// under way.
    private func binding(_ node: NodeID) -> NodeBinding? {
        if let binding = bindings[node] { return binding }
        guard let binding = try? ledger.binding(node) else { return nil }
        bindings[node] = binding
        return binding
    }

    /// An aggregator credits a worker's batch to the address the worker
    /// registered: the credit joins the queue of the next ledger commit,
    /// which acknowledges it.
    func record(_ credit: Credit, from peer: Peer) async -> ClusterMessage? {
        guard await aggregator(peer, claims: credit.aggregator, \.validates) != nil else {
            return refuse(.credit, "credits come only from registered aggregators and validators, under their own id")
        }
        if !credits.add(CreditQueue.Entry(credit: credit, peer: peer)) {
            metrics.creditsDropped.increment()  // unacknowledged: the validator sends it again
        }
        return nil
    }

    /// Commits the waiting credits, as many as have gathered (up to
    /// `creditsPerCommit`) in each transaction, then acknowledges each.
    func writeCredits() async {
        for await _ in credits.arrivals {
            while case let batch = credits.take(Self.creditsPerCommit), !batch.isEmpty {
                let started = ContinuousClock.now
                do {
                    let statuses = try await ledger.record(batch.map(\.credit))
                    metrics.ledgerWrite.record(.now - started)
                    for (entry, status) in zip(batch, statuses) { acknowledge(entry, status) }
                } catch {
                    logger.error("ledger: \(error)")  // no acknowledgements: the validators send them again
                }
            }
        }
    }

    /// The most credits one ledger transaction commits.
    static let creditsPerCommit = 1024

    private func acknowledge(_ entry: CreditQueue.Entry, _ status: CreditStatus) {
        let credit = entry.credit
        metrics.credit(status)
        switch status {
        case .recorded:
            metrics.creditedAnnouncements.increment(by: Int64(credit.counts.accepted))
            metrics.creditedWork.increment(by: credit.work)
        case .unknownWorker: refusals["Credit: unknown worker", default: 0] += 1
        case .duplicate: break
        }
        reply(.creditAck(CreditAck(id: credit.id, status: status)), to: entry.peer)
    }

    /// Submits a block (or records a share), credits the share to the
    /// aggregator's registered address, records the outcome, then acknowledges.
    func record(_ found: Found, from peer: Peer) async -> ClusterMessage? {
        guard let miner = await aggregator(peer, claims: found.aggregator, \.minesBlocks) else {
            return refuse(.found, "shares and blocks come only from registered aggregators and block miners, under their own id")
        }
        guard let issued = await jobs.issued(found.jobID), issued.job.height == found.height else {
            return (try? FoundAck(id: found.id, accepted: false, reason: "unknown job \(found.jobID)")).map { .foundAck($0) }
        }
        var accepted = true
        var reason = "share recorded"
        var hash: String?
        var block: Block?
        if found.kind == .block {
            do {
                let submitted = try Block(bytes: found.block)
                hash = submitted.blockHash.displayHex
                switch try await chain.submitBlock(submitted) {
                case .accepted:
                    metrics.block(.accepted)
                    reason = "accepted by the chain"
                    block = submitted
                    logger.info("block \(found.height) \(hash ?? "") accepted")
                case .rejected(let text) where text.contains("ErrDuplicateBlock"):
                    metrics.block(.duplicate)
                    reason = "already in the chain"
                case .rejected(let text):
                    metrics.block(.refused)
                    accepted = false
                    reason = text
                    logger.warning("block \(found.height) refused: \(text)")
                }
            } catch {
                metrics.chainErrors.increment()
                accepted = false
                reason = "\(error)"
            }
        }
        // A share earns its target's work in blocks; a block earns as a share (no finder's bonus).
        let work = accepted ? Difficulty.workRatio(issued.job.shareBits, to: issued.blockBits) : 0
        do {
            let started = ContinuousClock.now
            _ = try ledger.record(found, payout: miner.payout, work: work, blockHash: hash, accepted: accepted, reason: reason)
            metrics.ledgerWrite.record(.now - started)
            metrics.creditedWork.increment(by: work)
            if let block, let hash { try recordPaid(block, hash: hash, height: found.height, issued: issued) }
        } catch {
            logger.error("ledger: \(error)")
            return nil
        }
        return (try? FoundAck(id: found.id, accepted: accepted, reason: String(reason.prefix(1000)))).map { .foundAck($0) }
    }
}
