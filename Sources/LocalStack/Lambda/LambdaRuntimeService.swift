import AWSCore
import Foundation
import Synchronization

/// The Lambda Runtime API (`/2018-06-01/runtime/...`) with Lambda's asynchronous-invocation
/// behaviour around it: queued events, long-polled `next`, a deadline per attempt, and retries
/// with a new request id after an error or a missed deadline.
///
/// Time comes from `now`; deadlines and retry delays are checked by `checkDeadlines()`, which
/// the server shell calls periodically and every request calls first.
public final class LambdaRuntimeService: LocalService {
    public struct Options: Sendable {
        public var functionName: String
        public var functionARN: String
        /// How long an attempt may run (the function's `Timeout`).
        public var timeout: Duration
        /// Retries after the first attempt (Lambda's `MaximumRetryAttempts`, 0 ... 2).
        public var maxRetries: Int
        /// Wait before a retry is offered to `next`.
        public var retryDelay: Duration

        public init(functionName: String = "connect-agents-bulk", functionARN: String? = nil,
                    region: String = "us-east-1", accountID: String = "000000000000",
                    timeout: Duration = .seconds(900), maxRetries: Int = 2, retryDelay: Duration = .zero) {
            self.functionName = functionName
            self.functionARN = functionARN ?? "arn:aws:lambda:\(region):\(accountID):function:\(functionName)"
            self.timeout = timeout
            self.maxRetries = maxRetries
            self.retryDelay = retryDelay
        }
    }

    /// What `next` hands to the function.
    struct Delivery: Sendable {
        var requestID: String
        var payload: [UInt8]
        var deadline: Date
        var traceID: String
    }

    struct Waiter: Sendable {
        var id: UInt64
        var continuation: CheckedContinuation<Delivery?, Never>
    }

    struct State: Sendable {
        var events: [InvocationRecord] = []
        var payloads: [[UInt8]] = []
        /// Request id → (event index, attempt index).
        var attempts: [String: (event: Int, attempt: Int)] = [:]
        /// Request ids ready for `next`, oldest first.
        var ready: [String] = []
        /// Retries waiting for their delay.
        var delayed: [(requestID: String, at: Date)] = []
        var running: Set<String> = []
        var waiters: [Waiter] = []
        var nextWaiterID: UInt64 = 0
        var initErrors: [InitErrorRecord] = []
    }

    public let options: Options
    let now: @Sendable () -> Date
    let state = Mutex(State())

    public init(options: Options = Options(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.options = options
        self.now = now
    }

    // MARK: Public API (the stack, the admin path, tests)

    /// Queues an asynchronous invocation and returns the request id of its first attempt.
    @discardableResult
    public func invoke(payload: [UInt8]) -> String {
        let moment = now()
        let (requestID, handoffs) = state.withLock { state in
            let requestID = Self.addEvent(&state, payload: payload, at: moment, redeliveryOf: nil)
            return (requestID, dispatch(&state, at: moment))
        }
        resume(handoffs)
        return requestID
    }

    /// Queues a fresh copy of the event an earlier attempt carried (S3 delivers at least once),
    /// with its own attempts and retries. Returns the new request id, or `nil` for an unknown id.
    @discardableResult
    public func redeliver(eventOf requestID: String) -> String? {
        let moment = now()
        let result: (String, [(Waiter, Delivery)])? = state.withLock { state in
            guard let location = state.attempts[requestID] else { return nil }
            let original = state.events[location.event].eventID
            let payload = state.payloads[location.event]
            let newID = Self.addEvent(&state, payload: payload, at: moment, redeliveryOf: original)
            return (newID, dispatch(&state, at: moment))
        }
        guard let (newID, handoffs) = result else { return nil }
        resume(handoffs)
        return newID
    }

    public var invocations: [InvocationRecord] { state.withLock { $0.events } }

    public var initErrors: [InitErrorRecord] { state.withLock { $0.initErrors } }

    /// The record of the event a request id belongs to.
    public func invocation(requestID: String) -> InvocationRecord? {
        state.withLock { state in state.attempts[requestID].map { state.events[$0.event] } }
    }

    /// Polls waiting in `next` now.
    public var waitingPollers: Int { state.withLock { $0.waiters.count } }

    /// Nothing queued, delayed or running.
    public var isIdle: Bool {
        state.withLock { $0.ready.isEmpty && $0.delayed.isEmpty && $0.running.isEmpty }
    }

    /// Waits (in real time, at most `timeout`) until every event has finished, checking
    /// deadlines as it goes. Returns whether it got there.
    public func waitUntilIdle(timeout: Duration) async -> Bool {
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: timeout)
        while true {
            checkDeadlines()
            if isIdle { return true }
            if clock.now >= end || Task.isCancelled { return false }
            try? await Task.sleep(for: .milliseconds(2))
        }
    }

    /// Times out the attempts past their deadline (retrying them if retries are left), and
    /// offers delayed retries whose time has come.
    public func checkDeadlines() {
        let moment = now()
        let handoffs = state.withLock { state in
            for requestID in state.running.sorted() {
                guard let location = state.attempts[requestID],
                      let deadline = state.events[location.event].attemptDetails[location.attempt].deadline,
                      deadline <= moment else { continue }
                finish(&state, requestID: requestID, as: .timedOut, at: moment)
            }
            return dispatch(&state, at: moment)
        }
        resume(handoffs)
    }

    // MARK: LocalService

    public func operation(for request: LocalRequest) -> String? {
        let segments = request.pathSegments
        guard segments.count >= 4, segments[0] == "2018-06-01", segments[1] == "runtime" else { return nil }
        switch (request.method, Array(segments.dropFirst(2))) {
        case ("GET", ["invocation", "next"]): return "NextInvocation"
        case ("POST", let rest) where rest.count == 3 && rest[0] == "invocation" && rest[2] == "response":
            return "PostInvocationResponse"
        case ("POST", let rest) where rest.count == 3 && rest[0] == "invocation" && rest[2] == "error":
            return "PostInvocationError"
        case ("POST", ["init", "error"]): return "PostInitError"
        default: return nil
        }
    }

    public func handle(_ request: LocalRequest, operation: String, requestID: String) async -> TransportResponse {
        checkDeadlines()
        switch operation {
        case "NextInvocation":
            return await next()
        case "PostInvocationResponse", "PostInvocationError":
            let segments = request.pathSegments
            guard segments.count == 5 else { return Self.invalidRequestID() }
            let isError = operation == "PostInvocationError"
            var errorType = request.headers.first(name: "Lambda-Runtime-Function-Error-Type")
            if isError, errorType == nil { errorType = Self.errorType(in: request.body) }
            return answer(requestID: segments[3], body: request.body, errorType: isError ? (errorType ?? "Unknown") : nil)
        case "PostInitError":
            let record = InitErrorRecord(at: now(), errorType: request.headers.first(name: "Lambda-Runtime-Function-Error-Type")
                                             ?? Self.errorType(in: request.body),
                                         body: String(decoding: request.body, as: UTF8.self))
            state.withLock { $0.initErrors.append(record) }
            return Self.accepted()
        default:
            return Self.json(status: 404, #"{"errorMessage":"Unknown operation","errorType":"NotFound"}"#)
        }
    }

    // MARK: Answers

    static func json(status: Int, _ body: String, headers: HTTPHeaders = [:]) -> TransportResponse {
        var headers = headers
        headers.replaceOrAdd(name: "Content-Type", value: "application/json")
        return TransportResponse(status: status, headers: headers, body: Array(body.utf8))
    }

    static func accepted() -> TransportResponse { json(status: 202, #"{"status":"OK"}"#) }

    /// What the Runtime API answers for an id that is not the one of a running invocation.
    static func invalidRequestID() -> TransportResponse {
        json(status: 400, #"{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}"#)
    }

    static func errorType(in body: [UInt8]) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { return nil }
        return object["errorType"] as? String
    }
}
