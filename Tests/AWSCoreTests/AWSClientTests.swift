@testable import AWSCore
import FoundationEssentials
import Synchronization
import TestSupport
import Testing

@Suite struct AWSClientTests {
    static let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let region = AWSRegion("us-east-1")!

    static func client(
        _ transport: ScriptedTransport, clock: ImmediateClock, retries: Int = 3,
        trace: String? = nil, events: Recorder<AWSClient.RetryEvent>? = nil
    ) throws -> AWSClient {
        var onRetry: (@Sendable (AWSClient.RetryEvent) -> Void)?
        if let events { onRetry = { events.append($0) } }
        return AWSClient(
            service: .connect, region: region,
            endpoint: try AWSEndpoint.resolve(service: .connect, region: region, environment: EnvironmentVariables([:])),
            credentials: credentials, transport: transport,
            retryPolicy: RetryPolicy(maxRetries: retries, baseDelay: .milliseconds(100), maxDelay: .seconds(20)),
            time: clock, jitter: { $0 }, traceID: { trace },
            onRetry: onRetry)
    }

    static let request = TransportRequest(method: .GET, url: "https://connect.us-east-1.amazonaws.com/users-summary/inst-1")
    static let ok = TransportResponse(status: 200, body: Array("{}".utf8))

    @Test func transientFailuresAreRetriedWithBackoffThenSucceed() async throws {
        let transport = ScriptedTransport([
            .respond(.connectError(503, "ServiceUnavailableException", "busy")),
            .fail(TransportError(kind: .connectionReset, curlCode: 56, message: "Connection reset by peer", target: """
                https://connect.us-east-1.amazonaws.com/x
                """)),
            .respond(.connectError(429, "ThrottlingException", "Rate exceeded")),
            .respond(Self.ok),
        ])
        let clock = ImmediateClock()
        let events = Recorder<AWSClient.RetryEvent>()
        let response = try await Self.client(transport, clock: clock, events: events).send(Self.request, operation: "ListUsers")
        #expect(response.status == 200)
        #expect(transport.requests.count == 4)
        #expect(clock.sleeps == [.milliseconds(100), .milliseconds(200), .milliseconds(400)])
        let recorded = events.all
        #expect(recorded.map(\.attempt) == [1, 2, 3])
        #expect(recorded.map(\.classification) == [.transient, .transient, .throttled])
        #expect(recorded.allSatisfy { $0.operation == "ListUsers" })
    }

    @Test func eachAttemptIsSignedAfresh() async throws {
        let transport = ScriptedTransport([.respond(.connectError(500, "InternalServiceException", "x")), .respond(Self.ok)])
        // A wall clock that moves one second each time it is read: each signature has its own time.
        _ = try await Self.client(transport, clock: ImmediateClock(tickPerRead: .seconds(1))).send(Self.request, operation: "ListUsers")
        let dates = transport.requests.map { $0.headers.first(name: "X-Amz-Date") }
        #expect(dates.count == 2)
        #expect(dates[0] != nil && dates[0] != dates[1])
        let authorizations = transport.requests.map { $0.headers["Authorization"] }
        #expect(authorizations.allSatisfy { $0.count == 1 })
        #expect(authorizations[0] != authorizations[1])
    }

    @Test func finalErrorsAreNotRetried() async throws {
        for final in [TransportResponse.connectError(400, "InvalidParameterException", "bad"),
                      .connectError(409, "DuplicateResourceException", "exists"),
                      .connectError(429, "LimitExceededException", "quota")] {
            let transport = ScriptedTransport([.respond(final), .respond(Self.ok)])
            let clock = ImmediateClock()
            await #expect(throws: AWSError.self) {
                try await Self.client(transport, clock: clock).send(Self.request, operation: "CreateUser")
            }
            #expect(transport.requests.count == 1)
            #expect(clock.sleeps.isEmpty)
        }
        let tls = ScriptedTransport([.fail(TransportError(kind: .tls, curlCode: 60, message: "SSL certificate problem", target: "x"))])
        await #expect(throws: TransportError.self) { try await Self.client(tls, clock: ImmediateClock()).send(Self.request, operation: "X") }
        #expect(tls.requests.count == 1)
    }

    @Test func givesUpAfterTheConfiguredRetriesWithTheLastError() async throws {
        let transport = ScriptedTransport(Array(repeating: .respond(.connectError(503, "ServiceUnavailableException", "busy")), count: 10))
        let clock = ImmediateClock()
        await #expect {
            try await Self.client(transport, clock: clock, retries: 2).send(Self.request, operation: "CreateUser")
        } throws: { ($0 as? AWSError)?.statusCode == 503 && ($0 as? AWSError)?.operation == "CreateUser" }
        #expect(transport.requests.count == 3)
        #expect(clock.sleeps == [.milliseconds(100), .milliseconds(200)])
    }

    @Test func retryAfterFromTheServerIsWaited() async throws {
        let transport = ScriptedTransport([
            .respond(.connectError(429, "ThrottlingException", "Rate exceeded", headers: ["Retry-After": "2"])), .respond(Self.ok),
        ])
        let clock = ImmediateClock()
        _ = try await Self.client(transport, clock: clock).send(Self.request, operation: "ListUsers")
        #expect(clock.sleeps == [.seconds(2)])
    }

    @Test func traceHeaderFollowsLambda() async throws {
        let transport = ScriptedTransport([.respond(Self.ok), .respond(Self.ok)])
        let trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
        _ = try await Self.client(transport, clock: ImmediateClock(), trace: trace).send(Self.request, operation: "ListUsers")
        _ = try await Self.client(transport, clock: ImmediateClock(), trace: nil).send(Self.request, operation: "ListUsers")
        #expect(transport.requests[0].headers["X-Amzn-Trace-Id"] == [trace])
        #expect(transport.requests[1].headers["X-Amzn-Trace-Id"].isEmpty)
        // botocore leaves the trace header unsigned; so do we (Lambda may rewrite it).
        #expect(transport.requests[0].headers.first(name: "Authorization")?.contains("x-amzn-trace-id") == false)
    }
}
