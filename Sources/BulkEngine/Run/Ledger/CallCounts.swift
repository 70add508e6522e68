/// What Connect calls cost: requests on the wire (retries and libcurl's own re-sends
/// included), retries, and 429 answers.
public struct CallCounts: Codable, Sendable, Equatable {
    public var apiCalls = 0
    public var retries = 0
    public var throttled = 0

    public init(apiCalls: Int = 0, retries: Int = 0, throttled: Int = 0) {
        self.apiCalls = apiCalls
        self.retries = retries
        self.throttled = throttled
    }

    public static func + (lhs: CallCounts, rhs: CallCounts) -> CallCounts {
        CallCounts(apiCalls: lhs.apiCalls + rhs.apiCalls, retries: lhs.retries + rhs.retries, throttled: lhs.throttled + rhs.throttled)
    }

    public static func - (lhs: CallCounts, rhs: CallCounts) -> CallCounts {
        CallCounts(apiCalls: lhs.apiCalls - rhs.apiCalls, retries: lhs.retries - rhs.retries, throttled: lhs.throttled - rhs.throttled)
    }
}
