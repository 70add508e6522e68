import ConnectClient

/// What an update row asks for: every member `nil` means "leave as it is" (an empty cell).
/// Names are resolved to ids and cells checked, so applying it needs no further look-up.
public struct UserChanges: Sendable, Equatable {
    public enum Hierarchy: Sendable, Equatable {
        /// Put the user in this group.
        case group(id: String)
        /// `(none)`: remove the user from its group.
        case none
    }

    /// The key: the user to change.
    public var username: String
    /// NFC-normalized, as sent.
    public var firstName: String?
    public var lastName: String?
    public var email: String?
    public var phoneType: ConnectPhoneConfig.PhoneType?
    /// E.164, separators removed.
    public var deskPhoneNumber: String?
    public var autoAccept: Bool?
    /// Seconds.
    public var afterContactWorkTimeLimit: Int?
    public var routingProfileID: String?
    /// The whole new set (order does not matter), without repeats.
    public var securityProfileIDs: [String]?
    public var hierarchy: Hierarchy?
    /// The row had a password cell: the API cannot change a password, so it is ignored and
    /// the report says so. The value itself is never kept.
    public var passwordIgnored: Bool

    public init(username: String, firstName: String? = nil, lastName: String? = nil, email: String? = nil,
                phoneType: ConnectPhoneConfig.PhoneType? = nil, deskPhoneNumber: String? = nil, autoAccept: Bool? = nil,
                afterContactWorkTimeLimit: Int? = nil, routingProfileID: String? = nil, securityProfileIDs: [String]? = nil,
                hierarchy: Hierarchy? = nil, passwordIgnored: Bool = false) {
        self.username = username
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.phoneType = phoneType
        self.deskPhoneNumber = deskPhoneNumber
        self.autoAccept = autoAccept
        self.afterContactWorkTimeLimit = afterContactWorkTimeLimit
        self.routingProfileID = routingProfileID
        self.securityProfileIDs = securityProfileIDs
        self.hierarchy = hierarchy
        self.passwordIgnored = passwordIgnored
    }
}

/// A row and what update will do with it: the changes it asks for, or the problem that keeps
/// it from costing an API call.
public struct PlannedUpdate: Sendable {
    public let row: AgentRow
    public let outcome: Result<UserChanges, RowProblem>

    public init(row: AgentRow, outcome: Result<UserChanges, RowProblem>) {
        self.row = row
        self.outcome = outcome
    }
}
