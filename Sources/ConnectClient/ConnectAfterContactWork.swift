/// A unit SearchUsers may report a per-channel ACW (`AfterContactWorkConfigs`) in.
///
/// AWS documents that SearchUsers returns PhoneConfig's `AfterContactWorkTimeLimit` "in
/// milliseconds", while the per-channel shape's own documentation says "The ACW timeout
/// duration in seconds"; nothing says which holds for the per-channel lists in SearchUsers.
/// So a searched user keeps those values as reported (`ConnectUser.reportedAfterContactWork`)
/// until the job has found the unit from the service itself.
package enum ConnectAfterContactWorkUnit: String, Sendable, Codable, CaseIterable {
    case seconds, milliseconds

    /// `value`, reported in this unit, in whole seconds (milliseconds to the nearest second).
    package func seconds(_ value: Int) -> Int {
        self == .seconds ? value : (value + 500) / 1000
    }

    /// `seconds` as this unit reports it.
    package func reported(_ seconds: Int) -> Int {
        self == .seconds ? seconds : seconds * 1000
    }
}

/// One channel's ACW values as SearchUsers reported them, in a unit not known yet.
package struct ConnectReportedAfterContactWork: Sendable, Equatable, Codable {
    /// `AfterContactWorkConfig.AfterContactWorkTimeLimit`.
    package var limit: Int?
    /// VOICE only: `AgentFirstCallbackAfterContactWorkConfig.AfterContactWorkTimeLimit`.
    package var callbackLimit: Int?

    package init(limit: Int? = nil, callbackLimit: Int? = nil) {
        self.limit = limit
        self.callbackLimit = callbackLimit
    }

    var isZero: Bool { (limit ?? 0) == 0 && (callbackLimit ?? 0) == 0 }
}

extension ConnectUser {
    /// Whether the per-channel ACW in `channels` is in seconds: true for DescribeUser's users
    /// and for searched users once their unit was applied (or every value was 0).
    package var afterContactWorkIsKnown: Bool { reportedAfterContactWork == nil }

    /// Whether the unit matters for this user: some reported per-channel ACW is not 0.
    package var reportsNonZeroAfterContactWork: Bool {
        reportedAfterContactWork?.values.contains { !$0.isZero } ?? false
    }

    /// This user with its reported per-channel ACW read in `unit`, as seconds in `channels`.
    package func readingAfterContactWork(in unit: ConnectAfterContactWorkUnit) -> ConnectUser {
        guard let reported = reportedAfterContactWork else { return self }
        var user = self
        for (channel, values) in reported {
            var config = user.channels[channel] ?? ConnectChannelConfig()
            config.afterContactWorkSeconds = values.limit.map(unit.seconds)
            config.agentFirstCallbackAfterContactWorkSeconds = values.callbackLimit.map(unit.seconds)
            user.channels[channel] = config
        }
        user.reportedAfterContactWork = nil
        return user
    }

    /// This user with every reported per-channel ACW read as 0, which it is in any unit; nil when
    /// a value is not 0.
    package var readingZeroAfterContactWork: ConnectUser? {
        reportsNonZeroAfterContactWork ? nil : readingAfterContactWork(in: .seconds)
    }
}
