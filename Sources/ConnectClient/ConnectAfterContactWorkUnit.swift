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
