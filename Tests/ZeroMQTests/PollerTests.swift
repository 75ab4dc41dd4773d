import Testing
import ZeroMQ
#if canImport(Glibc)
import Glibc
#endif

@Suite struct PollerTests {
    @Test func reportsReadinessOfSocketsAndDescriptors() throws {
        let context = try ZMQContext()
        let left = try makeSocket(context, .pair)
        let right = try makeSocket(context, .pair)
        try left.bind("inproc://poller-test")
        try right.connect("inproc://poller-test")

        var descriptors: [Int32] = [-1, -1]
        try #require(pipe(&descriptors) == 0)
        defer { descriptors.forEach { close($0) } }

        var poller = ZMQPoller()
        let leftItem = poller.add(left)
        let rightItem = poller.add(right, events: [.readable, .writable])
        let pipeItem = poller.add(fileDescriptor: descriptors[0])

        var ready = try poller.poll(timeout: .zero)
        #expect(ready == [[], .writable, []])
        #expect(try left.events == .writable)

        try right.send([bytes("ping")])
        ready = try poller.poll(timeout: .seconds(2))
        #expect(ready[leftItem] == .readable)
        #expect(try left.events.contains(.readable))
        #expect(strings(try left.receive()) == ["ping"])

        var byte: UInt8 = 1
        #expect(write(descriptors[1], &byte, 1) == 1)
        poller.setEvents([], at: rightItem)
        ready = try poller.poll(timeout: .seconds(2))
        #expect(ready == [[], [], .readable])
        #expect(ready[pipeItem] == .readable)

        let start = ContinuousClock.now
        var quiet = ZMQPoller()
        quiet.add(left)
        #expect(try quiet.poll(timeout: .milliseconds(30)) == [[]])
        #expect(ContinuousClock.now - start >= .milliseconds(25))
    }
}
