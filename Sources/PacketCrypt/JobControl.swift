import Foundation

/// The job a group of mining threads follows: threads block until there is
/// one, and a new job raises the old job's stop signal so they switch at once.
final class JobControl<Job: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var job: Job?
    private var signal: KernelSignal?
    private var isShutDown = false

    func start(_ next: Job) throws {
        let fresh = try KernelSignal()
        update {
            $0.signal?.raise()
            $0.job = next
            $0.signal = fresh
        }
    }

    func pause() {
        update {
            $0.signal?.raise()
            $0.job = nil
            $0.signal = nil
        }
    }

    func shutdown() {
        update {
            $0.signal?.raise()
            $0.job = nil
            $0.isShutDown = true
        }
    }

    /// Blocks until there is a job (returned with its stop signal) or shutdown (nil).
    func waitForJob() -> (Job, KernelSignal)? {
        condition.lock()
        defer { condition.unlock() }
        while !isShutDown {
            if let job, let signal { return (job, signal) }
            condition.wait()
        }
        return nil
    }

    private func update(_ change: (JobControl) -> Void) {
        condition.lock()
        change(self)
        condition.broadcast()
        condition.unlock()
    }
}
