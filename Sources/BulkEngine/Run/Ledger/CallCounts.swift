/// What Connect calls cost: requests on the wire (retries and libcurl's own re-sends
/// included), retries, and 429 answers.
package struct CallCounts: Codable, Sendable, Equatable {
    package var apiCalls = 0
    package var retries = 0
    package var throttled = 0

    package init(apiCalls: Int = 0, retries: Int = 0, throttled: Int = 0) {
        self.apiCalls = apiCalls
        self.retries = retries
        self.throttled = throttled
    }

    package static func + (lhs: CallCounts, rhs: CallCounts) -> CallCounts {
        CallCounts(apiCalls: lhs.apiCalls + rhs.apiCalls, retries: lhs.retries + rhs.retries, throttled: lhs.throttled + rhs.throttled)
    }

    package static func - (lhs: CallCounts, rhs: CallCounts) -> CallCounts {
        CallCounts(apiCalls: lhs.apiCalls - rhs.apiCalls, retries: lhs.retries - rhs.retries, throttled: lhs.throttled - rhs.throttled)
    }
}
