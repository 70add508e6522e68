/// A user's current settings, from DescribeUser or SearchUsers.
package struct ConnectUser: Sendable, Equatable, Codable {
    package var id: String
    package var arn: String
    package var username: String
    /// SearchUsers carries first and last name only; DescribeUser also the email, secondary
    /// email and mobile.
    package var identityInfo: ConnectIdentityInfo
    /// Whether `identityInfo.email` is known (DescribeUser) or was not reported (SearchUsers).
    package var emailIsKnown: Bool
    package var phoneConfig: ConnectPhoneConfig
    package var securityProfileIDs: [String]
    package var routingProfileID: String
    package var hierarchyGroupID: String?
    /// What the per-channel lists report; `[:]` when none. The ACW members are seconds, and
    /// absent while `reportedAfterContactWork` holds SearchUsers' values in an unknown unit.
    package var channels: ConnectChannelConfigs
    /// SearchUsers' per-channel ACW values by channel, as reported, until the job applies their
    /// unit (`readingAfterContactWork(in:)`); nil for a user read with DescribeUser.
    package var reportedAfterContactWork: [ConnectChannel: ConnectReportedAfterContactWork]?
    package var tags: [String: String]
    /// `DirectoryUserId` (existing-directory instances).
    package var directoryUserID: String?

    package init(id: String, arn: String, username: String, identityInfo: ConnectIdentityInfo, emailIsKnown: Bool,
                phoneConfig: ConnectPhoneConfig, securityProfileIDs: [String], routingProfileID: String,
                hierarchyGroupID: String?, channels: ConnectChannelConfigs = [:], tags: [String: String] = [:],
                directoryUserID: String? = nil) {
        self.directoryUserID = directoryUserID
        self.channels = channels
        self.tags = tags
        self.id = id
        self.arn = arn
        self.username = username
        self.identityInfo = identityInfo
        self.emailIsKnown = emailIsKnown
        self.phoneConfig = phoneConfig
        self.securityProfileIDs = securityProfileIDs
        self.routingProfileID = routingProfileID
        self.hierarchyGroupID = hierarchyGroupID
    }
}
