import PKTAddresses
import ClusterProtocol
import PKTChain
import PKTWire
import PacketCrypt

extension Coordinator {
    /// Computes the PPLNS window from the ledger, tells the chain to pay by
    /// it (`configureminingpayouts`, before every new template, so a chain
    /// node that restarted and forgot the map is told again), and fetches the
    /// template that does. Returns the template and the window's ledger id.
    func payingTemplate(after announced: ChainTemplate, chain: ChainClient) async throws -> (ChainTemplate, Int64) {
        let minerCoins = Self.minerCoins(height: announced.height)
        let window = try ledger.window(policy: options.payouts, minerCoins: minerCoins)
        try await chain.configureMiningPayouts(window.weights)
        let template = try await chain.rawBlockTemplate()
        // An address whose amount rounds to nothing gets no output worth checking.
        let expected = Set(try window.weights.filter { Double(minerCoins) * $0.value >= 2 }.keys.map {
            try PKTAddress($0, network: options.network).script
        })
        let paid = Set(template.coinbase.outputs.filter { $0.value > 0 }.map(\.pkScript))
        guard expected.isSubset(of: paid) else {
            throw CoordinatorError.payoutsNotApplied(height: template.height)
        }
        let id = try ledger.save(window, height: template.height, minerCoins: Self.minerCoins(height: template.height))
        return (template, id)
    }

    /// What a coinbase at `height` pays miners: the subsidy less the network steward's part.
    static func minerCoins(height: UInt32) -> Int64 {
        let subsidy = PKTMoney.subsidy(height: height)
        return subsidy - PKTMoney.stewardPayment(subsidy: subsidy)
    }

    /// Records an accepted block with its window and the coinbase outputs it
    /// paid the miners (pktd's order: the miners' outputs, then the network
    /// steward's, the last with value; commitments carry none).
    func recordPaid(_ block: Block, hash: String, height: UInt32, issued: JobBook.Issued?) throws {
        let outputs = (block.transactions.first?.outputs ?? []).filter { $0.value > 0 }.dropLast().map { output in
            PaidOutput(address: (try? PKTAddress(script: output.pkScript, network: options.network).text)
                           ?? "script:" + Hex.encode(output.pkScript),
                       units: output.value)
        }
        try ledger.record(block: PaidBlock(hash: hash, height: height, window: issued?.window, outputs: outputs),
                          jobID: issued?.job.id ?? 0)
        metrics.paidUnits.increment(by: Int64(clamping: outputs.reduce(0) { $0 + $1.units }))
    }
}

/// Why the coordinator could not go on with a tip.
enum CoordinatorError: Error, CustomStringConvertible {
    case payoutsNotApplied(height: UInt32)

    var description: String {
        switch self {
        case .payoutsNotApplied(let height):
            "the chain's template for block \(height) does not pay the payout window it was given"
        }
    }
}
