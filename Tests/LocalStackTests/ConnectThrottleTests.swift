import Foundation
@testable import LocalStack
import Synchronization
import Testing

/// The local stack's Connect throttle: a bucket per operation by default (AWS's quotas are per
/// API), one shared bucket on request, a lower rate for one operation.
@Suite struct ConnectThrottleTests {
    final class Clock: Sendable {
        let time = Mutex(Duration.zero)
        var now: @Sendable () -> Duration { { self.time.withLock { $0 } } }
        func advance(_ by: Duration) { time.withLock { $0 += by } }
    }

    static func admitted(_ throttle: ConnectThrottle, _ operation: String, _ count: Int) -> Int {
        (0..<count).filter { _ in throttle.tryAcquire(operation) }.count
    }

    @Test func eachOperationHasItsOwnBucketByDefault() {
        let clock = Clock()
        let throttle = ConnectThrottle(now: clock.now)
        #expect(Self.admitted(throttle, "CreateUser", 20) == 5)
        #expect(Self.admitted(throttle, "UpdateUserHierarchy", 20) == 5)
        clock.advance(.seconds(1))
        #expect(Self.admitted(throttle, "CreateUser", 20) == 2)
        #expect(Self.admitted(throttle, "UpdateUserHierarchy", 20) == 2)
    }

    @Test func oneSharedBucketServesEveryOperation() {
        let clock = Clock()
        let throttle = ConnectThrottle(scope: .shared, now: clock.now)
        #expect(Self.admitted(throttle, "CreateUser", 3) == 3)
        #expect(Self.admitted(throttle, "UpdateUserHierarchy", 20) == 2)
        clock.advance(.seconds(1))
        #expect(Self.admitted(throttle, "DescribeUser", 20) == 2)
    }

    @Test func oneOperationCanBeLowered() {
        let clock = Clock()
        let throttle = ConnectThrottle(operations: ["UpdateUserConfig": .init(ratePerSecond: 1, burst: 5)], now: clock.now)
        _ = Self.admitted(throttle, "UpdateUserConfig", 20)
        _ = Self.admitted(throttle, "CreateUser", 20)
        clock.advance(.seconds(4))
        #expect(Self.admitted(throttle, "UpdateUserConfig", 20) == 4)
        #expect(Self.admitted(throttle, "CreateUser", 20) == 5)
    }

    @Test func configurationAndTheAdminPathSetScopeAndOperations() async throws {
        let configuration = try LocalStackConfiguration.load(json: Data(
            #"{"throttleScope":"shared","operationThrottles":{"CreateUser":{"ratePerSecond":1,"burst":2}}}"#.utf8))
        #expect(configuration.throttleScope == .shared)
        #expect(configuration.operationThrottles == ["CreateUser": .init(ratePerSecond: 1, burst: 2)])
        #expect(try LocalStackConfiguration.load(json: Data("{}".utf8)).throttleScope == .operation)

        var plain = LocalStackConfiguration()
        plain.verifySignatures = false
        let app = try LocalStackApp(configuration: plain)
        let answer = await app.respond(to: LocalRequest(method: "PUT", path: "/_local/throttle",
                                                        body: Array(#"{"scope":"shared","operations":{"DescribeUser":{"ratePerSecond":1,"burst":1}}}"#.utf8)))
        guard case .respond(let response) = answer else { Issue.record("no answer"); return }
        #expect(response.status == 200)
        #expect(app.throttle.scope == .shared)
        #expect(app.throttle.settings == .init())  // rate and burst unchanged
        #expect(app.throttle.operations == ["DescribeUser": .init(ratePerSecond: 1, burst: 1)])
        let bad = await app.respond(to: LocalRequest(method: "PUT", path: "/_local/throttle", body: Array(#"{"scope":"everything"}"#.utf8)))
        guard case .respond(let refused) = bad else { Issue.record("no answer"); return }
        #expect(refused.status == 400)
    }
}
