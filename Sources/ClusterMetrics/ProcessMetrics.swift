import Foundation
import Prometheus
import Synchronization

/// The process's resident memory and CPU time, under the names Prometheus
/// client libraries use (`process_resident_memory_bytes`,
/// `process_cpu_seconds_total`), read from /proc at each scrape.
public final class ProcessMetrics: Sendable {
    private let memory: Gauge
    private let cpu: Counter
    private let start: Gauge
    private let counted = Mutex(0.0)

    public init(registry: PrometheusCollectorRegistry) {
        memory = registry.makeGauge(descriptor: .named(
            "process_resident_memory_bytes",
            help: "Resident memory size in bytes."))
        cpu = registry.makeCounter(descriptor: .named(
            "process_cpu_seconds_total",
            help: "Total user and system CPU time spent in seconds."))
        start = registry.makeGauge(descriptor: .named(
            "process_start_time_seconds",
            help: "Start time of the process since the Unix epoch in seconds."))
        start.set(Date().timeIntervalSince1970 - ProcessInfo.processInfo.systemUptime + Self.startedAfterBoot())
    }

    /// Reads the current figures into the metrics.
    public func update() {
        if let bytes = Self.residentBytes() { memory.set(Double(bytes)) }
        guard let seconds = Self.cpuSeconds() else { return }
        counted.withLock { last in
            if seconds > last { cpu.increment(by: seconds - last) }
            last = max(last, seconds)
        }
    }

    /// Resident memory of a process (this one by default), in bytes; nil when it is gone.
    public static func residentBytes(process: String = "self") -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(process)/statm", encoding: .utf8) else { return nil }
        let pages = text.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        return pages.dropFirst().first.map { $0 * Int(sysconf(Int32(_SC_PAGESIZE))) }
    }

    /// Fields of /proc/PROCESS/stat after the command name.
    private static func stat(process: String = "self") -> [Substring]? {
        guard let text = try? String(contentsOfFile: "/proc/\(process)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(after: close)...].split(separator: " ")
    }

    private static var ticks: Double { Double(sysconf(Int32(_SC_CLK_TCK))) }

    /// User and system CPU time of a process (this one by default), in seconds; nil when it is gone.
    public static func cpuSeconds(process: String = "self") -> Double? {
        // utime and stime are fields 14 and 15 of stat: 12 and 13 after the name.
        guard let fields = stat(process: process), fields.count > 13, let user = Double(fields[11]),
              let system = Double(fields[12]) else { return nil }
        return (user + system) / ticks
    }

    /// CPU seconds every core of the machine has spent busy since boot (all
    /// of /proc/stat's first line but idle and iowait); nil where unreadable.
    public static func machineBusySeconds() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = text.split(separator: "\n").first, line.hasPrefix("cpu ") else { return nil }
        let ticks = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard ticks.count >= 5 else { return nil }
        return (ticks.reduce(0, +) - ticks[3] - ticks[4]) / Self.ticks
    }

    private static func startedAfterBoot() -> Double {
        guard let fields = stat(), fields.count > 19, let ticksAfterBoot = Double(fields[19]) else { return 0 }
        return ticksAfterBoot / ticks
    }
}
