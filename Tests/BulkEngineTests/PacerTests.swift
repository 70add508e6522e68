import AWSCore
@testable import BulkEngine
import TestSupport
import Testing

@Suite struct PacerTests {
    @Test func consecutiveCallsAreExactlyOneIntervalApart() async throws {
        let clock = ImmediateClock()
        let pacer = Pacer(interval: .milliseconds(600), time: clock)
        for _ in 0..<5 { try await pacer.waitForSlot() }
        #expect(clock.sleeps == Array(repeating: .milliseconds(600), count: 4))
        #expect(clock.elapsed == .milliseconds(2400))
    }

    @Test func timeAlreadySpentIsNotWaitedAgain() async throws {
        let clock = ImmediateClock()
        let pacer = Pacer(interval: .milliseconds(600), time: clock)
        try await pacer.waitForSlot()
        clock.advance(by: .milliseconds(450))  // the call itself took 450 ms
        try await pacer.waitForSlot()
        #expect(clock.sleeps == [.milliseconds(150)])
        clock.advance(by: .seconds(3))  // idle: the next call goes at once
        try await pacer.waitForSlot()
        #expect(clock.sleeps == [.milliseconds(150)])
        try await pacer.waitForSlot()
        #expect(clock.sleeps == [.milliseconds(150), .milliseconds(600)])
    }

    @Test func concurrentCallersGetDistinctSlots() async throws {
        let clock = ImmediateClock()
        let pacer = Pacer(interval: .milliseconds(100), time: clock)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<10 { group.addTask { try await pacer.waitForSlot() } }
            try await group.waitForAll()
        }
        // Ten callers at one instant: slots 0, 100, ..., 900 ms, each taken once.
        #expect(clock.sleeps.filter { $0 > .zero }.count == 9)
        #expect(clock.elapsed == .milliseconds(900))
    }

    @Test func pacedTransportCountsRequestsAndThrottles() async throws {
        let clock = ImmediateClock()
        let metrics = RunMetrics()
        let transport = PacedTransport(ScriptedTransport([
            .respond(HTTPResponse(status: 200)), .respond(.connectError(429, "ThrottlingException", "Rate exceeded")),
            .fail(TransportError(kind: .connectionReset, curlCode: 56, message: "reset", target: "x")),
        ]), pacer: Pacer(interval: .milliseconds(600), time: clock), metrics: metrics)
        let request = HTTPRequest(method: .GET, url: "http://127.0.0.1/x")
        _ = try await transport.execute(request)
        _ = try await transport.execute(request)
        await #expect(throws: TransportError.self) { try await transport.execute(request) }
        #expect(metrics.snapshot.apiCalls == 3)
        #expect(metrics.snapshot.throttled == 1)
        #expect(clock.sleeps == [.milliseconds(600), .milliseconds(600)])
    }
}
