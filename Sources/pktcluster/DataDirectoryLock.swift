import ArgumentParser
import Foundation

/// An exclusive hold on a data directory (`DIR/lock`, with the holder's
/// process id in it), so two coordinators or two devnets never share one.
/// The operating system releases it when the process ends, however it ends.
final class DataDirectoryLock {
    private let descriptor: Int32

    /// Takes the lock, or throws one line naming the process that holds it.
    init(_ directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent("lock")
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw ValidationError("cannot open \(path): \(String(cString: strerror(errno)))") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            close(descriptor)
            throw ValidationError("\(directory) is in use by another pktcluster (process \(holder ?? "unknown")); stop it or give another data directory")
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    deinit { close(descriptor) }
}
