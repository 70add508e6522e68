import AWSCore
import ConnectClient
import JSONLog
import S3Client

/// The time an invocation has: rows are taken only while more than `marginMs` is left, so the
/// continuation and the outputs are written well before Lambda stops the function.
package struct InvocationBudget: Sendable {
    package let requestID: String
    package let deadlineMs: Int64
    package let marginMs: Int64
    let time: any TimeSource

    /// The margin is a fifth of the time the invocation has at the start, at least 2 s and at
    /// most 60 s (a row with all its retries, a continuation and the outputs fit in it).
    package init(requestID: String, deadlineMs: Int64, time: any TimeSource) {
        self.requestID = requestID
        self.deadlineMs = deadlineMs
        self.time = time
        marginMs = min(60_000, max(2_000, (deadlineMs - time.nowMs) / 5))
    }

    package var hasTime: Bool { deadlineMs - time.nowMs > marginMs }
}
