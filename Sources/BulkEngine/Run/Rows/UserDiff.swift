import ConnectClient

/// Compares what a row asks for with the user's current state and says which calls change
/// it: one per setting that differs, none for a user already as asked.
enum UserDiff {
    /// Whether comparing needs what SearchUsers does not report: the email, and the secondary
    /// email and mobile that an identity update must send back unchanged (true only when the
    /// row sets an email, a secondary email or a mobile, or changes a name); or the per-channel
    /// ACW in seconds, when the job could not find the unit SearchUsers reports it in (only
    /// for a row that sets an ACW).
    static func needsDescription(_ current: ConnectUser, _ changes: UserChanges) -> Bool {
        if !current.afterContactWorkIsKnown, setsAfterContactWork(changes) { return true }
        guard !current.emailIsKnown else { return false }
        if changes.email != nil || changes.secondaryEmail != nil || changes.mobile != nil { return true }
        if let first = changes.firstName, first != current.identityInfo.firstName { return true }
        if let last = changes.lastName, last != current.identityInfo.lastName { return true }
        return false
    }

    /// Whether the row names any channel's ACW (its own cell, the legacy column or callback's).
    static func setsAfterContactWork(_ changes: UserChanges) -> Bool {
        let channels = changes.resolvedChannels
        return !channels.afterContactWork.isEmpty || channels.callbackAfterContactWork != nil
    }

    /// The calls, in a fixed order (identity, channels, routing profile, security profiles,
    /// hierarchy, tags, proficiencies), or the problem that makes the row impossible for this
    /// user. `proficiencies` is the user's current set (ListUserProficiencies), read only for a
    /// row that sets them.
    static func updates(from current: ConnectUser, to changes: UserChanges, proficiencies: [ConnectUserProficiency]? = nil,
                        identity management: IdentityManagement) -> Result<[UserUpdate], RowProblem> {
        var updates: [UserUpdate] = []

        var identity = current.identityInfo
        if let first = changes.firstName { identity.firstName = first }
        if let last = changes.lastName { identity.lastName = last }
        if let email = changes.email { identity.email = email }
        if let secondary = changes.secondaryEmail { identity.secondaryEmail = secondary }
        if let mobile = changes.mobile { identity.mobile = mobile }
        // SAML instances refuse Email in UpdateUserIdentityInfo.
        if management == .saml { identity.email = nil }
        let namesDiffer = identity.firstName != current.identityInfo.firstName || identity.lastName != current.identityInfo.lastName
        let emailDiffers = changes.email != nil && changes.email != current.identityInfo.email
        let othersDiffer = identity.secondaryEmail != current.identityInfo.secondaryEmail || identity.mobile != current.identityInfo.mobile
        if namesDiffer || othersDiffer || (management != .saml && emailDiffers) {
            updates.append(.identity(identity))
        }

        switch channelUpdates(current, changes) {
        case .failure(let problem): return .failure(problem)
        case .success(let configs): if !configs.isEmpty { updates.append(.channels(configs)) }
        }

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

        if let wanted = changes.tags {
            let added = wanted.filter { current.tags[$0.key] != $0.value }
            let removed = current.tags.keys.filter { wanted[$0] == nil }.sorted()
            if !added.isEmpty { updates.append(.tag(added)) }
            if !removed.isEmpty { updates.append(.untag(keys: removed)) }
        }

        if let wanted = changes.proficiencies.map({ $0.map(\.connect) }), let have = proficiencies {
            let levels = Dictionary(have.map { (ProficiencyKey($0), $0.level) }) { first, _ in first }
            let wantedKeys = Set(wanted.map(ProficiencyKey.init))
            let removed = have.filter { !wantedKeys.contains(ProficiencyKey($0)) }
            let added = wanted.filter { levels[ProficiencyKey($0)] == nil }
            let changed = wanted.filter { proficiency in levels[ProficiencyKey(proficiency)].map { $0 != proficiency.level } ?? false }
            if !removed.isEmpty { updates.append(.disassociateProficiencies(removed)) }
            if !added.isEmpty { updates.append(.associateProficiencies(added)) }
            if !changed.isEmpty { updates.append(.updateProficiencies(changed)) }
        }
        return .success(updates)
    }

    /// A channel's settings as the user has them. A user read without any per-channel list
    /// (a service or fake that reports only PhoneConfig) has PhoneConfig's: its auto accept is
    /// voice's, its ACW every channel's (what UpdateUserPhoneConfig sets).
    static func currentChannel(_ user: ConnectUser, _ channel: ConnectChannel) -> ConnectChannelConfig {
        var config = user.channels[channel] ?? ConnectChannelConfig()
        let phone = user.phoneConfig
        if user.channels.isEmpty { config.afterContactWorkSeconds = phone.afterContactWorkTimeLimit }
        if channel == .voice {
            config.phoneType = config.phoneType ?? phone.phoneType
            config.phoneNumber = config.phoneNumber ?? phone.deskPhoneNumber
            config.autoAccept = config.autoAccept ?? phone.autoAccept
            config.afterContactWorkSeconds = config.afterContactWorkSeconds ?? phone.afterContactWorkTimeLimit
        }
        return config
    }

    /// UpdateUserConfig's channels: for each channel, each list (auto accept, ACW, phone,
    /// persistent connection, voice enhancement) whose members the row changes, with the
    /// members it does not change sent back as they are; nothing for a channel already as
    /// asked.
    static func channelUpdates(_ current: ConnectUser, _ changes: UserChanges) -> Result<ConnectChannelConfigs, RowProblem> {
        let wanted = changes.resolvedChannels
        var configs: ConnectChannelConfigs = [:]
        for channel in ChannelSettings.Channel.allCases {
            let have = currentChannel(current, channel.connect)
            let isVoice = channel == .voice
            var out = ConnectChannelConfig()

            let autoAccept = wanted.autoAccept[channel]
            let callbackAutoAccept = isVoice ? wanted.callbackAutoAccept : nil
            if differs(autoAccept, have.autoAccept) || differs(callbackAutoAccept, have.agentFirstCallbackAutoAccept) {
                out.autoAccept = autoAccept ?? have.autoAccept ?? false
                out.agentFirstCallbackAutoAccept = callbackAutoAccept ?? have.agentFirstCallbackAutoAccept
            }
            let seconds = wanted.afterContactWork[channel]
            let callbackSeconds = isVoice ? wanted.callbackAfterContactWork : nil
            if differs(seconds, have.afterContactWorkSeconds) || differs(callbackSeconds, have.agentFirstCallbackAfterContactWorkSeconds) {
                out.afterContactWorkSeconds = seconds ?? have.afterContactWorkSeconds ?? 0
                out.agentFirstCallbackAfterContactWorkSeconds = callbackSeconds ?? have.agentFirstCallbackAfterContactWorkSeconds
            }
            if isVoice {
                let type = changes.phoneType ?? have.phoneType ?? .softPhone
                let number = changes.deskPhoneNumber ?? have.phoneNumber
                if type == .deskPhone, number == nil {
                    return .failure(RowProblem(column: .phoneNumber, kind: .empty,
                        message: "phone number is empty and user '\(current.username)' has no desk phone number: a desk phone needs one, for example \(FieldRules.phoneExample)"))
                }
                if differs(changes.phoneType, have.phoneType) || differs(changes.deskPhoneNumber, have.phoneNumber) {
                    out.phoneType = type
                    out.phoneNumber = number
                }
                if differs(wanted.persistentConnection, have.persistentConnection) { out.persistentConnection = wanted.persistentConnection }
                let enhancement = wanted.voiceEnhancement?.connect
                if differs(enhancement, have.voiceEnhancement) { out.voiceEnhancement = enhancement }
            }
            if out != ConnectChannelConfig() { configs[channel.connect] = out }
        }
        return .success(configs)
    }

    /// The row names a value and it is not the user's.
    private static func differs<T: Equatable>(_ wanted: T?, _ have: T?) -> Bool {
        wanted != nil && wanted != have
    }
}
