import ConnectClient

/// One mutating call of an update, carrying what it sends.
public enum UserUpdate: Sendable, Equatable {
    /// The whole identity: UpdateUserIdentityInfo sets every member, so what is not changed is
    /// sent back as it was read.
    case identity(ConnectIdentityInfo)
    /// The whole phone configuration, for the same reason.
    case phone(ConnectPhoneConfig)
    case routingProfile(id: String)
    case securityProfiles(ids: [String])
    /// `nil` removes the user from its group.
    case hierarchy(groupID: String?)

    /// The setting, in the words of the report.
    public var setting: String {
        switch self {
        case .identity: "names and email"
        case .phone: "phone settings"
        case .routingProfile: "routing profile"
        case .securityProfiles: "security profiles"
        case .hierarchy: "hierarchy"
        }
    }
}

/// Compares what a row asks for with the user's current state and says which calls change
/// it: one per setting that differs, none for a user already as asked.
enum UserDiff {
    /// Whether comparing needs what SearchUsers does not report: the email, and the secondary
    /// email and mobile that an identity update must send back unchanged. True only when the
    /// row sets an email, or changes a name.
    static func needsDescription(_ current: ConnectUser, _ changes: UserChanges) -> Bool {
        guard !current.emailIsKnown else { return false }
        if changes.email != nil { return true }
        if let first = changes.firstName, first != current.identityInfo.firstName { return true }
        if let last = changes.lastName, last != current.identityInfo.lastName { return true }
        return false
    }

    /// The calls, in a fixed order (identity, phone, routing profile, security profiles,
    /// hierarchy), or the problem that makes the row impossible for this user.
    static func updates(from current: ConnectUser, to changes: UserChanges,
                        identity management: IdentityManagement) -> Result<[UserUpdate], RowProblem> {
        var updates: [UserUpdate] = []

        var identity = current.identityInfo
        if let first = changes.firstName { identity.firstName = first }
        if let last = changes.lastName { identity.lastName = last }
        if let email = changes.email { identity.email = email }
        // SAML instances refuse Email in UpdateUserIdentityInfo.
        if management == .saml { identity.email = nil }
        let namesDiffer = identity.firstName != current.identityInfo.firstName || identity.lastName != current.identityInfo.lastName
        let emailDiffers = changes.email != nil && changes.email != current.identityInfo.email
        if namesDiffer || (management != .saml && emailDiffers) {
            updates.append(.identity(identity))
        }

        var phone = current.phoneConfig
        if let type = changes.phoneType { phone.phoneType = type }
        if let number = changes.deskPhoneNumber { phone.deskPhoneNumber = number }
        if let autoAccept = changes.autoAccept { phone.autoAccept = autoAccept }
        if let seconds = changes.afterContactWorkTimeLimit { phone.afterContactWorkTimeLimit = seconds }
        if phone.phoneType == .deskPhone, phone.deskPhoneNumber == nil {
            return .failure(RowProblem(column: .phoneNumber, kind: .empty,
                message: "phone number is empty and user '\(current.username)' has no desk phone number: a desk phone needs one, for example \(FieldRules.phoneExample)"))
        }
        if phone != current.phoneConfig { updates.append(.phone(phone)) }

        if let id = changes.routingProfileID, id != current.routingProfileID {
            updates.append(.routingProfile(id: id))
        }
        if let ids = changes.securityProfileIDs, Set(ids) != Set(current.securityProfileIDs) {
            updates.append(.securityProfiles(ids: ids))
        }
        switch changes.hierarchy {
        case .some(.group(let id)) where id != current.hierarchyGroupID:
            updates.append(.hierarchy(groupID: id))
        case .some(UserChanges.Hierarchy.none) where current.hierarchyGroupID != nil:
            updates.append(.hierarchy(groupID: nil))
        default:
            break
        }
        return .success(updates)
    }
}
