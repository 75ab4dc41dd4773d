import ClusterCoordinator
import Foundation
import Hummingbird

/// The coordinator's live web dashboard: one page, its script and style, and
/// the JSON they poll. Everything is served from here; the page loads nothing
/// from elsewhere, so it works on a farm network with no internet.
public enum Dashboard {
    /// Adds `GET /`, `/dashboard.js`, `/dashboard.css`, `/api/status`,
    /// `/api/nodes` and `/api/payouts` to `router`.
    public static func addRoutes<Context: RequestContext>(to router: Router<Context>, coordinator: Coordinator) {
        router.get("/") { _, _ in asset(DashboardPage.html, type: "text/html; charset=utf-8") }
        router.get("/dashboard.js") { _, _ in asset(DashboardScript.source, type: "text/javascript; charset=utf-8") }
        router.get("/dashboard.css") { _, _ in asset(DashboardStyle.source, type: "text/css; charset=utf-8") }
        router.get("/api/status") { _, _ in try await json { try await coordinator.status() } }
        router.get("/api/nodes") { _, _ in try await json { await coordinator.nodeSummaries() } }
        router.get("/api/payouts") { _, _ in try await json { try await coordinator.payouts() } }
    }

    /// A front-end file. The policy lets the page load only from this server
    /// (and its empty inline icon, which keeps browsers from asking for one).
    private static func asset(_ text: String, type: String) -> Response {
        Response(status: .ok,
                 headers: [.contentType: type, .contentSecurityPolicy: "default-src 'self'; img-src 'self' data:",
                           .cacheControl: "no-cache"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The coordinator's answer as JSON; its error as a 500 with the reason.
    private static func json(_ read: () async throws -> some Encodable) async throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data: Data
        do {
            data = try encoder.encode(try await read())
        } catch {
            throw HTTPError(.internalServerError, message: "\(error)")
        }
        return Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
