import Dispatch
import Foundation
import Synchronization

/// A dedicated thread that owns one socket: it prepares the socket, reports
/// the outcome to the thread that started it, then runs its loop.
final class IOThread: Sendable {
    /// Entered at start, left when the thread's work has returned.
    private let finished = DispatchGroup()

    private init() {}

    /// Starts thread `name`, which calls `prepare` and, if it succeeds, `run`
    /// with the prepared resource. Blocks until `prepare` has returned.
    ///
    /// The resource (a socket) never leaves the new thread.
    /// - Returns: the thread and the information `prepare` returned.
    /// - Throws: what `prepare` threw.
    static func start<Resource, Info: Sendable, Failure: Error>(
        named name: String,
        prepare: @escaping @Sendable () throws(Failure) -> (Resource, Info),
        run: @escaping @Sendable (Resource) -> Void
    ) throws(Failure) -> (thread: IOThread, info: Info) {
        let ioThread = IOThread()
        let startup = Startup<Info, Failure>()
        ioThread.finished.enter()
        let thread = Thread { [finished = ioThread.finished] in
            defer { finished.leave() }
            switch Result(catching: { () throws(Failure) in try prepare() }) {
            case .success(let (resource, info)):
                startup.report(.success(info))
                run(resource)
            case .failure(let error):
                startup.report(.failure(error))
            }
        }
        thread.name = name
        thread.start()
        return (ioThread, try startup.wait().get())
    }

    /// Blocks until the thread's work has returned.
    func join() { finished.wait() }
}

/// Carries the outcome of `prepare` back to the starting thread.
private final class Startup<Info: Sendable, Failure: Error>: Sendable {
    private let outcome = Mutex<Result<Info, Failure>?>(nil)
    private let reported = DispatchSemaphore(value: 0)

    func report(_ result: Result<Info, Failure>) {
        outcome.withLock { $0 = result }
        reported.signal()
    }

    func wait() -> Result<Info, Failure> {
        while true {
            reported.wait()
            if let result = outcome.withLock({ $0 }) { return result }
        }
    }
}
