import AWSCore
@testable import BulkEngine
import TestSupport
import Synchronization
import Testing

@Suite struct LaneTests {
    static func lane(_ clock: any TimeSource, _ interval: Duration = .milliseconds(600), burst: Int = 1) -> Lane {
        Lane(operation: "CreateUser", settings: LaneSettings(interval: interval, burst: burst), time: clock)
    }

    @Test func consecutiveCallsAreExactlyOneIntervalApart() async throws {
        let clock = ImmediateClock()
        let lane = Self.lane(clock)
        for _ in 0..<5 { _ = try await lane.waitForTurn() }
        #expect(clock.sleeps == Array(repeating: .milliseconds(600), count: 4))
        #expect(clock.elapsed == .milliseconds(2400))
    }

    @Test func timeAlreadySpentIsNotWaitedAgain() async throws {
        let clock = ImmediateClock()
        let lane = Self.lane(clock)
        _ = try await lane.waitForTurn()
        clock.advance(by: .milliseconds(450))  // the call itself took 450 ms
        _ = try await lane.waitForTurn()
        #expect(clock.sleeps == [.milliseconds(150)])
        clock.advance(by: .seconds(3))  // idle: the next call goes at once
        _ = try await lane.waitForTurn()
        #expect(clock.sleeps == [.milliseconds(150)])
        _ = try await lane.waitForTurn()
        #expect(clock.sleeps == [.milliseconds(150), .milliseconds(600)])
    }

    @Test func aBurstGoesAtOnceAfterAnIdleSpellThenThePace() async throws {
        let clock = ImmediateClock()
        let lane = Self.lane(clock, .milliseconds(500), burst: 5)
        for _ in 0..<7 { _ = try await lane.waitForTurn() }
        #expect(clock.sleeps == [.milliseconds(500), .milliseconds(500)])
    }

    @Test func concurrentCallersGetDistinctSlots() async throws {
        let clock = ImmediateClock()
        let lane = Self.lane(clock, .milliseconds(100))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<10 { group.addTask { _ = try await lane.waitForTurn() } }
            try await group.waitForAll()
        }
        // Ten callers at one instant: slots 0, 100, ..., 900 ms, each taken once.
        #expect(clock.elapsed >= .milliseconds(900))
        #expect(lane.report.calls == 0)
    }

    @Test func a429LowersTheRateOncePerRoundAndQuietClimbsBackNeverAbove() async throws {
        let clock = ImmediateClock()
        let lane = Self.lane(clock, .milliseconds(500))  // 2/s
        let first = try await lane.waitForTurn()
        let second = try await lane.waitForTurn()
        lane.answered(ticket: first, status: 429, sent: 1)
        #expect(abs(lane.rate - 1.4) < 1e-9)
        // The second call took its ticket before the decrease: its 429 does not compound.
        lane.answered(ticket: second, status: 429, sent: 1)
        #expect(abs(lane.rate - 1.4) < 1e-9)
        let third = try await lane.waitForTurn()
        lane.answered(ticket: third, status: 429, sent: 1)
        #expect(abs(lane.rate - 0.98) < 1e-9)
        // The next call goes one interval of the new rate after the last one.
        let before = clock.elapsed
        let fourth = try await lane.waitForTurn()
        #expect(clock.elapsed - before >= .milliseconds(1020))
        lane.answered(ticket: fourth, status: 200, sent: 1)
        #expect(abs(lane.rate - 0.98) < 1e-9)  // not quiet long enough yet
        for _ in 0..<2000 {
            let ticket = try await lane.waitForTurn()
            lane.answered(ticket: ticket, status: 200, sent: 1)
        }
        #expect(lane.rate == 2)
        let report = lane.report
        #expect(report.calls == 2004 && report.throttled == 3 && report.finalRate == 2)
    }

    @Test func anUnpacedLaneNeverWaits() async throws {
        let clock = ImmediateClock()
        let lane = Self.lane(clock, .zero)
        for _ in 0..<5 {
            let ticket = try await lane.waitForTurn()
            lane.answered(ticket: ticket, status: 429, sent: 1)
        }
        #expect(clock.sleeps.isEmpty)
        #expect(lane.report == Lane.Report(operation: "CreateUser", calls: 5, throttled: 5, finalRate: nil))
    }

    @Test func eachOperationHasItsOwnLaneAndOverridesApply() async throws {
        let clock = ImmediateClock()
        let lanes = Lanes(defaults: LaneSettings(interval: .milliseconds(600)),
                          overrides: ["DescribeUser": LaneSettings(ratePerSecond: 10)], time: clock)
        for _ in 0..<3 {
            _ = try await lanes.lane("CreateUser").waitForTurn()
            _ = try await lanes.lane("UpdateUserHierarchy").waitForTurn()
        }
        // Two lanes side by side: each waits only for its own previous call.
        #expect(clock.elapsed == .milliseconds(1200))
        #expect(lanes.lane("DescribeUser").rate == 10)
        #expect(lanes.lane("CreateUser") === lanes.lane("CreateUser"))
    }

    @Test func pacedTransportCountsRequestsAndThrottlesPerLane() async throws {
        let clock = ImmediateClock()
        let metrics = RunMetrics()
        let lanes = Lanes(defaults: LaneSettings(interval: .milliseconds(600)), time: clock)
        let transport = PacedTransport(ScriptedTransport([
            .respond(TransportResponse(status: 200)), .respond(.connectError(429, "ThrottlingException", "Rate exceeded")),
            .fail(TransportError(kind: .connectionReset, curlCode: 56, message: "reset", target: "x")),
        ]), lanes: lanes, metrics: metrics)
        var request = TransportRequest(method: .GET, url: "http://127.0.0.1/x")
        request.operation = "DescribeUser"
        _ = try await transport.execute(request)
        _ = try await transport.execute(request)
        await #expect(throws: TransportError.self) { try await transport.execute(request) }
        #expect(metrics.snapshot.apiCalls == 3)
        #expect(metrics.snapshot.throttled == 1)
        #expect(metrics.laneSnapshot["DescribeUser"]?.calls == 3)
        #expect(metrics.laneSnapshot["DescribeUser"]?.throttled == 1)
        #expect(lanes.reports.map(\.operation) == ["DescribeUser"])
        // 600 ms, then the 429 lowered the rate to 0.7 × (1/0.6 s): 857 ms.
        #expect(clock.sleeps.count == 2 && clock.sleeps[0] == .milliseconds(600))
        #expect(abs(Double(clock.sleeps[1].wholeMilliseconds) - 857) <= 1)
    }

    /// A transport that counts what it puts on the wire: two for a request libcurl re-sent.
    final class ResendingTransport: CountsRequestsSent, @unchecked Sendable {
        private let sent = Mutex(0)
        var requestsSent: Int { sent.withLock { $0 } }
        func execute(_ request: TransportRequest) async throws -> TransportResponse {
            sent.withLock { $0 += request.url.hasSuffix("resent") ? 2 : 1 }
            try await Task.sleep(for: .milliseconds(5))  // on the wire a while: the others overlap
            return TransportResponse(status: 200)
        }
    }

    /// Twelve requests at once, half CreateUser, half UpdateUserHierarchy; every third one
    /// (0, 3, 6, 9) re-sent by the wire.
    static func sendTwelveAtOnce(_ transport: PacedTransport) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<12 {
                group.addTask {
                    var request = TransportRequest(method: .POST, url: "http://127.0.0.1/\(index)" + (index % 3 == 0 ? "resent" : ""))
                    request.operation = index % 2 == 0 ? "CreateUser" : "UpdateUserHierarchy"
                    _ = try await transport.execute(request)
                }
            }
            try await group.waitForAll()
        }
    }

    @Test func requestsInSeveralLanesAtOnceAreEachCountedExactly() async throws {
        let metrics = RunMetrics()
        let lanes = Lanes(defaults: LaneSettings(interval: .zero), time: ImmediateClock())
        let pool = TransportPool { ResendingTransport() }
        let transport = PacedTransport(pool, lanes: lanes, metrics: metrics)
        try await Self.sendTwelveAtOnce(transport)
        #expect(metrics.snapshot.apiCalls == 16)  // 12 requests, 4 of them re-sent
        #expect(metrics.laneSnapshot["CreateUser"]?.calls == 8)  // 0, 6 re-sent: 6 + 2
        #expect(metrics.laneSnapshot["UpdateUserHierarchy"]?.calls == 8)  // 3, 9 re-sent: 6 + 2
        #expect(pool.size > 1 && pool.size <= 12)
    }

    /// A pool of one transport (the tests' in-process stack) lends it to one request at a
    /// time, so that requests of several lanes waiting for it are not counted in each other's
    /// calls: a plan's look-ups are its counted calls less its rows' reads.
    @Test func requestsWaitingForThePoolsOneTransportAreEachCountedOnce() async throws {
        let metrics = RunMetrics()
        let lanes = Lanes(defaults: LaneSettings(interval: .zero), time: ImmediateClock())
        let wire = ResendingTransport()
        let transport = PacedTransport(wire, lanes: lanes, metrics: metrics)
        try await Self.sendTwelveAtOnce(transport)
        #expect(wire.requestsSent == 16)
        #expect(metrics.snapshot.apiCalls == 16)
        #expect(metrics.laneSnapshot["CreateUser"]?.calls == 8)
        #expect(metrics.laneSnapshot["UpdateUserHierarchy"]?.calls == 8)
    }

    // MARK: The account-wide gate

    /// One call on `lane`, answered `status`.
    @discardableResult
    static func call(_ lane: Lane, _ status: Int) async throws -> Int {
        let ticket = try await lane.waitForTurn()
        lane.answered(ticket: ticket, status: status, sent: 1)
        return ticket
    }

    /// Two lanes at 2/s each whose calls succeeded at 2/s together (one pair a second), as
    /// against one 2/s bucket shared by both.
    static func twoLanesAtTheServersRate(_ clock: ImmediateClock) async throws -> (Lanes, Lane, Lane) {
        let lanes = Lanes(defaults: LaneSettings(interval: .milliseconds(500)), time: clock)
        let config = lanes.lane("UpdateUserConfig"), hierarchy = lanes.lane("UpdateUserHierarchy")
        for _ in 0..<10 {
            try await call(config, 200)
            try await call(hierarchy, 200)
            clock.advance(by: .seconds(1))
        }
        return (lanes, config, hierarchy)
    }

    @Test func throttlingOnTwoOperationsEngagesTheGateAtTheRateCallsSucceededAtAndTheTotalDrops() async throws {
        let clock = ImmediateClock()
        let (lanes, config, hierarchy) = try await Self.twoLanesAtTheServersRate(clock)
        try await Self.call(config, 429)
        #expect(!lanes.gate.isActive)  // one operation only so far
        #expect(abs(config.rate - 1.4) < 1e-9)
        try await Self.call(hierarchy, 429)
        #expect(lanes.gate.isActive && lanes.gate.engagements == 1)
        // 20 successes over 9 s: 19 / 9 calls a second for both lanes together, under their 4.
        let start = try #require(lanes.gate.rate)
        #expect(abs(start - 19.0 / 9) < 1e-6)
        // Both lanes' calls now take turns in one schedule: four calls, three gaps of the gate's.
        let before = clock.elapsed
        for lane in [config, hierarchy, config, hierarchy] { try await Self.call(lane, 200) }
        #expect(clock.elapsed - before >= Lane.interval(start) * 3 - .milliseconds(1))
        // The lanes hold their configured rate: the gate answers the shared quota.
        #expect(config.rate == 2 && hierarchy.rate == 2)
        // A further 429 lowers the gate (once per round), not the lane.
        let first = try await config.waitForTurn()
        let second = try await hierarchy.waitForTurn()
        let rate = try #require(lanes.gate.rate)
        config.answered(ticket: first, status: 429, sent: 1)
        hierarchy.answered(ticket: second, status: 429, sent: 1)
        let lowered = try #require(lanes.gate.rate)
        #expect(abs(lowered - rate * AccountGate.decrease) < 1e-9)
        #expect(config.rate == 2 && hierarchy.rate == 2)
        #expect(config.report.throttled == 2 && hierarchy.report.throttled == 2)
    }

    @Test func theGateClimbsAdditivelyNeverAboveTheLanesSumThenTurnsOff() async throws {
        let clock = ImmediateClock()
        let (lanes, config, hierarchy) = try await Self.twoLanesAtTheServersRate(clock)
        try await Self.call(config, 429)
        try await Self.call(hierarchy, 429)
        var last = try #require(lanes.gate.rate)
        var steps = 0
        while let rate = lanes.gate.rate, steps < 5000 {
            #expect(rate >= last && rate < 4)
            // Additive: at most one step of 0.3 % of a lane's rate per default interval.
            #expect(rate - last <= AccountGate.climb * 2 * 2 * Lane.seconds(clock.elapsed) + 1e-9)
            last = rate
            try await Self.call(steps % 2 == 0 ? config : hierarchy, 200)
            steps += 1
        }
        #expect(!lanes.gate.isActive)
        #expect(steps > 300)  // slowly: 2.1 to 4 calls a second is hundreds of calls
    }

    @Test func throttlingOnOneOperationOnlyNeverEngageTheGate() async throws {
        let clock = ImmediateClock()
        let (lanes, config, hierarchy) = try await Self.twoLanesAtTheServersRate(clock)
        for _ in 0..<20 {
            try await Self.call(config, 429)
            try await Self.call(hierarchy, 200)
        }
        #expect(!lanes.gate.isActive && lanes.gate.engagements == 0)
        #expect(config.rate < 2 && hierarchy.rate == 2)
        // The other lane's calls still go at its own pace.
        let before = clock.elapsed
        for _ in 0..<4 { try await Self.call(hierarchy, 200) }
        #expect(clock.elapsed - before <= .milliseconds(2000))  // four of its own intervals at most
    }

    @Test func throttlingOnTwoOperationsFarApartDoNotEngageTheGate() async throws {
        let clock = ImmediateClock()
        let (lanes, config, hierarchy) = try await Self.twoLanesAtTheServersRate(clock)
        try await Self.call(config, 429)
        clock.advance(by: .seconds(11))  // beyond 20 default intervals of 500 ms
        try await Self.call(hierarchy, 429)
        #expect(!lanes.gate.isActive)
        try await Self.call(config, 429)  // within the span of the other's: now it engages
        #expect(lanes.gate.isActive)
    }

    @Test func aCallWaitingAtTheGateWhenItLoweredCountsInTheNextRound() async throws {
        let clock = ManualClock()
        let gate = AccountGate(defaultRate: 2, time: clock)
        gate.add(rate: 2)
        gate.add(rate: 2)
        for _ in 0..<10 {  // one success a second
            gate.answered(operation: "UpdateUserConfig", ticket: nil, status: 200)
            clock.advance(by: .seconds(1))
        }
        gate.answered(operation: "UpdateUserConfig", ticket: nil, status: 429)
        gate.answered(operation: "UpdateUserHierarchy", ticket: nil, status: 429)
        #expect(gate.rate.map { abs($0 - 1) < 1e-9 } == true)
        let first = try #require(try await gate.waitForTurn())
        // The window's next row has taken its ticket and waits for its slot.
        let waiting = Task { try await gate.waitForTurn() }
        var spins = 0
        while clock.sleeping == 0, spins < 10_000 { await Task.yield(); spins += 1 }
        #expect(clock.sleeping == 1)
        gate.answered(operation: "UpdateUserConfig", ticket: first, status: 429)
        #expect(gate.rate.map { abs($0 - 0.9) < 1e-9 } == true)
        clock.advance(by: .seconds(2))
        let second = try #require(try await waiting.value)
        // It went after the decrease: its 429 says the lowered rate is still too high.
        gate.answered(operation: "UpdateUserHierarchy", ticket: second, status: 429)
        #expect(gate.rate.map { abs($0 - 0.81) < 1e-9 } == true)
    }
}
