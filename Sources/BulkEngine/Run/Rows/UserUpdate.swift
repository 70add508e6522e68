import ConnectClient

/// One mutating call of an update, carrying what it sends.
package enum UserUpdate: Sendable, Equatable {
    /// The whole identity: UpdateUserIdentityInfo sets every member, so what is not changed is
    /// sent back as it was read.
    case identity(ConnectIdentityInfo)
    /// UpdateUserConfig with only the channels whose settings differ, each with only the lists
    /// that differ. Never UpdateUserPhoneConfig: it "will always set the same ACW timeouts to
    /// all channels the user handles" (AWS's model), changing what the row did not name.
    case channels(ConnectChannelConfigs)
    case routingProfile(id: String)
    case securityProfiles(ids: [String])
    /// `nil` removes the user from its group.
    case hierarchy(groupID: String?)
    /// TagResource: the keys added or whose value changes.
    case tag([String: String])
    /// UntagResource: the keys the row's set does not have.
    case untag(keys: [String])
    case disassociateProficiencies([ConnectUserProficiency])
    case associateProficiencies([ConnectUserProficiency])
    /// A level that changes.
    case updateProficiencies([ConnectUserProficiency])

    /// The setting it changes.
    package var setting: UserSetting {
        switch self {
        case .identity: .identity
        case .channels: .channels
        case .routingProfile: .routingProfile
        case .securityProfiles: .securityProfiles
        case .hierarchy: .hierarchy
        case .tag, .untag: .tags
        case .disassociateProficiencies, .associateProficiencies, .updateProficiencies: .proficiencies
        }
    }
}
