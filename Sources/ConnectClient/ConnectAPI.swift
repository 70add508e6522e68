/// The Amazon Connect operations the product uses, with the members it needs: the reads
/// (`ConnectReading`) and the changes (`ConnectWriting`).
///
/// The seam between the bulk engine and the network: `ConnectHTTPClient` is the real one
/// (SigV4 over libcurl, paced by the transport); tests pass in-memory ones. List and search
/// operations return every page, each page being one API call. Errors are `AWSError`
/// (`code` is AWS's error code) or `TransportError`, after the client's retries.
package typealias ConnectAPI = ConnectReading & ConnectWriting

/// The operations that read and change nothing: what a plan and an export are given, so that
/// a plan that calls a change does not compile.
package protocol ConnectReading: Sendable {
    func describeInstance(_ instanceID: String) async throws -> ConnectInstance
    /// Every security profile, paged at the largest page size the API allows.
    func listSecurityProfiles(_ instanceID: String) async throws -> [ConnectNamedResource]
    /// Every routing profile, paged at the largest page size the API allows.
    func listRoutingProfiles(_ instanceID: String) async throws -> [ConnectNamedResource]
    /// Every hierarchy group with its whole path, paged at the largest page size the API allows.
    func searchUserHierarchyGroups(_ instanceID: String) async throws -> [ConnectHierarchyGroup]
    /// The users with these usernames (exact match), in as few SearchUsers pages as the API
    /// allows. PhoneConfig's `AfterContactWorkTimeLimit` is converted to seconds (AWS: it "is
    /// returned in milliseconds"); the per-channel ACW values are kept as reported, in
    /// `reportedAfterContactWork`, since their unit is documented nowhere. Users missing from
    /// the result may still exist (the index lags writes).
    func searchUsers(_ instanceID: String, usernames: [String]) async throws -> [ConnectUser]
    /// Every user of the instance (SearchUsers without criteria), 500 a page, in the order the
    /// service pages them, each once; ACW as above. What an export lists.
    func searchUsers(_ instanceID: String) async throws -> [ConnectUser]
    func describeUser(_ instanceID: String, userID: String) async throws -> ConnectUser
    /// Every user's id and username, paged at the largest page size the API allows. Not an
    /// index: it shows users that SearchUsers has not caught up with yet.
    func listUsers(_ instanceID: String) async throws -> [ConnectUserSummary]
    /// Every page, at the largest page size the API allows.
    func listUserProficiencies(_ instanceID: String, userID: String) async throws -> [ConnectUserProficiency]
    /// Every predefined attribute of the instance with its values, every page.
    func searchPredefinedAttributes(_ instanceID: String) async throws -> [ConnectPredefinedAttribute]
    /// Every quick connect of the instance with its configuration (SearchQuickConnects, every
    /// page at the largest size): the one read that says which user a USER quick connect points
    /// at (ListQuickConnects gives no configuration).
    func searchQuickConnects(_ instanceID: String) async throws -> [ConnectQuickConnect]
}

/// The operations that change the instance.
package protocol ConnectWriting: Sendable {
    func createUser(_ instanceID: String, _ user: ConnectNewUser) async throws -> ConnectCreatedUser
    func updateUserIdentityInfo(_ instanceID: String, userID: String, _ identity: ConnectIdentityInfo) async throws
    func updateUserRoutingProfile(_ instanceID: String, userID: String, routingProfileID: String) async throws
    func updateUserSecurityProfiles(_ instanceID: String, userID: String, securityProfileIDs: [String]) async throws
    /// `nil` removes the user from its hierarchy group.
    func updateUserHierarchy(_ instanceID: String, userID: String, hierarchyGroupID: String?) async throws
    /// UpdateUserConfig with the per-channel lists for these channels only: channels (and
    /// lists within a channel) it does not carry stay as they are.
    func updateUserConfig(_ instanceID: String, userID: String, _ channels: ConnectChannelConfigs) async throws
    /// Adds or replaces these tags (TagResource, at most 50 a call: batched).
    func tagResource(arn: String, tags: [String: String]) async throws
    /// Removes these tag keys (UntagResource, at most 50 a call: batched).
    func untagResource(arn: String, keys: [String]) async throws
    func associateUserProficiencies(_ instanceID: String, userID: String, _ proficiencies: [ConnectUserProficiency]) async throws
    /// Only the names and values count (`UserProficiencyDisassociate`).
    func disassociateUserProficiencies(_ instanceID: String, userID: String, _ proficiencies: [ConnectUserProficiency]) async throws
    /// The levels of proficiencies already associated with the user.
    func updateUserProficiencies(_ instanceID: String, userID: String, _ proficiencies: [ConnectUserProficiency]) async throws
    /// DeleteUser. It leaves the user's quick connects in place (AWS asks callers to delete
    /// them with DeleteQuickConnect).
    func deleteUser(_ instanceID: String, userID: String) async throws
    func deleteQuickConnect(_ instanceID: String, quickConnectID: String) async throws
}

/// A quick connect (`QuickConnect`), as far as deleting a user's needs it.
package struct ConnectQuickConnect: Sendable, Equatable {
    package var id: String
    package var name: String
    package var type: ConnectQuickConnectType
    /// For a `USER` quick connect, the user it transfers to (`UserConfig.UserId`).
    package var userID: String?

    package init(id: String, name: String, type: ConnectQuickConnectType, userID: String? = nil) {
        self.id = id
        self.name = name
        self.type = type
        self.userID = userID
    }
}

/// How an instance manages its users' identities (the model's `DirectoryType`).
package enum ConnectIdentityManagementType: String, Sendable, Equatable, CaseIterable, Codable {
    case connectManaged = "CONNECT_MANAGED"
    case saml = "SAML"
    case existingDirectory = "EXISTING_DIRECTORY"

    /// A value the model does not list is read as an existing directory, the most cautious of
    /// the three (names optional, no password sent).
    package init(reading text: String) {
        self = Self(rawValue: text.uppercased()) ?? .existingDirectory
    }
}

/// A quick connect's type (the model's `QuickConnectType`). One the model does not list yet is
/// kept as `other`, never acted on: a new type in the service must not stop a delete.
package enum ConnectQuickConnectType: Sendable, Hashable {
    case user, queue, phoneNumber, flow
    case other(String)

    package init(rawValue: String) {
        switch rawValue {
        case "USER": self = .user
        case "QUEUE": self = .queue
        case "PHONE_NUMBER": self = .phoneNumber
        case "FLOW": self = .flow
        default: self = .other(rawValue)
        }
    }

    package var rawValue: String {
        switch self {
        case .user: "USER"
        case .queue: "QUEUE"
        case .phoneNumber: "PHONE_NUMBER"
        case .flow: "FLOW"
        case .other(let text): text
        }
    }
}

package struct ConnectInstance: Sendable, Equatable {
    package var id: String
    package var arn: String
    package var identityManagementType: ConnectIdentityManagementType
    package var alias: String?

    package init(id: String, arn: String, identityManagementType: ConnectIdentityManagementType, alias: String? = nil) {
        self.id = id
        self.arn = arn
        self.identityManagementType = identityManagementType
        self.alias = alias
    }
}

package struct ConnectNamedResource: Sendable, Equatable, Hashable {
    package var id: String
    package var arn: String
    package var name: String

    package init(id: String, arn: String, name: String) {
        self.id = id
        self.arn = arn
        self.name = name
    }
}

package struct ConnectHierarchyGroup: Sendable, Equatable {
    package var id: String
    package var arn: String
    package var name: String
    /// The names from level one down to this group: `["technical support", "IT", "Eastern"]`.
    package var path: [String]

    package init(id: String, arn: String, name: String, path: [String]) {
        self.id = id
        self.arn = arn
        self.name = name
        self.path = path
    }
}

/// `UserIdentityInfo`. UpdateUserIdentityInfo sets the whole of it, so an update sends every
/// member it read (DescribeUser), changed or not.
package struct ConnectIdentityInfo: Sendable, Equatable, Codable {
    package var firstName: String?
    package var lastName: String?
    package var email: String?
    package var secondaryEmail: String?
    package var mobile: String?

    package init(firstName: String? = nil, lastName: String? = nil, email: String? = nil,
                secondaryEmail: String? = nil, mobile: String? = nil) {
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.secondaryEmail = secondaryEmail
        self.mobile = mobile
    }
}

/// `UserSummary` (ListUsers).
package struct ConnectUserSummary: Sendable, Equatable {
    package var id: String
    package var arn: String
    package var username: String

    package init(id: String, arn: String, username: String) {
        self.id = id
        self.arn = arn
        self.username = username
    }
}

package struct ConnectPhoneConfig: Sendable, Equatable, Codable {
    package enum PhoneType: String, Sendable, Equatable, Codable {
        case softPhone = "SOFT_PHONE"
        case deskPhone = "DESK_PHONE"
    }

    package var phoneType: PhoneType
    package var autoAccept: Bool
    /// Seconds.
    package var afterContactWorkTimeLimit: Int
    package var deskPhoneNumber: String?

    package init(phoneType: PhoneType, autoAccept: Bool = false, afterContactWorkTimeLimit: Int = 0, deskPhoneNumber: String? = nil) {
        self.phoneType = phoneType
        self.autoAccept = autoAccept
        self.afterContactWorkTimeLimit = afterContactWorkTimeLimit
        self.deskPhoneNumber = deskPhoneNumber
    }
}

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

package struct ConnectCreatedUser: Sendable, Equatable {
    package var userID: String
    package var userARN: String

    package init(userID: String, userARN: String) {
        self.userID = userID
        self.userARN = userARN
    }
}

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
