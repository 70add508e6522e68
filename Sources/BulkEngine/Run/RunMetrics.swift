import JSONLog
import Synchronization

/// Counters a run reads before and after itself: Connect requests and 429s (from the paced
/// transport) and retries (from the AWS client's retry callback).
public final class RunMetrics: Sendable {
    public struct Snapshot: Sendable, Equatable {
        public var requests = 0
        public var throttled = 0
        public var retries = 0
        public init() {}

        public static func - (lhs: Snapshot, rhs: Snapshot) -> Snapshot {
            var difference = Snapshot()
            difference.requests = lhs.requests - rhs.requests
            difference.throttled = lhs.throttled - rhs.throttled
            difference.retries = lhs.retries - rhs.retries
            return difference
        }
    }

    private let counts = Mutex(Snapshot())

    public init() {}

    public var snapshot: Snapshot { counts.withLock { $0 } }

    public func countRequest(throttled: Bool) { countRequests(1, throttled: throttled) }

    /// `sent` requests, the last of which was answered 429 when `throttled`.
    public func countRequests(_ sent: Int, throttled: Bool) {
        counts.withLock {
            $0.requests += sent
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
