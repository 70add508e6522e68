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
