import Foundation
import PKTChain
import Testing

/// Requests too large or too deeply nested are refused before they cost
/// the devnet time or memory.
struct DevnetRequestLimitTests {
    /// Refused with 413 from the declared length, before the body is read
    /// (read whole, a 50 MB array once took 32 s and 1.4 GB to refuse).
    @Test func anOversizedBodyIsRefusedUnread() async throws {
        let devnet = try await LocalDevnet.start()
        defer { devnet.remove() }
        let huge = JSONValue.string(String(repeating: "0", count: 50 << 20))
        await #expect(throws: ChainError.http(status: 413, endpoint: devnet.client.endpoint.description)) {
            try await devnet.client.call("getblockcount", [huge])
        }
        #expect(try await devnet.client.blockCount() == 0)
        await devnet.stop()
    }

    @Test func deepNestingIsRefusedWithAnRPCError() async throws {
        let devnet = try await LocalDevnet.start()
        defer { devnet.remove() }
        var nested = JSONValue.array([])
        for _ in 0..<100 { nested = .array([nested]) }
        do {
            _ = try await devnet.client.call("getblockcount", [nested])
            Issue.record("a 100-deep request was answered")
        } catch let ChainError.rpc(_, code, message) {
            #expect(code == RPCErrorObject.parseError && message.contains("nested deeper than 32"))
        }
        var shallow = JSONValue.string("[[[[")
        for _ in 0..<20 { shallow = .array([shallow]) }
        await #expect(throws: ChainError.rpc(method: "getblockcount", code: -32602,
                                             message: "Invalid parameters: wrong number of params (expected 0, received 1)")) {
            try await devnet.client.call("getblockcount", [shallow])
        }
        await devnet.stop()
    }
}
