import ArgumentParser
import ClusterCoordinator
import Foundation

/// `pktcluster payouts`.
struct PayoutsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payouts",
        abstract: "Show who the next block pays and what accepted blocks paid, per address.",
        discussion: """
            Per address: the announcement and share credit (in blocks of work) in the current PPLNS \
            window, its share of the next coinbase, PKT paid by accepted blocks and the last payout. \
            docs/payouts.md gives the formulas to recompute a share from this output.
            """)
    @OptionGroup var control: ControlOptions
    @Option(help: ArgumentHelp("Only this address.", valueName: "address")) var address: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        var report = try JSONDecoder().decode(PayoutReport.self, from: try await control.call("payouts"))
        if let address {
            report.addresses = report.addresses.filter { $0.address == address }
            report.blocks = report.blocks.map { block in
                var only = block
                only.outputs = block.outputs.filter { $0.address == address }
                return only
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
            return
        }
        let p = report.policy
        print("PPLNS: block miners \(p.blockFraction), block constant \(p.blockConstant), announcement constant "
              + "\(p.announcementConstant), fee \(p.fee), unfilled window to \(p.defaultAddress), dust limit \(p.dustLimit) units")
        for a in report.addresses {
            let last = a.lastPaidHeight.map { "last paid \(PKTUnits.format(a.lastPaidUnits ?? 0)) in block \($0)" } ?? "never paid"
            print("\(a.address)  announcements \(a.announcementCredit)  shares \(a.shareCredit)  next \(String(format: "%.4f%%", a.nextShare * 100))  "
                  + "paid \(PKTUnits.format(a.paidUnits))  \(last)"
                  + (a.withheldUnits > 0 ? "  withheld \(PKTUnits.format(a.withheldUnits))" : ""))
        }
        for block in report.blocks {
            print("block \(block.height) \(block.hash) window \(block.window.map(String.init) ?? "-"): "
                  + block.outputs.map { "\($0.address) \(PKTUnits.format($0.units))" }.joined(separator: ", "))
        }
    }
}
