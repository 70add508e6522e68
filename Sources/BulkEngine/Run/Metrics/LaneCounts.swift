import JSONLog
import Synchronization

/// One lane's share of the calls: requests, 429s, and the rate it was at after its last
/// answer (nil for a lane with no pace).
package struct LaneCounts: Codable, Sendable, Equatable {
    package var calls = 0
    package var throttled = 0
    package var rate: Double?

    package init(calls: Int = 0, throttled: Int = 0, rate: Double? = nil) {
        self.calls = calls
        self.throttled = throttled
        self.rate = rate
    }
}
