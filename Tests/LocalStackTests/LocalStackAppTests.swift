import AWSCore
import Foundation
@testable import LocalStack
import Synchronization
import Testing

@Suite struct LocalStackAppTests {
    static func app(_ adjust: (inout LocalStackConfiguration) -> Void = { _ in }) throws -> LocalStackApp {
        var configuration = LocalStackConfiguration()
        configuration.verifySignatures = false
        adjust(&configuration)
        return try LocalStackApp(configuration: configuration)
    }

    static func response(_ outcome: LocalStackApp.Outcome) -> TransportResponse? {
        if case .respond(let response) = outcome { return response }
        return nil
    }

    static func describeInstance(_ app: LocalStackApp) -> LocalRequest {
        LocalRequest(method: "GET", path: "/instance/\(app.instances[0].id)")
    }

    @Test func unsignedRequestsAreRefusedWhenSignaturesAreChecked() async throws {
        let app = try Self.app { $0.verifySignatures = true }
        let answer = Self.response(await app.respond(to: Self.describeInstance(app)))
        #expect(answer?.status == 403)
        #expect(app.callLog.all.map(\.errorCode) == ["MissingAuthenticationTokenException"])
    }

    @Test func signedRequestsPass() async throws {
        let app = try Self.app { $0.verifySignatures = true }
        let key = app.configuration.credentials[0]
        let signer = SigV4Signer(credentials: AWSCredentials(accessKeyID: key.accessKeyID, secretAccessKey: key.secretAccessKey),
                                 region: "us-east-1", service: "connect")
        let signed = signer.signed(TransportRequest(method: .GET, url: "http://127.0.0.1:4566/instance/\(app.instances[0].id)"), date: Date())
        var headers = signed.headers
        headers.add(name: "Host", value: "127.0.0.1:4566")
        let answer = Self.response(await app.respond(to: LocalRequest(method: "GET", path: "/instance/\(app.instances[0].id)", headers: headers)))
        #expect(answer?.status == 200)
    }

    @Test func connectCallsShareTheAccountThrottle() async throws {
        let app = try Self.app()
        var statuses: [Int] = []
        for _ in 0..<20 { statuses.append(Self.response(await app.respond(to: Self.describeInstance(app)))?.status ?? 0) }
        // 20 calls within milliseconds: the burst of 5 (a refill of a further token needs 500 ms).
        #expect(statuses.filter { $0 == 200 }.count == 5)
        #expect(statuses.filter { $0 == 429 }.count == 15)
        #expect(app.callLog.all.filter { $0.status == 429 }.allSatisfy { $0.errorCode == "ThrottlingException" && $0.operation == "DescribeInstance" })
        // S3 is not throttled by Connect's bucket.
        let put = await app.respond(to: LocalRequest(method: "PUT", path: "/agents/notes.txt", body: Array("x".utf8)))
        #expect(Self.response(put)?.status == 200)
    }

    @Test func theCallLogTimesTheArrivalNotTheAnswer() async throws {
        // The clock moves 5 s each time it is read: a time taken after the handler (which
        // reads it too) would be later than the first reading.
        let ticks = Mutex(0)
        let clock: @Sendable () -> Date = {
            Date(timeIntervalSince1970: 1_000_000 + 5 * Double(ticks.withLock { $0 += 1; return $0 }))
        }
        var configuration = LocalStackConfiguration()
        configuration.verifySignatures = false
        let app = try LocalStackApp(configuration: configuration, now: clock)
        let first = ticks.withLock { $0 } + 1
        // S3 stamps the object's LastModified with the clock.
        _ = await app.respond(to: LocalRequest(method: "PUT", path: "/agents/notes.txt", body: Array("x".utf8)))
        #expect(ticks.withLock { $0 } > first, "the handler reads the clock too")
        #expect(app.callLog.all.map(\.timeMs) == [Int64(1_000_000 + 5 * first) * 1000])
    }

    @Test func injectedFaultsAreAnsweredAndLogged() async throws {
        let app = try Self.app { $0.throttle = .init(ratePerSecond: 1000, burst: 1000) }
        app.faults.reconfigure(.init(internalErrorRate: 1))
        let failed = Self.response(await app.respond(to: Self.describeInstance(app)))
        #expect(failed?.status == 500)
        #expect(failed?.headers.first(name: "x-amzn-ErrorType")?.hasPrefix("InternalServiceException") == true)
        app.faults.reconfigure(.init(unavailableRate: 1))
        #expect(Self.response(await app.respond(to: Self.describeInstance(app)))?.status == 503)
        app.faults.reconfigure(.init(resetRate: 1, seed: 7))
        var resets = 0
        for _ in 0..<20 { if case .reset = await app.respond(to: Self.describeInstance(app)) { resets += 1 } }
        #expect(resets == 20)
        let logged = Set(app.callLog.all.compactMap(\.fault))
        #expect(logged == ["InternalServiceException", "ServiceUnavailableException", "reset", "resetAfterProcessing"])
    }

    @Test func aLostAnswerStillLeavesTheWorkDone() async throws {
        let app = try Self.app { $0.throttle = .init(ratePerSecond: 1000, burst: 1000) }
        let instance = app.instances[0].id
        let agent = ConnectSeed.securityProfileID(instanceID: instance, name: "Agent")
        let routing = ConnectSeed.routingProfileID(instanceID: instance, name: "Basic Routing Profile")
        app.faults.reconfigure(.init(resetRate: 1, seed: 3))
        var created = 0
        for index in 0..<20 {
            let body = #"{"Username":"lost\#(index)","Password":"F@keP@ssw0rd","IdentityInfo":{"FirstName":"A","LastName":"B"},"PhoneConfig":{"PhoneType":"SOFT_PHONE"},"SecurityProfileIds":["\#(agent)"],"RoutingProfileId":"\#(routing)"}"#
            guard case .reset = await app.respond(to: LocalRequest(method: "PUT", path: "/users/\(instance)", body: Array(body.utf8))) else {
                Issue.record("expected a reset"); continue
            }
            if app.connect.users(instanceID: instance).contains(where: { $0.username == "lost\(index)" }) { created += 1 }
        }
        let afterProcessing = app.callLog.all.filter { $0.fault == "resetAfterProcessing" }.count
        #expect(afterProcessing > 0 && afterProcessing < 20)
        #expect(created == afterProcessing)
    }

    @Test func matchingWritesQueueInvocations() async throws {
        let app = try Self.app()
        for key in ["create/x.csv", "create/x.csv.bak", "failed/failedActions-1.csv.bak", "update/a%20b.csv"] {
            _ = await app.respond(to: LocalRequest(method: "PUT", path: "/agents/\(key)", body: Array("user login\n".utf8)))
        }
        let keys = app.lambda.invocations.map { String(decoding: Array($0.payload.utf8), as: UTF8.self) }
        #expect(keys.count == 2)
        #expect(keys[0].contains(#""key":"create/x.csv""#))
        #expect(keys[1].contains(#""key":"update/a+b.csv""#))
    }

    @Test func adminPaths() async throws {
        let app = try Self.app()
        _ = await app.respond(to: Self.describeInstance(app))
        let calls = Self.response(await app.respond(to: LocalRequest(method: "GET", path: "/_local/calls")))
        #expect(calls?.status == 200)
        #expect(try JSONDecoder().decode([CallLog.Entry].self, from: Data(calls?.body ?? [])).map(\.operation) == ["DescribeInstance"])
        #expect(Self.response(await app.respond(to: LocalRequest(method: "DELETE", path: "/_local/calls")))?.status == 204)
        #expect(app.callLog.all.isEmpty)
        let users = Self.response(await app.respond(to: LocalRequest(method: "GET", path: "/_local/users/\(app.instances[0].id)")))
        #expect(users?.text.contains("jdoe") == true)
        let queued = app.lambda.invoke(payload: Array("{}".utf8))
        let redelivered = Self.response(await app.respond(to: LocalRequest(method: "POST", path: "/_local/invocations/\(queued)/redeliver")))
        #expect(redelivered?.status == 200)
        #expect(app.lambda.invocations.count == 2)
        #expect(Self.response(await app.respond(to: LocalRequest(method: "GET", path: "/_local/nothing")))?.status == 404)
        let throttle = Self.response(await app.respond(to: LocalRequest(method: "PUT", path: "/_local/throttle",
            body: Array(#"{"ratePerSecond":50,"burst":10}"#.utf8))))
        #expect(throttle?.status == 200)
        #expect(app.throttle.settings == .init(ratePerSecond: 50, burst: 10))
    }

    @Test func partialConfigurationFilesKeepDefaults() throws {
        let configuration = try LocalStackConfiguration.load(json: Data(#"{"throttle":{"burst":9},"lambda":{"timeoutSeconds":20}}"#.utf8))
        #expect(configuration.throttle == .init(ratePerSecond: 2, burst: 9))
        #expect(configuration.lambda.timeoutSeconds == 20)
        #expect(configuration.lambda.maxRetries == 2)
        #expect(configuration.notifications == LocalStackConfiguration().notifications)
    }
}
