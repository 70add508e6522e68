import Synchronization

/// The throttle of an AWS account's API: `burst` tokens, refilled at `rate` per second; a
/// request that finds no token is refused (the caller answers 429 `ThrottlingException`).
///
/// Time comes from `now` (time since any fixed origin), so tests step it by hand.
public final class TokenBucket: Sendable {
    public struct Settings: Sendable, Equatable, Codable {
        public var ratePerSecond: Double
        public var burst: Double
        public init(ratePerSecond: Double = 2, burst: Double = 5) {
            self.ratePerSecond = ratePerSecond
            self.burst = burst
        }
    }

    private struct State {
        var settings: Settings
        var tokens: Double
        var updated: Duration
    }

    private let state: Mutex<State>
    private let now: @Sendable () -> Duration

    public init(_ settings: Settings = Settings(), now: @escaping @Sendable () -> Duration = TokenBucket.monotonicNow) {
        self.now = now
        state = Mutex(State(settings: settings, tokens: settings.burst, updated: now()))
    }

    /// Takes a token if one is there. `true`: admitted; `false`: throttled.
    public func tryAcquire() -> Bool {
        let moment = now()
        return state.withLock { state in
            refill(&state, at: moment)
            guard state.tokens >= 1 else { return false }
            state.tokens -= 1
            return true
        }
    }

    public var settings: Settings {
        get { state.withLock { $0.settings } }
    }

    /// New settings take effect at once, with a full bucket.
    public func reconfigure(_ settings: Settings) {
        let moment = now()
        state.withLock { $0 = State(settings: settings, tokens: settings.burst, updated: moment) }
    }

    private func refill(_ state: inout State, at moment: Duration) {
        let elapsed = moment - state.updated
        guard elapsed > .zero else { return }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        state.tokens = min(state.settings.burst, state.tokens + seconds * state.settings.ratePerSecond)
        state.updated = moment
    }

    /// Time since this process's first call, on the monotonic clock.
    @Sendable public static func monotonicNow() -> Duration {
        origin.duration(to: ContinuousClock.now)
    }

    private static let origin = ContinuousClock.now
}
