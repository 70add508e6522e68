import JSONLog
import Synchronization

/// What the function's Connect calls cost so far, counted where they happen: requests and
/// 429s by the paced transport, retries by the AWS client's retry callback. A run reads it
/// before and after itself.
public final class RunMetrics: Sendable {
    private let counts = Mutex(CallCounts())

    public init() {}

    public var snapshot: CallCounts { counts.withLock { $0 } }

    public func countRequest(throttled: Bool) { countRequests(1, throttled: throttled) }

    /// `sent` requests, the last of which was answered 429 when `throttled`.
    public func countRequests(_ sent: Int, throttled: Bool) {
        counts.withLock {
            $0.apiCalls += sent
            if throttled { $0.throttled += 1 }
        }
    }

    public func countRetry() { counts.withLock { $0.retries += 1 } }
}

/// What a Connect call is made for, so that retry logs (written by the AWS client's callback,
/// far from the row) name the row and carry the invocation's request id.
public enum RowContext {
    @TaskLocal public static var line: Int?
    @TaskLocal public static var logger: Logger?
}
