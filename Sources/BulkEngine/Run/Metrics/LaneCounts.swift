import JSONLog
import Synchronization

/// One lane's share of the calls: requests, 429s, and the rate it was at after its last
/// answer (nil for a lane with no pace).
public struct LaneCounts: Codable, Sendable, Equatable {
    public var calls = 0
    public var throttled = 0
    public var rate: Double?

    public init(calls: Int = 0, throttled: Int = 0, rate: Double? = nil) {
        self.calls = calls
        self.throttled = throttled
        self.rate = rate
    }
}
