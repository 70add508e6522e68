import JSONLog
import Synchronization

/// What the function's Connect calls cost so far, counted where they happen: requests and
/// 429s by the paced transport, retries by the AWS client's retry callback. A run reads it
/// before and after itself.
package final class RunMetrics: Sendable {
    private let counts = Mutex(CallCounts())
    private let lanes = Mutex([String: LaneCounts]())
    private let gate = Mutex(GateCounts())

    package init() {}

    package var snapshot: CallCounts { counts.withLock { $0 } }
    /// The calls of each operation's lane so far, and its rate after the last answer.
    package var laneSnapshot: [String: LaneCounts] { lanes.withLock { $0 } }
    /// The account gate's engagements so far, and its rate after the last answer.
    package var gateSnapshot: GateCounts { gate.withLock { $0 } }

    package func countRequest(throttled: Bool) { countRequests(1, throttled: throttled) }

    /// `sent` requests, the last of which was answered 429 when `throttled`; in the lane of
    /// `operation`, when one is named, which answered at `rate` calls a second.
    package func countRequests(_ sent: Int, throttled: Bool, operation: String? = nil, rate: Double? = nil) {
        counts.withLock {
            $0.apiCalls += sent
            if throttled { $0.throttled += 1 }
        }
        guard let operation else { return }
        lanes.withLock {
            $0[operation, default: LaneCounts()].calls += sent
            if throttled { $0[operation, default: LaneCounts()].throttled += 1 }
            $0[operation]?.rate = rate
        }
    }

    package func countRetry() { counts.withLock { $0.retries += 1 } }

    /// The account gate after an answer: how many times it engaged so far, and its rate (nil
    /// while it is off).
    package func noteGate(_ counts: GateCounts) {
        gate.withLock { $0 = counts }
    }
}
