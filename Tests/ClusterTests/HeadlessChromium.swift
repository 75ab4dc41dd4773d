import Foundation

/// Debian's Chromium, run headless to load a page as a browser would.
struct HeadlessChromium {
    /// What loading a page gave.
    struct Load {
        /// The DOM once the page's time budget ran out.
        var dom: String
        /// Every line the page wrote to its console, errors and uncaught exceptions included.
        var console: [String]
    }

    let path: String

    /// Chromium on the PATH; nil when it is not installed.
    static func find() -> HeadlessChromium? {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in ["chromium", "chromium-browser"] {
            for directory in directories where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
                return HeadlessChromium(path: "\(directory)/\(name)")
            }
        }
        return nil
    }

    /// Loads `url` and lets the page run for `budget` of its own (virtual)
    /// time, which pauses while requests are in flight; gives up after 90
    /// seconds of real time.
    func load(_ url: String, budget: Duration) async throws -> Load {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let dom = directory.appendingPathComponent("dom.html")
        let log = directory.appendingPathComponent("stderr.log")
        try Data().write(to: dom)
        try Data().write(to: log)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = [
            "90", path, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
            "--user-data-dir=\(directory.appendingPathComponent("profile").path)",
            "--enable-logging=stderr", "--v=0", "--virtual-time-budget=\(budget.components.seconds * 1000)",
            "--dump-dom", url,
        ]
        process.standardOutput = try FileHandle(forWritingTo: dom)
        process.standardError = try FileHandle(forWritingTo: log)
        let status: Int32 = await withCheckedContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(returning: -1) }
        }
        let stderr = try String(contentsOf: log, encoding: .utf8)
        guard status == 0 else { throw ChromiumFailed(status: status, stderr: stderr) }
        // Chromium logs each console message, whatever its level, as "INFO:CONSOLE".
        return Load(dom: try String(contentsOf: dom, encoding: .utf8),
                    console: stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init))
    }
}

/// Chromium exited with an error (124: it ran out of time).
struct ChromiumFailed: Error, CustomStringConvertible {
    var status: Int32
    var stderr: String
    var description: String { "chromium exited with status \(status):\n\(stderr.suffix(2000))" }
}
