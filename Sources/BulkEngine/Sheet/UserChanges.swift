import ConnectClient

/// What an update row asks for: every member `nil` means "leave as it is" (an empty cell).
/// Names are resolved to ids and cells checked, so applying it needs no further look-up.
package struct UserChanges: Sendable, Equatable {
    package enum Hierarchy: Sendable, Equatable {
        /// Put the user in this group.
        case group(id: String)
        /// `(none)`: remove the user from its group.
        case none
    }

    /// The key: the user to change.
    package var username: String
    /// NFC-normalized, as sent.
    package var firstName: String?
    package var lastName: String?
    package var email: String?
    package var secondaryEmail: String?
    /// E.164, separators removed.
    package var mobile: String?
    package var phoneType: ConnectPhoneConfig.PhoneType?
    /// E.164, separators removed.
    package var deskPhoneNumber: String?
    /// Voice's auto accept (the legacy `soft phone auto accept` column).
    package var autoAccept: Bool?
    /// Seconds: the legacy `ACW timeout` column, for every channel without an ACW cell of its
    /// own (`resolvedChannels`).
    package var afterContactWorkTimeLimit: Int?
    /// The per-channel columns' cells, as given (see `resolvedChannels`).
    package var channels: ChannelSettings
    /// The user's whole tag set; empty for `(none)`.
    package var tags: [String: String]?
    /// The user's whole proficiency set; empty for `(none)`.
    package var proficiencies: [SheetProficiency]?
    package var routingProfileID: String?
    /// The whole new set (order does not matter), without repeats.
    package var securityProfileIDs: [String]?
    package var hierarchy: Hierarchy?
    /// The row had a password cell: the API cannot change a password, so it is ignored and
    /// the report says so. The value itself is never kept.
    package var passwordIgnored: Bool

    package init(username: String, firstName: String? = nil, lastName: String? = nil, email: String? = nil,
                secondaryEmail: String? = nil, mobile: String? = nil,
                phoneType: ConnectPhoneConfig.PhoneType? = nil, deskPhoneNumber: String? = nil, autoAccept: Bool? = nil,
                afterContactWorkTimeLimit: Int? = nil, channels: ChannelSettings = ChannelSettings(),
                tags: [String: String]? = nil, proficiencies: [SheetProficiency]? = nil,
                routingProfileID: String? = nil, securityProfileIDs: [String]? = nil,
                hierarchy: Hierarchy? = nil, passwordIgnored: Bool = false) {
        self.username = username
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.secondaryEmail = secondaryEmail
        self.mobile = mobile
        self.channels = channels
        self.tags = tags
        self.proficiencies = proficiencies
        self.phoneType = phoneType
        self.deskPhoneNumber = deskPhoneNumber
        self.autoAccept = autoAccept
        self.afterContactWorkTimeLimit = afterContactWorkTimeLimit
        self.routingProfileID = routingProfileID
        self.securityProfileIDs = securityProfileIDs
        self.hierarchy = hierarchy
        self.passwordIgnored = passwordIgnored
    }

    /// Every per-channel setting the row names, the legacy columns folded in: `soft phone
    /// auto accept` is voice's, `ACW timeout` sets each channel that has no ACW cell of its own.
    package var resolvedChannels: ChannelSettings {
        channels.resolved(voiceAutoAccept: autoAccept, afterContactWork: afterContactWorkTimeLimit)
    }
}
