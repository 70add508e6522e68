import AWSCore
import Foundation
@testable import LocalStack
import Synchronization
import Testing

/// A Runtime API stand-in on a hand-stepped clock, and the calls a runtime makes.
final class LambdaFixture: Sendable {
    struct TimedOut: Error {}

    let time = S3Box(Date(timeIntervalSince1970: 1_795_597_200))
    let lambda: LambdaRuntimeService

    init(timeout: Duration = .seconds(60), maxRetries: Int = 2, retryDelay: Duration = .zero) {
        let time = self.time
        lambda = LambdaRuntimeService(options: .init(timeout: timeout, maxRetries: maxRetries, retryDelay: retryDelay),
                                      now: { time.withLock { $0 } })
    }

    var nowMs: Int64 { Int64(time.withLock { $0 }.timeIntervalSince1970 * 1000) }

    func advance(_ seconds: TimeInterval) { time.withLock { $0 += seconds } }

    func call(_ method: String, _ path: String, headers: HTTPHeaders = [:], body: String = "") async -> TransportResponse {
        let request = LocalRequest(method: method, path: path, headers: headers, body: Array(body.utf8))
        guard let operation = lambda.operation(for: request) else { return TransportResponse(status: 0) }
        return await lambda.handle(request, operation: operation, requestID: "shell-id")
    }

    /// Starts a `GET .../next` that waits in the background.
    func startPoll() -> Task<TransportResponse, Never> {
        Task { await call("GET", "/2018-06-01/runtime/invocation/next") }
    }

    /// Waits for `count` polls to be parked in `next` (bounded).
    func waitForPollers(_ count: Int) async throws {
        for _ in 0..<2_000 {
            if lambda.waitingPollers >= count { return }
            try await Task.sleep(for: .milliseconds(1))
        }
        throw TimedOut()
    }

    /// The answer of a poll, at most `seconds` from now; a poll still waiting then is cancelled.
    func result(of poll: Task<TransportResponse, Never>, within seconds: Double = 5) async throws -> TransportResponse {
        try await withThrowingTaskGroup(of: TransportResponse?.self) { group in
            group.addTask { await poll.value }
            group.addTask { try? await Task.sleep(for: .seconds(seconds)); return nil }
            let first = try await group.next() ?? nil
            group.cancelAll()
            poll.cancel()
            guard let first else { throw TimedOut() }
            return first
        }
    }

    /// `next`, bounded.
    func next() async throws -> TransportResponse { try await result(of: startPoll()) }

    func respond(_ requestID: String, _ body: String = #"{"ok":true}"#) async -> TransportResponse {
        await call("POST", "/2018-06-01/runtime/invocation/\(requestID)/response", body: body)
    }

    func fail(_ requestID: String, type: String = "Runtime.Error") async -> TransportResponse {
        await call("POST", "/2018-06-01/runtime/invocation/\(requestID)/error",
                   headers: ["Lambda-Runtime-Function-Error-Type": type],
                   body: #"{"errorMessage":"boom","errorType":"\#(type)","stackTrace":[]}"#)
    }
}

extension TransportResponse {
    var lambdaRequestID: String { headers.first(name: "Lambda-Runtime-Aws-Request-Id") ?? "" }
}

@Suite struct LambdaRuntimeServiceTests {
    @Test func operationNames() {
        let lambda = LambdaRuntimeService()
        func name(_ method: String, _ path: String) -> String? { lambda.operation(for: LocalRequest(method: method, path: path)) }
        #expect(name("GET", "/2018-06-01/runtime/invocation/next") == "NextInvocation")
        #expect(name("POST", "/2018-06-01/runtime/invocation/abc-1/response") == "PostInvocationResponse")
        #expect(name("POST", "/2018-06-01/runtime/invocation/abc-1/error") == "PostInvocationError")
        #expect(name("POST", "/2018-06-01/runtime/init/error") == "PostInitError")
        #expect(name("POST", "/2018-06-01/runtime/invocation/next") == nil)
        #expect(name("GET", "/2018-06-01/runtime/invocation/abc/response") == nil)
        #expect(name("GET", "/2015-03-31/functions/f/invocations") == nil)
        #expect(lambda.options.functionARN == "arn:aws:lambda:us-east-1:000000000000:function:connect-agents-bulk")
    }

    @Test func nextThenResponse() async throws {
        let f = LambdaFixture(timeout: .seconds(900))
        let requestID = f.lambda.invoke(payload: Array(#"{"Records":[]}"#.utf8))
        let delivered = try await f.next()
        #expect(delivered.status == 200)
        #expect(delivered.text == #"{"Records":[]}"#)
        #expect(delivered.lambdaRequestID == requestID)
        #expect(delivered.headers.first(name: "Lambda-Runtime-Deadline-Ms") == String(f.nowMs + 900_000))
        #expect(delivered.headers.first(name: "Lambda-Runtime-Invoked-Function-Arn") == f.lambda.options.functionARN)
        #expect(delivered.headers.first(name: "Content-Type") == "application/json")
        let trace = try #require(delivered.headers.first(name: "Lambda-Runtime-Trace-Id"))
        #expect(trace.wholeMatch(of: /Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0/) != nil)
        #expect(f.lambda.invocations.first?.status == .running)

        let accepted = await f.respond(requestID, #"{"created":2}"#)
        #expect(accepted.status == 202)
        #expect(accepted.text == #"{"status":"OK"}"#)
        let record = try #require(f.lambda.invocations.first)
        #expect(record.status == .succeeded)
        #expect(record.response == #"{"created":2}"#)
        #expect(record.requestIDs == [requestID])
        #expect(record.attempts == 1)
        #expect(record.payload == #"{"Records":[]}"#)
        #expect(f.lambda.isIdle)

        // Answered already, or never given out: the Runtime API's 400.
        let twice = await f.respond(requestID)
        #expect(twice.status == 400)
        #expect(twice.text == #"{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}"#)
        #expect(f.lambda.invocations.first?.rejected.map(\.attemptStatus) == [.succeeded])
        #expect(await f.respond("no-such-id").status == 400)
        #expect(await f.fail("no-such-id").status == 400)
    }

    @Test func nextWaitsForAnInvocation() async throws {
        let f = LambdaFixture()
        let poll = f.startPoll()
        try await f.waitForPollers(1)
        let requestID = f.lambda.invoke(payload: Array("{}".utf8))
        let delivered = try await f.result(of: poll)
        #expect(delivered.lambdaRequestID == requestID)
        #expect(f.lambda.waitingPollers == 0)
    }

    @Test func concurrentPollersGetDifferentInvocations() async throws {
        let f = LambdaFixture()
        let first = f.startPoll(), second = f.startPoll()
        try await f.waitForPollers(2)
        let ids = [f.lambda.invoke(payload: Array("1".utf8)), f.lambda.invoke(payload: Array("2".utf8))]
        let answers = [try await f.result(of: first), try await f.result(of: second)]
        #expect(Set(answers.map(\.lambdaRequestID)) == Set(ids))
        #expect(Set(answers.map(\.text)) == ["1", "2"])
        for answer in answers { #expect(await f.respond(answer.lambdaRequestID).status == 202) }
        #expect(f.lambda.invocations.map(\.status) == [.succeeded, .succeeded])
    }

    @Test func errorsAreRetriedWithNewRequestIDsThenFail() async throws {
        let f = LambdaFixture()
        let firstID = f.lambda.invoke(payload: Array("{}".utf8))
        var seen: [String] = []
        for _ in 0..<3 {
            let delivered = try await f.next()
            #expect(delivered.text == "{}")
            seen.append(delivered.lambdaRequestID)
            #expect(await f.fail(delivered.lambdaRequestID, type: "Handler.Crash").status == 202)
        }
        #expect(seen.first == firstID)
        #expect(Set(seen).count == 3)
        let record = try #require(f.lambda.invocations.first)
        #expect(record.status == .failed)
        #expect(record.attempts == 3)
        #expect(record.requestIDs == seen)
        #expect(record.errorType == "Handler.Crash")
        #expect(record.error?.contains("boom") == true)
        #expect(record.attemptDetails.map(\.status) == [.failed, .failed, .failed])
        #expect(f.lambda.isIdle)
        #expect(f.lambda.invocations.count == 1)
    }

    @Test func aRetryThatSucceedsEndsTheEvent() async throws {
        let f = LambdaFixture()
        f.lambda.invoke(payload: Array("{}".utf8))
        let first = try await f.next()
        #expect(await f.fail(first.lambdaRequestID).status == 202)
        let second = try await f.next()
        #expect(second.lambdaRequestID != first.lambdaRequestID)
        #expect(await f.respond(second.lambdaRequestID).status == 202)
        let record = try #require(f.lambda.invocations.first)
        #expect(record.status == .succeeded)
        #expect(record.attemptDetails.map(\.status) == [.failed, .succeeded])
        #expect(await f.waitUntilIdleBounded())
    }

    @Test func noRetriesWhenConfiguredSo() async throws {
        let f = LambdaFixture(maxRetries: 0)
        f.lambda.invoke(payload: Array("{}".utf8))
        #expect(await f.fail(try await f.next().lambdaRequestID).status == 202)
        #expect(f.lambda.invocations.first?.status == .failed)
        #expect(f.lambda.isIdle)
    }

    @Test func aMissedDeadlineIsRetriedAndTheLateResponseRejected() async throws {
        let f = LambdaFixture(timeout: .seconds(60))
        f.lambda.invoke(payload: Array("{}".utf8))
        let first = try await f.next()
        f.advance(59)
        f.lambda.checkDeadlines()
        #expect(f.lambda.invocations.first?.status == .running)
        f.advance(1)
        let second = try await f.next() // `next` checks deadlines itself
        #expect(second.lambdaRequestID != first.lambdaRequestID)
        #expect(second.headers.first(name: "Lambda-Runtime-Deadline-Ms") == String(f.nowMs + 60_000))

        let late = await f.respond(first.lambdaRequestID, #"{"late":true}"#)
        #expect(late.status == 400)
        #expect(late.text.contains("InvalidRequestID"))
        #expect(await f.respond(second.lambdaRequestID).status == 202)
        let record = try #require(f.lambda.invocations.first)
        #expect(record.status == .succeeded)
        #expect(record.response == #"{"ok":true}"#)
        #expect(record.attemptDetails.map(\.status) == [.timedOut, .succeeded])
        #expect(record.rejected.map(\.requestID) == [first.lambdaRequestID])
        #expect(record.rejected.first?.attemptStatus == .timedOut)
        #expect(record.rejected.first?.body == #"{"late":true}"#)
    }

    @Test func deadlinesMissedEveryTimeEndTimedOut() async throws {
        let f = LambdaFixture(timeout: .seconds(10))
        f.lambda.invoke(payload: Array("{}".utf8))
        for _ in 0..<3 {
            _ = try await f.next()
            f.advance(10)
            f.lambda.checkDeadlines()
        }
        let record = try #require(f.lambda.invocations.first)
        #expect(record.status == .timedOut)
        #expect(record.attempts == 3)
        #expect(Set(record.requestIDs).count == 3)
        #expect(f.lambda.isIdle)
    }

    @Test func retriesWaitForTheRetryDelay() async throws {
        let f = LambdaFixture(retryDelay: .seconds(30))
        f.lambda.invoke(payload: Array("{}".utf8))
        #expect(await f.fail(try await f.next().lambdaRequestID).status == 202)
        let poll = f.startPoll()
        try await f.waitForPollers(1)
        f.advance(29)
        f.lambda.checkDeadlines()
        #expect(f.lambda.waitingPollers == 1)
        #expect(f.lambda.invocations.first?.status == .pending)
        f.advance(1)
        f.lambda.checkDeadlines()
        let retried = try await f.result(of: poll)
        #expect(retried.status == 200)
        #expect(f.lambda.invocations.first?.attempts == 2)
    }

    @Test func redeliverQueuesAFreshCopy() async throws {
        let f = LambdaFixture()
        let original = f.lambda.invoke(payload: Array(#"{"n":1}"#.utf8))
        #expect(await f.respond(try await f.next().lambdaRequestID).status == 202)
        let copyID = try #require(f.lambda.redeliver(eventOf: original))
        #expect(copyID != original)
        let again = try await f.next()
        #expect(again.lambdaRequestID == copyID)
        #expect(again.text == #"{"n":1}"#)
        #expect(await f.respond(copyID).status == 202)
        let records = f.lambda.invocations
        #expect(records.count == 2)
        #expect(records[1].redeliveryOf == records[0].eventID)
        #expect(records.map(\.status) == [.succeeded, .succeeded])
        #expect(f.lambda.redeliver(eventOf: "unknown") == nil)
        #expect(f.lambda.invocation(requestID: copyID)?.eventID == records[1].eventID)
    }

    @Test func initErrorsAreAcceptedAndRecorded() async throws {
        let f = LambdaFixture()
        let answer = await f.call("POST", "/2018-06-01/runtime/init/error",
                                  headers: ["Lambda-Runtime-Function-Error-Type": "Runtime.ConfigurationError"],
                                  body: #"{"errorMessage":"CONNECT_INSTANCE_ARN is not set","errorType":"Runtime.ConfigurationError"}"#)
        #expect(answer.status == 202)
        #expect(answer.text == #"{"status":"OK"}"#)
        let recorded = f.lambda.initErrors
        #expect(recorded.count == 1)
        #expect(recorded.first?.errorType == "Runtime.ConfigurationError")
        #expect(recorded.first?.body.contains("CONNECT_INSTANCE_ARN") == true)
    }

    @Test func aCancelledPollLosesNothing() async throws {
        let f = LambdaFixture()
        // Cancelled while waiting: it leaves the queue of pollers.
        let gone = f.startPoll()
        try await f.waitForPollers(1)
        gone.cancel()
        #expect(try await f.result(of: gone).status != 200)
        #expect(f.lambda.waitingPollers == 0)
        let requestID = f.lambda.invoke(payload: Array("{}".utf8))
        #expect(try await f.next().lambdaRequestID == requestID)
        #expect(await f.respond(requestID).status == 202)

        // Cancelled as the invocation is handed over: either the poll got it, or it is queued again.
        for _ in 0..<20 {
            let racing = f.startPoll()
            try await f.waitForPollers(1)
            let id = f.lambda.invoke(payload: Array("{}".utf8))
            racing.cancel()
            let answer = try await f.result(of: racing)
            let delivered = answer.status == 200 ? answer : try await f.next()
            #expect(delivered.lambdaRequestID == id)
            #expect(await f.respond(id).status == 202)
        }
        #expect(f.lambda.invocations.allSatisfy { $0.status == .succeeded && $0.attempts == 1 })
        #expect(f.lambda.isIdle)
    }

    @Test func waitUntilIdleIsBounded() async throws {
        let f = LambdaFixture()
        #expect(await f.lambda.waitUntilIdle(timeout: .milliseconds(50)))
        let requestID = f.lambda.invoke(payload: Array("{}".utf8))
        #expect(await f.lambda.waitUntilIdle(timeout: .milliseconds(20)) == false)
        let worker = Task {
            let delivered = try await f.next()
            _ = await f.respond(delivered.lambdaRequestID)
        }
        #expect(await f.lambda.waitUntilIdle(timeout: .seconds(5)))
        try await worker.value
        #expect(f.lambda.invocation(requestID: requestID)?.status == .succeeded)
    }

    @Test func recordsEncodeAsJSON() async throws {
        let f = LambdaFixture()
        f.lambda.invoke(payload: Array(#"{"a":"é"}"#.utf8))
        let data = try JSONEncoder().encode(f.lambda.invocations)
        let decoded = try JSONDecoder().decode([InvocationRecord].self, from: data)
        #expect(decoded == f.lambda.invocations)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(object.first?["status"] as? String == "pending")
        #expect(object.first?["payload"] as? String == #"{"a":"é"}"#)
    }
}

extension LambdaFixture {
    func waitUntilIdleBounded() async -> Bool { await lambda.waitUntilIdle(timeout: .seconds(5)) }
}
