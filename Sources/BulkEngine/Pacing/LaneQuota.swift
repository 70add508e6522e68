/// A quota's settings for one operation's lane, and whether it was applied or AWS's default.
package struct LaneQuota: Codable, Sendable, Equatable {
    package var ratePerSecond: Double
    /// The account's burst for the operation.
    package var burst: Int
    /// `.quota` or `.defaultQuota`.
    package var source: LaneSource

    package init(ratePerSecond: Double, burst: Int, source: LaneSource) {
        self.ratePerSecond = ratePerSecond
        self.burst = burst
        self.source = source
    }

    /// The lane goes at the quota's rate and keeps one call of its burst in reserve: a lane
    /// as fast as the account's bucket, burst for burst, leaves it empty, and a call that
    /// arrives a few milliseconds early is throttled (docs/PERFORMANCE.md); with one in
    /// reserve, a call may arrive up to an interval early.
    var settings: LaneSettings { LaneSettings(ratePerSecond: ratePerSecond, burst: max(1, burst - 1)) }
}
