import ArgumentParser
import Foundation

/// The `pktcluster` command line.
@main
struct PktCluster: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pktcluster",
        abstract: "PacketCrypt (PKT) announcement and block mining.",
        subcommands: [
            UpCommand.self, CoordinatorCommand.self, WorkerCommand.self, AggregatorCommand.self, ValidatorCommand.self,
            BlockMinerCommand.self, DevnetCommand.self, StatusCommand.self,
            WorkersCommand.self, PayoutsCommand.self, ScaleCommand.self, DrainCommand.self, KeygenCommand.self, MineAnns.self, VerifyAnns.self,
            MineBlock.self, VerifyBlock.self, VerifyShare.self, Bench.self,
        ]
    )

    /// Runs a command; any failure prints one line and exits non-zero
    /// (2 for usage and I/O errors, or the command's own exit code).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            if let explicit = error as? ExitCode { Foundation.exit(explicit.rawValue) }
            var message = fullMessage(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
            FileHandle.standardError.write(Data("pktcluster: \(message)\n".utf8))
            Foundation.exit(2)
        }
    }
}
