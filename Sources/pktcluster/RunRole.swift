import ArgumentParser
import Logging
import ServiceLifecycle

/// The exit status of a role that stopped because it was drained: systemd
/// units (`RestartPreventExitStatus=`) and supervisors treat it as "do not
/// restart".
let drainedExitStatus: Int32 = 75

/// Runs `services` until one ends, one fails, or SIGINT/SIGTERM asks for a
/// graceful shutdown (signals are handled here, in the command line, and
/// nowhere in the roles).
func runServices(_ services: [any Service], logger: Logger) async throws {
    let group = ServiceGroup(
        configuration: ServiceGroupConfiguration(
            services: services.map {
                // A role that ends by itself (drained) ends the process normally.
                ServiceGroupConfiguration.ServiceConfiguration(service: $0, successTerminationBehavior: .gracefullyShutdownGroup)
            },
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    try await group.run()
}

/// Exits with the drain status when the role stopped because it was drained.
func exitIfDrained(_ drained: Bool) throws {
    if drained { throw ExitCode(drainedExitStatus) }
}
