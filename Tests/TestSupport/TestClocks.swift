import Base
import Synchronization

/// A time source whose `sleep` returns at once and moves time forward by the requested amount,
/// recording each sleep. Lets retry, pacing and runtime-loop tests check delays in microseconds
/// of real time.
public final class ImmediateClock: TimeSource {
    private struct State {
        var elapsed: Duration = .zero
        var sleeps: [Duration] = []
        var reads = 0
    }

    private let state = Mutex(State())
    private let startMs: Int64
    private let tickPerRead: Duration

    /// - Parameters:
    ///   - startMs: the wall clock at the start (default 2015-08-30T12:36:00Z, AWS's SigV4
    ///     example moment).
    ///   - tickPerRead: how far each reading of the wall clock moves it (so that, for example,
    ///     each signature of a test has its own time).
    public init(startMs: Int64 = 1_440_938_160_000, tickPerRead: Duration = .zero) {
        self.startMs = startMs
        self.tickPerRead = tickPerRead
    }

    /// Time moved since the start, by sleeps and `advance`.
    public var elapsed: Duration { state.withLock { $0.elapsed } }

    /// Every duration slept so far, in order.
    public var sleeps: [Duration] { state.withLock { $0.sleeps } }

    public var nowMs: Int64 {
        state.withLock { state in
            defer { state.reads += 1 }
            return startMs + state.elapsed.wholeMilliseconds + (tickPerRead * state.reads).wholeMilliseconds
        }
    }

    public var uptime: Duration { elapsed }

    public func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        state.withLock { state in
            state.sleeps.append(max(duration, .zero))
            if duration > .zero { state.elapsed += duration }
        }
    }

    /// Moves time forward without a sleep, as elapsed work would.
    public func advance(by duration: Duration) {
        state.withLock { $0.elapsed += duration }
    }
}

/// A time source that moves only when the test says so: a sleep suspends until `advance`
/// carries the time past its end (or the sleeping task is cancelled). With it, a heartbeat or a
/// lease wait happens exactly when a test makes it happen.
public final class ManualClock: TimeSource {
    private struct Sleeper {
        let id: Int
        let wakeAt: Duration
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var elapsed: Duration = .zero
        var sleepers: [Sleeper] = []
        var nextID = 0
    }

    private let state = Mutex(State())
    private let startMs: Int64

    public init(startMs: Int64 = 1_764_547_200_000) {  // 2025-12-01T00:00:00Z
        self.startMs = startMs
    }

    public var nowMs: Int64 { startMs + state.withLock { $0.elapsed }.wholeMilliseconds }
    public var uptime: Duration { state.withLock { $0.elapsed } }

    /// How many tasks are asleep now.
    public var sleeping: Int { state.withLock { $0.sleepers.count } }

    public func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        guard duration > .zero else { return }
        let id = state.withLock { state -> Int in
            defer { state.nextID += 1 }
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let cancelled = state.withLock { state -> Bool in
                    if Task.isCancelled { return true }
                    state.sleepers.append(Sleeper(id: id, wakeAt: state.elapsed + duration, continuation: continuation))
                    return false
                }
                if cancelled { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let sleeper = state.withLock { state -> Sleeper? in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return state.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves time forward and wakes every sleep that ends by then.
    public func advance(by duration: Duration) {
        let woken = state.withLock { state -> [Sleeper] in
            state.elapsed += duration
            let due = state.sleepers.filter { $0.wakeAt <= state.elapsed }
            state.sleepers.removeAll { $0.wakeAt <= state.elapsed }
            return due
        }
        for sleeper in woken { sleeper.continuation.resume() }
    }
}
