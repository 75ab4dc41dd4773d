import ClusterNode
import Logging
import PKTChain

/// Follows the chain's tip: a long poll that the node answers when the tip
/// moves, with a poll every `interval` as a fallback. Calls `onTemplate`
/// with each new template (a new tip, or the first one) until it returns
/// true: a tip whose job could not be made is tried again at the next poll.
/// A node that refuses the RPC credentials (HTTP 401) ends the watch with
/// that error: waiting would not fix it.
struct ChainWatcher: Sendable {
    let chain: ChainClient
    let interval: Duration
    let clock: any RoleClock
    let logger: Logger

    func run(onTemplate: @Sendable (ChainTemplate) async -> Bool) async throws {
        var lastTip: String?
        var longPollID: String?
        while !Task.isCancelled {
            do {
                let template = try await chain.rawBlockTemplate()
                if template.previousBlock.displayHex != lastTip, await onTemplate(template) {
                    lastTip = template.previousBlock.displayHex
                }
                let pollID = longPollID
                let poll = try await withThrowingTaskGroup(of: LongPollResult?.self) { group in
                    group.addTask { try await chain.longPoll(pollID) }
                    group.addTask {
                        try await clock.sleep(for: interval)
                        return nil
                    }
                    defer { group.cancelAll() }
                    return try await group.next() ?? nil
                }
                if let poll { longPollID = poll.longpollid }
            } catch is CancellationError {
                return
            } catch let error as ChainError where error.refusesCredentials {
                throw error
            } catch {
                logger.warning("chain: \(error)")
                try? await clock.sleep(for: interval)
            }
        }
    }
}
