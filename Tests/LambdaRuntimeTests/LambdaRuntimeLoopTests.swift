import CurlTransport
import Foundation
import JSONLog
@testable import LambdaRuntime
import TestSupport
import Testing

/// The loop against a scripted Runtime API over real HTTP (libcurl to a loopback server).
@Suite(.timeLimit(.minutes(1)))
struct LambdaRuntimeLoopTests {
    let log = CapturedLog()
    let clock = ImmediateClock(startMs: 1_542_409_700_000)

    func runtime(_ api: FakeRuntimeAPI, setTraceID: @escaping @Sendable (String?) -> Void = { _ in },
                 clock: ImmediateClock? = nil) throws -> LambdaRuntime<CurlRuntimeAPIClient> {
        LambdaRuntime(client: try api.client(), logger: log.logger, setTraceID: setTraceID, time: clock ?? self.clock)
    }

    @Test func nextThenResponseCycle() async throws {
        let api = try FakeRuntimeAPI([FakeRuntimeAPI.invocation(id: "req-1", deadline: "1542409706888", payload: #"{"n":1}"#)])
        let seen = Recorder<LambdaInvocation>()
        let contexts = Recorder<LambdaContext>()
        let code = try await runtime(api).run { invocation, context in
            seen.append(invocation)
            contexts.append(context)
            return Array(#"{"ok":true}"#.utf8)
        }
        #expect(code == LambdaExitCode.runtimeAPIFailure)  // the script ends with a 500 on next
        let invocation = try #require(seen.all.first)
        #expect(invocation.requestID == "req-1")
        #expect(invocation.deadlineMs == 1_542_409_706_888)
        #expect(invocation.invokedFunctionARN == "arn:aws:lambda:us-east-2:123456789012:function:bulk-agents")
        #expect(invocation.traceID == nil)
        #expect(invocation.payload == Array(#"{"n":1}"#.utf8))
        #expect(contexts.all.first?.requestID == "req-1")
        #expect(contexts.all.first?.logger.requestID == "req-1")

        #expect(api.requests.map { "\($0.method) \($0.path)" } == [
            "GET /2018-06-01/runtime/invocation/next",
            "POST /2018-06-01/runtime/invocation/req-1/response",
            "GET /2018-06-01/runtime/invocation/next",
        ])
        let post = try #require(api.posts.first)
        #expect(post.body == Array(#"{"ok":true}"#.utf8))
        #expect(post.headers.first(name: "Content-Length") == "11")
        #expect(!post.headers.contains(name: "Expect"))
        #expect(api.server.connectionsAccepted == 1)  // one reused handle, one keep-alive connection

        // One line at the start (debug) and one at the end (info), both with the request id.
        let lines = log.lines.all
        #expect(lines.contains { $0.contains(#""level":"DEBUG""#) && $0.contains(#""requestId":"req-1""#) && $0.contains("invocation started") })
        #expect(lines.contains { $0.contains(#""level":"INFO""#) && $0.contains(#""requestId":"req-1""#) && $0.contains("invocation finished") })
    }

    struct RowRejected: Error, CustomStringConvertible {
        var description: String { "row 3: \"email\" is empty\nfix the file and drop it again" }
    }

    @Test func handlerErrorIsPostedAsError() async throws {
        let api = try FakeRuntimeAPI([
            FakeRuntimeAPI.invocation(id: "req-1"),
            FakeRuntimeAPI.invocation(id: "req-2"),
        ])
        let code = try await runtime(api).run { invocation, _ in
            if invocation.requestID == "req-1" { throw RowRejected() }
            throw LambdaFunctionError(errorType: "Function.BadEvent", errorMessage: "not an S3 event", stackTrace: ["a", "b"])
        }
        #expect(code == LambdaExitCode.runtimeAPIFailure)
        #expect(api.posts.map(\.path) == [
            "/2018-06-01/runtime/invocation/req-1/error",
            "/2018-06-01/runtime/invocation/req-2/error",
        ])
        let first = api.posts[0]
        #expect(first.headers.first(name: "Lambda-Runtime-Function-Error-Type") == "RowRejected")
        #expect(first.headers.first(name: "Content-Length") == "\(first.body.count)")
        let object = try jsonObject(first.body)
        #expect(object["errorType"] as? String == "RowRejected")
        #expect(object["errorMessage"] as? String == RowRejected().description)
        #expect((object["stackTrace"] as? [Any])?.isEmpty == true)
        #expect(Set(object.keys) == ["errorMessage", "errorType", "stackTrace"])

        let second = api.posts[1]
        #expect(second.headers.first(name: "Lambda-Runtime-Function-Error-Type") == "Function.BadEvent")
        let secondObject = try jsonObject(second.body)
        #expect(secondObject["errorType"] as? String == "Function.BadEvent")
        #expect(secondObject["errorMessage"] as? String == "not an S3 event")
        #expect(secondObject["stackTrace"] as? [String] == ["a", "b"])
        #expect(log.lines.all.contains { $0.contains(#""level":"ERROR""#) && $0.contains("invocation failed") && $0.contains("RowRejected") })
    }

    @Test func payloadNeverInErrorPostOrLogs() async throws {
        let secret = "P4ssw0rd-SECRET-in-payload"
        let api = try FakeRuntimeAPI([FakeRuntimeAPI.invocation(id: "req-1", payload: #"{"password":"\#(secret)"}"#)])
        struct DecodeFailed: Error, CustomStringConvertible { var description: String { "the event is not an S3 notification" } }
        let code = try await runtime(api).run { invocation, _ in
            #expect(String(decoding: invocation.payload, as: UTF8.self).contains(secret))
            throw DecodeFailed()
        }
        #expect(code == LambdaExitCode.runtimeAPIFailure)
        let post = try #require(api.posts.first)
        #expect(post.path.hasSuffix("/req-1/error"))
        #expect(!String(decoding: post.body, as: UTF8.self).contains(secret))
        #expect(!post.head.contains(secret))
        #expect(!log.lines.all.isEmpty)
        #expect(!log.lines.all.contains { $0.contains(secret) })  // at any level, debug included
    }

    @Test func traceIDSetPerInvocationAndClearedWhenAbsent() async throws {
        let api = try FakeRuntimeAPI([
            FakeRuntimeAPI.invocation(id: "req-1", trace: "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"),
            FakeRuntimeAPI.invocation(id: "req-2", trace: nil),
            FakeRuntimeAPI.invocation(id: "req-3", trace: "Root=1-00000000-000000000000000000000003"),
        ])
        let published = Recorder<String?>()
        let inHandler = Recorder<String?>()
        let code = try await runtime(api, setTraceID: { published.append($0) }).run { invocation, context in
            #expect(context.traceID == invocation.traceID)
            inHandler.append(published.all.last ?? nil)  // already set when the handler runs
            return []
        }
        #expect(code == LambdaExitCode.runtimeAPIFailure)
        let expected: [String?] = [
            "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
            nil,
            "Root=1-00000000-000000000000000000000003",
        ]
        #expect(published.all == expected)
        #expect(inHandler.all == expected)
    }

    @Test func deadlineReachesContextWithInjectedClock() async throws {
        let deadline: Int64 = 1_700_000_012_345
        let api = try FakeRuntimeAPI([FakeRuntimeAPI.invocation(id: "req-1", deadline: String(deadline))])
        let remaining = Recorder<Duration>()
        let code = try await runtime(api, clock: ImmediateClock(startMs: deadline - 2_500)).run { _, context in
            #expect(context.deadlineMs == deadline)
            remaining.append(context.remainingTime())
            remaining.append(context.remainingTime(now: deadline - 60_000))
            remaining.append(context.remainingTime(now: deadline + 1))
            return []
        }
        #expect(code == LambdaExitCode.runtimeAPIFailure)
        #expect(remaining.all == [.milliseconds(2_500), .seconds(60), .zero])
    }

    @Test func containerErrorOnNextReturnsPromptlyNonZero() async throws {
        let api = try FakeRuntimeAPI([])
        let calls = Recorder<String>()
        let start = ContinuousClock.now
        let code = try await runtime(api).run { invocation, _ in
            calls.append(invocation.requestID)
            return []
        }
        #expect(code != 0)
        #expect(code == LambdaExitCode.runtimeAPIFailure)
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(calls.all.isEmpty)
        #expect(api.requests.count == 1)  // no retry of a 500
        #expect(clock.sleeps.isEmpty)
        #expect(log.lines.all.contains { $0.contains(#""level":"ERROR""#) && $0.contains("HTTP 500") })
    }

    @Test func malformedInvocationsAreHandled() async throws {
        let api = try FakeRuntimeAPI([
            FakeRuntimeAPI.invocation(id: nil),                       // cannot be named: counted as a failed next
            FakeRuntimeAPI.invocation(id: "../../init/error"),        // not an id that can go into a path
            FakeRuntimeAPI.invocation(id: "req-2", deadline: "soon"), // named: reported as its error
            FakeRuntimeAPI.invocation(id: "req-3", deadline: nil),
            FakeRuntimeAPI.invocation(id: "req-4"),
        ])
        let handled = Recorder<String>()
        let code = try await runtime(api).run { invocation, _ in
            handled.append(invocation.requestID)
            return Array("done".utf8)
        }
        #expect(code == LambdaExitCode.runtimeAPIFailure)
        #expect(handled.all == ["req-4"])
        #expect(clock.sleeps == [.milliseconds(100), .milliseconds(200)])
        #expect(api.posts.map(\.path) == [
            "/2018-06-01/runtime/invocation/req-2/error",
            "/2018-06-01/runtime/invocation/req-3/error",
            "/2018-06-01/runtime/invocation/req-4/response",
        ])
        for post in api.posts.prefix(2) {
            #expect(post.headers.first(name: "Lambda-Runtime-Function-Error-Type") == "Runtime.InvalidInvocation")
            #expect(try jsonObject(post.body)["errorType"] as? String == "Runtime.InvalidInvocation")
        }
        #expect(String(decoding: api.posts[0].body, as: UTF8.self).contains("Lambda-Runtime-Deadline-Ms"))
    }

    @Test func refusedPostIsLoggedAndLoopContinues() async throws {
        var options = FakeRuntimeAPI.Options()
        options.postStatus = { $0.contains("/req-1/") ? 400 : 202 }
        let api = try FakeRuntimeAPI([FakeRuntimeAPI.invocation(id: "req-1"), FakeRuntimeAPI.invocation(id: "req-2")], options: options)
        let handled = Recorder<String>()
        let code = try await runtime(api).run { invocation, _ in
            handled.append(invocation.requestID)
            return []
        }
        #expect(code == LambdaExitCode.runtimeAPIFailure)
        #expect(handled.all == ["req-1", "req-2"])
        #expect(api.posts.count == 2)
        let failure = log.lines.all.filter { $0.contains("could not post") }
        #expect(failure.count == 1)
        #expect(failure.first?.contains(#""level":"ERROR""#) == true)
        #expect(failure.first?.contains(#""requestId":"req-1""#) == true)
        #expect(failure.first?.contains("HTTP 400") == true)
        #expect(failure.first?.contains("Invalid request ID") == true)
    }

    @Test func containerErrorOnPostEndsTheLoop() async throws {
        var options = FakeRuntimeAPI.Options()
        options.postStatus = { _ in 500 }
        let api = try FakeRuntimeAPI([FakeRuntimeAPI.invocation(id: "req-1"), FakeRuntimeAPI.invocation(id: "req-2")], options: options)
        let handled = Recorder<String>()
        let code = try await runtime(api).run { invocation, _ in
            handled.append(invocation.requestID)
            return []
        }
        #expect(code == LambdaExitCode.runtimeAPIFailure)
        #expect(handled.all == ["req-1"])
        #expect(api.requests.count == 2)
    }

    @Test func unreachableRuntimeAPIRetriesThenExits() async throws {
        let port = try LoopbackHTTPServer.unusedPort()
        let client = try CurlRuntimeAPIClient(runtimeAPI: "127.0.0.1:\(port)")
        let runtime = LambdaRuntime(client: client, logger: log.logger, time: clock)
        let code = await runtime.run { _, _ in
            Issue.record("no invocation can arrive")
            return []
        }
        #expect(code == LambdaExitCode.runtimeAPIUnreachable)
        #expect(clock.sleeps == [.milliseconds(100), .milliseconds(200), .milliseconds(400)])
        #expect(log.lines.all.filter { $0.contains("retrying") }.count == 3)
        #expect(log.lines.all.contains { $0.contains(#""level":"ERROR""#) && $0.contains("connectionRefused") })
    }

    @Test func cancelledLoopStopsWithZero() async throws {
        let server = try LoopbackHTTPServer(.stall)
        defer { server.stop() }
        let client = try CurlRuntimeAPIClient(runtimeAPI: "127.0.0.1:\(server.port)")
        let logger = log.logger
        let task = Task { await LambdaRuntime(client: client, logger: logger).run { _, _ in [] } }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        #expect(await task.value == LambdaExitCode.stopped)
        #expect(server.requests.count == 1)
    }
}
