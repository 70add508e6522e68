import AWSCore
import Synchronization

/// At most one call per `interval`, and no wait beyond it: the Amazon Connect API's rate
/// limit is the physical limit of this job, so the pacer spends exactly that and no more.
///
/// A caller reserves the next free slot (now, or one interval after the previous slot) and
/// sleeps until it; reservations are made under a lock, so concurrent callers get distinct
/// slots in the order they asked. Slots are on the time source's monotonic time, so tests run
/// in microseconds and a wall-clock step never bunches calls.
public final class Pacer: Sendable {
    public let interval: Duration
    private let time: any TimeSource
    private let nextSlot: Mutex<Duration?>

    public init(interval: Duration, time: any TimeSource) {
        self.interval = interval
        self.time = time
        nextSlot = Mutex(nil)
    }

    /// Waits for this call's slot. Throws `CancellationError` if the task is cancelled.
    public func waitForSlot() async throws {
        let now = time.uptime
        let slot = nextSlot.withLock { next -> Duration in
            let slot = next.map { Swift.max($0, now) } ?? now
            next = slot + interval
            return slot
        }
        if slot > now { try await time.sleep(for: slot - now) }
    }
}

/// An `HTTPTransport` whose every request first waits for the pacer: with the AWS client on
/// top of it, look-ups, writes and retries all share one pace. Counts what it sent.
public final class PacedTransport: HTTPTransport, Sendable {
    private let base: any HTTPTransport
    private let pacer: Pacer
    private let metrics: RunMetrics

    public init(_ base: any HTTPTransport, pacer: Pacer, metrics: RunMetrics) {
        self.base = base
        self.pacer = pacer
        self.metrics = metrics
    }

    /// Requests go through one at a time (the pacer's slots follow each other), so the base's
    /// count before and after is this request's.
    public func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await pacer.waitForSlot()
        let counter = base as? any CountsRequestsSent
        let before = counter?.requestsSent
        func sent() -> Int {
            guard let counter, let before else { return 1 }
            return counter.requestsSent - before
        }
        do {
            let response = try await base.execute(request)
            metrics.countRequests(sent(), throttled: response.status == 429)
            return response
        } catch {
            metrics.countRequests(sent(), throttled: false)
            throw error
        }
    }
}
