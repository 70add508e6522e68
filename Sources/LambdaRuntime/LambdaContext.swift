import Base
import JSONLog

/// What a handler knows about the invocation it runs, besides the payload.
package struct LambdaContext: Sendable {
    package var requestID: String
    /// When Lambda stops the function, in milliseconds since the Unix epoch.
    package var deadlineMs: Int64
    package var invokedFunctionARN: String
    package var traceID: String?
    /// The runtime's logger with this invocation's request id on every line.
    package var logger: JSONLogger
    /// The runtime's time source (wall clock and sleeps); injected so tests fix the time.
    package var time: any TimeSource

    package init(
        requestID: String,
        deadlineMs: Int64,
        invokedFunctionARN: String,
        traceID: String?,
        logger: JSONLogger,
        time: any TimeSource = SystemTime()
    ) {
        self.requestID = requestID
        self.deadlineMs = deadlineMs
        self.invokedFunctionARN = invokedFunctionARN
        self.traceID = traceID
        self.logger = logger
        self.time = time
    }

    /// The context of `invocation`, its logger carrying the request id.
    package init(invocation: LambdaInvocation, logger: JSONLogger, time: any TimeSource = SystemTime()) {
        self.init(requestID: invocation.requestID, deadlineMs: invocation.deadlineMs,
                  invokedFunctionARN: invocation.invokedFunctionARN, traceID: invocation.traceID,
                  logger: logger.with(requestID: invocation.requestID), time: time)
    }

    /// Time left before the deadline at `nowMs` (wall-clock milliseconds); zero once it passed.
    package func remainingTime(now nowMs: Int64) -> Duration {
        let left = deadlineMs.subtractingReportingOverflow(nowMs)
        guard !left.overflow, left.partialValue > 0 else { return .zero }
        return .milliseconds(left.partialValue)
    }

    /// Time left before the deadline now, by the context's wall clock.
    package func remainingTime() -> Duration { remainingTime(now: time.nowMs) }
}
