import AWSCore
import Synchronization

/// How fast one Connect operation may be called: `ratePerSecond` on average, up to `burst`
/// calls at once after an idle spell (AWS's quotas are a rate and a burst per API).
package struct LaneSettings: Sendable, Equatable {
    /// Calls a second; `.infinity` for no pace at all (`API_INTERVAL_MS=0`).
    package var ratePerSecond: Double
    package var burst: Int

    package init(ratePerSecond: Double, burst: Int = 1) {
        self.ratePerSecond = ratePerSecond
        self.burst = max(1, burst)
    }

    /// One call per `interval` (zero: no pace).
    package init(interval: Duration, burst: Int = 1) {
        let seconds = Lane.seconds(interval)
        self.init(ratePerSecond: seconds > 0 ? 1 / seconds : .infinity, burst: burst)
    }
}
