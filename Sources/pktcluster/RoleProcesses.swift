import ArgumentParser
import Foundation

/// Role processes of this same binary run on this machine (by `up` and
/// `bench cluster`), each with its output in a log file.
final class RoleProcesses: @unchecked Sendable {
    private let logDirectory: String
    private let environment: [String: String]
    private var processes: [(name: String, process: Process)] = []
    private let lock = NSLock()

    /// - Parameter environment: added to each role's environment.
    init(logDirectory: String, environment: [String: String]) {
        self.logDirectory = logDirectory
        self.environment = environment
    }

    /// Starts `pktcluster ARGUMENTS` as `name`; its standard error (and its
    /// standard output, unless `output` takes that) goes to DIRECTORY/NAME.log.
    @discardableResult
    func start(_ name: String, _ arguments: [String], output: Pipe? = nil) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let path = logPath(name)
        guard FileManager.default.createFile(atPath: path, contents: nil) else { throw ValidationError("cannot create \(path)") }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        process.standardOutput = output ?? log
        process.standardError = log
        try process.run()
        lock.withLock { processes.append((name, process)) }
        return process
    }

    func logPath(_ name: String) -> String { (logDirectory as NSString).appendingPathComponent("\(name).log") }

    /// The running roles' names and process ids, in start order.
    var running: [(name: String, pid: Int32)] {
        lock.withLock { processes.filter { $0.process.isRunning }.map { ($0.name, $0.process.processIdentifier) } }
    }

    /// Waits until any role exits; says which on standard error.
    func firstExit() async throws -> Int32 {
        while true {
            try await Task.sleep(for: .milliseconds(200))
            if let exited = exited() {
                FileHandle.standardError.write(Data("\npktcluster: \(exited)\n".utf8))
                return 1
            }
        }
    }

    /// Which role has exited, with its status and log, if any has.
    func exited() -> String? {
        guard let role = lock.withLock({ processes.first { !$0.process.isRunning } }) else { return nil }
        return "the \(role.name) exited (status \(role.process.terminationStatus)); see \(logPath(role.name))"
    }

    /// SIGTERM to every role, then SIGKILL to any still running after 5 seconds.
    func stopAll() {
        let all = lock.withLock { processes }
        for role in all.reversed() where role.process.isRunning { role.process.terminate() }
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline, all.contains(where: { $0.process.isRunning }) { usleep(50_000) }
        for role in all where role.process.isRunning { kill(role.process.processIdentifier, SIGKILL) }
    }
}
