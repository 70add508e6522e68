import CurlTransport
import Foundation
import JSONLog
@testable import LambdaRuntime
import TestSupport
import Testing

@Suite(.timeLimit(.minutes(1)))
struct CurlRuntimeAPIClientTests {
    /// The poll must outlive the client's request timeout; the control post shows that the same
    /// delay does time out a request that keeps the timeout, so the test can fail.
    @Test func nextHasNoTotalTimeout() async throws {
        let api = try FakeRuntimeAPI([FakeRuntimeAPI.invocation(id: "slow-1")],
                                     options: .init(nextDelay: .milliseconds(1_500), postDelay: .milliseconds(1_500)))
        let client = try api.client(requestTimeout: .milliseconds(500))
        let clock = ContinuousClock()
        let start = clock.now
        let invocation = try await client.next()
        #expect(invocation.requestID == "slow-1")
        #expect(clock.now - start >= .milliseconds(1_400))

        let error = await #expect(throws: TransportError.self) {
            try await client.respond(requestID: "slow-1", body: Array("late".utf8))
        }
        #expect(error?.kind == .timedOut)
    }

    @Test func initErrorPost() async throws {
        let api = try FakeRuntimeAPI([])
        let client = try api.client()
        let log = CapturedLog()
        let problem = LambdaFunctionError.functionConfiguration("CONNECT_INSTANCE_ARN is not set; set it to the ARN of the Amazon Connect instance")
        let code = await LambdaRuntime.reportInitError(problem, client: client, logger: log.logger)
        #expect(code == LambdaExitCode.initError)
        #expect(code != 0)
        let post = try #require(api.posts.first)
        #expect(post.path == "/2018-06-01/runtime/init/error")
        #expect(post.headers.first(name: "Lambda-Runtime-Function-Error-Type") == "Function.ConfigurationError")
        #expect(post.headers.first(name: "Content-Length") == "\(post.body.count)")
        let object = try jsonObject(post.body)
        #expect(object["errorType"] as? String == "Function.ConfigurationError")
        #expect(object["errorMessage"] as? String == problem.errorMessage)
        #expect((object["stackTrace"] as? [Any])?.isEmpty == true)
        #expect(log.lines.all.contains { $0.contains(#""level":"ERROR""#) && $0.contains("CONNECT_INSTANCE_ARN") })
    }

    @Test func initErrorThatCannotBePostedStillExitsNonZeroAndIsLogged() async throws {
        let port = try LoopbackHTTPServer.unusedPort()
        let client = try CurlRuntimeAPIClient(runtimeAPI: "127.0.0.1:\(port)")
        let log = CapturedLog()
        let code = await LambdaRuntime.reportInitError(.runtimeConfiguration("bad"), client: client, logger: log.logger)
        #expect(code == LambdaExitCode.initError)
        #expect(log.lines.all.contains { $0.contains("could not report") && $0.contains("connectionRefused") })
    }

    @Test func postStatusesMapToTypedErrors() async throws {
        let api = try FakeRuntimeAPI([], options: .init(postStatus: { path in
            path.contains("/a/") ? 413 : path.contains("/b/") ? 500 : 302
        }))
        let client = try api.client()
        let rejected = await #expect(throws: RuntimeAPIError.self) { try await client.respond(requestID: "a", body: []) }
        #expect(rejected?.code == .rejected)
        #expect(rejected?.status == 413)
        #expect(rejected?.requestID == "a")
        #expect(rejected?.shouldExit == false)
        let broken = await #expect(throws: RuntimeAPIError.self) {
            try await client.fail(requestID: "b", error: .init(errorType: "X", errorMessage: "y"))
        }
        #expect(broken?.code == .containerError)
        #expect(broken?.shouldExit == true)
        let odd = await #expect(throws: RuntimeAPIError.self) { try await client.respond(requestID: "c", body: []) }
        #expect(odd?.code == .unexpectedStatus)
        #expect(odd?.shouldExit == true)
    }

    // MARK: - Without sockets

    @Test func parsesHeadersStrictly() throws {
        let full = FakeRuntimeAPI.invocation(id: "id-1", deadline: "1700000000000", trace: "Root=1-x", payload: "{}")
        let invocation = try CurlRuntimeAPIClient.invocation(from: full)
        #expect(invocation == LambdaInvocation(
            requestID: "id-1", deadlineMs: 1_700_000_000_000,
            invokedFunctionARN: "arn:aws:lambda:us-east-2:123456789012:function:bulk-agents",
            traceID: "Root=1-x", payload: Array("{}".utf8)))

        func failure(_ response: TransportResponse) -> RuntimeAPIError? {
            #expect(throws: RuntimeAPIError.self) { try CurlRuntimeAPIClient.invocation(from: response) }
        }
        let noID = failure(FakeRuntimeAPI.invocation(id: nil))
        #expect(noID?.code == .invalidInvocation)
        #expect(noID?.requestID == nil)
        #expect(failure(FakeRuntimeAPI.invocation(id: ""))?.requestID == nil)
        #expect(failure(FakeRuntimeAPI.invocation(id: "a/b"))?.requestID == nil)
        #expect(failure(FakeRuntimeAPI.invocation(id: "a b"))?.requestID == nil)
        for deadline in [nil, "", "soon", "-5", "0", "99999999999999999999", "12.5"] {
            let error = failure(FakeRuntimeAPI.invocation(id: "id-2", deadline: deadline))
            #expect(error?.code == .invalidInvocation)
            #expect(error?.requestID == "id-2")
            #expect(error?.shouldExit == false)
        }
        // The ARN and trace id are informational: missing or empty, the invocation still runs.
        let bare = try CurlRuntimeAPIClient.invocation(from: FakeRuntimeAPI.invocation(arn: nil, trace: ""))
        #expect(bare.invokedFunctionARN == "")
        #expect(bare.traceID == nil)
    }

    @Test func nextStatusesMapToTypedErrors() async throws {
        let transport = ScriptedTransport([
            .respond(TransportResponse(status: 500, body: Array(#"{"errorType":"Container"}"#.utf8))),
            .respond(TransportResponse(status: 403)),
            .respond(TransportResponse(status: 200, headers: ["Lambda-Runtime-Deadline-Ms": "1"])),
        ])
        let client = try CurlRuntimeAPIClient(runtimeAPI: "127.0.0.1:9001", transport: transport, requestTimeout: .seconds(2))
        let container = await #expect(throws: RuntimeAPIError.self) { try await client.next() }
        #expect(container?.code == .containerError)
        #expect(container?.description.contains("Container") == true)
        let forbidden = await #expect(throws: RuntimeAPIError.self) { try await client.next() }
        #expect(forbidden?.code == .unexpectedStatus)
        #expect(forbidden?.shouldExit == true)
        let malformed = await #expect(throws: RuntimeAPIError.self) { try await client.next() }
        #expect(malformed?.code == .invalidInvocation)
        #expect(transport.requests.map(\.url) == Array(repeating: "http://127.0.0.1:9001/2018-06-01/runtime/invocation/next", count: 3))
        #expect(transport.requests.allSatisfy { $0.timeout == .zero && $0.method == .GET })
    }

    @Test func postsCarryTheRequestTimeout() async throws {
        let transport = ScriptedTransport(Array(repeating: .respond(TransportResponse(status: 202)), count: 3))
        let client = try CurlRuntimeAPIClient(runtimeAPI: "localhost:9001", transport: transport, requestTimeout: .seconds(3))
        try await client.respond(requestID: "r", body: [1])
        try await client.fail(requestID: "r", error: .init(errorType: "T", errorMessage: "m"))
        try await client.initError(.init(errorType: "T", errorMessage: "m"))
        #expect(transport.requests.map(\.timeout) == [.seconds(3), .seconds(3), .seconds(3)])
        #expect(transport.requests.map(\.url) == [
            "http://localhost:9001/2018-06-01/runtime/invocation/r/response",
            "http://localhost:9001/2018-06-01/runtime/invocation/r/error",
            "http://localhost:9001/2018-06-01/runtime/init/error",
        ])
    }

    @Test func runtimeAPIFromEnvironment() throws {
        let client = try CurlRuntimeAPIClient.fromEnvironment { $0 == "AWS_LAMBDA_RUNTIME_API" ? "127.0.0.1:9001" : nil }
        #expect(client.baseURL == "http://127.0.0.1:9001/2018-06-01/runtime")
        #expect(try CurlRuntimeAPIClient.fromEnvironment { _ in "[::1]:9001" }.baseURL == "http://[::1]:9001/2018-06-01/runtime")
        for value in [nil, "", "127.0.0.1", "http://127.0.0.1:9001", "127.0.0.1:0", "127.0.0.1:70000", "host:90a",
                      "127.0.0.1:9001/x", ":9001", "::1:9001", "a b:1", "127.0.0.1:+80"] as [String?] {
            let error = #expect(throws: RuntimeAPIError.self, "\(value ?? "nil")") {
                try CurlRuntimeAPIClient.fromEnvironment { _ in value }
            }
            #expect(error?.code == .invalidConfiguration)
            #expect(error?.description.contains("AWS_LAMBDA_RUNTIME_API") == true)
        }
    }

    @Test func errorJSONIsEscapedAndOrdered() throws {
        let error = LambdaFunctionError(errorType: "Function.Bad\"Type", errorMessage: "line 1\nline \\2\t\u{01} é 🚀", stackTrace: ["f()", "g()"])
        let text = String(decoding: error.json, as: UTF8.self)
        #expect(text.hasPrefix(#"{"errorMessage":"line 1\nline \\2\t\u0001 é 🚀","errorType":"Function.Bad\"Type","stackTrace":["f()","g()"]}"#))
        let object = try jsonObject(error.json)
        #expect(object["errorMessage"] as? String == error.errorMessage)
        #expect(object["errorType"] as? String == error.errorType)
        #expect(object["stackTrace"] as? [String] == ["f()", "g()"])
    }

    @Test func errorHeaderIsOneLine() {
        let headers = CurlRuntimeAPIClient.errorHeaders(.init(errorType: "A\r\nB", errorMessage: ""))
        #expect(headers.first(name: "Lambda-Runtime-Function-Error-Type") == "AB")
    }

    @Test func defaultTraceIDSetterSetsAndClearsTheVariable() {
        LambdaEnvironment.setTraceID("Root=1-abc")
        #expect(LambdaEnvironment.variable("_X_AMZN_TRACE_ID") == "Root=1-abc")
        LambdaEnvironment.setTraceID(nil)
        #expect(LambdaEnvironment.variable("_X_AMZN_TRACE_ID") == nil)
    }

    @Test func remainingTimeFromDeadline() {
        let context = LambdaContext(requestID: "r", deadlineMs: 10_000, invokedFunctionARN: "", traceID: nil,
                                    logger: JSONLogger(sink: { _ in }), time: ImmediateClock(startMs: 9_000))
        #expect(context.remainingTime() == .seconds(1))
        #expect(context.remainingTime(now: 9_999) == .milliseconds(1))
        #expect(context.remainingTime(now: 10_000) == .zero)
        #expect(context.remainingTime(now: 20_000) == .zero)
        let now = SystemTime().nowMs
        #expect(now > 1_700_000_000_000)  // the real wall clock, in epoch milliseconds
    }
}
