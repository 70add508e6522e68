/// A CreateUser request. The password never appears in `description` or `dump`.
package struct ConnectNewUser: Sendable, Equatable, CustomStringConvertible, CustomReflectable {
    package var username: String
    package var password: String?
    package var identityInfo: ConnectIdentityInfo?
    package var phoneConfig: ConnectPhoneConfig
    package var securityProfileIDs: [String]
    package var routingProfileID: String
    package var hierarchyGroupID: String?
    /// When not empty, CreateUser sends the per-channel lists and not `phoneConfig` (the model:
    /// "Fields in PhoneConfig cannot be set simultaneously with their corresponding
    /// channel-specific configuration parameters").
    package var channels: ConnectChannelConfigs
    /// Sent as `Tags` when not empty.
    package var tags: [String: String]
    /// The user's id in the instance's existing directory (`DirectoryUserId`; existing-directory
    /// instances only).
    package var directoryUserID: String?

    package init(username: String, password: String? = nil, identityInfo: ConnectIdentityInfo? = nil,
                phoneConfig: ConnectPhoneConfig, securityProfileIDs: [String], routingProfileID: String,
                hierarchyGroupID: String? = nil, channels: ConnectChannelConfigs = [:], tags: [String: String] = [:],
                directoryUserID: String? = nil) {
        self.username = username
        self.password = password
        self.identityInfo = identityInfo
        self.phoneConfig = phoneConfig
        self.securityProfileIDs = securityProfileIDs
        self.routingProfileID = routingProfileID
        self.hierarchyGroupID = hierarchyGroupID
        self.channels = channels
        self.tags = tags
        self.directoryUserID = directoryUserID
    }

    package var description: String {
        """
            ConnectNewUser(username: \(username), password: \(password == nil ? "none" : "<redacted>"), identityInfo: \
            \(String(describing: identityInfo)), phoneConfig: \(phoneConfig), securityProfileIDs: \(securityProfileIDs), routingProfileID: \
            \(routingProfileID), hierarchyGroupID: \(hierarchyGroupID ?? "none"), channels: \(channels), tags: \(tags))
            """
    }

    package var customMirror: Mirror {
        Mirror(self, children: ["username": username, "password": password == nil ? "none" : "<redacted>",
                                "identityInfo": identityInfo as Any, "phoneConfig": phoneConfig,
                                "securityProfileIDs": securityProfileIDs, "routingProfileID": routingProfileID,
                                "hierarchyGroupID": hierarchyGroupID as Any, "channels": channels, "tags": tags],
               displayStyle: .struct)
    }
}
