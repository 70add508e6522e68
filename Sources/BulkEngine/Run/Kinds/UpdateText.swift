import ConnectClient

/// An update's changes as a plan shows them: `routing profile 'Basic' -> 'Sales'`, old value
/// first, names rather than ids, in the words and cell syntax of the template.
struct UpdateText {
    let user: ConnectUser
    /// The user's proficiencies, when the row sets them (read for the comparison).
    let proficiencies: [ConnectUserProficiency]
    let reference: InstanceReference

    func describe(_ updates: [UserUpdate]) -> [String] {
        var pieces: [String] = []
        var tags: [String] = []
        var proficiencies: [String] = []
        for update in updates {
            switch update {
            case .identity(let identity):
                pieces += identityChanges(identity)
            case .channels(let channels):
                pieces += channelChanges(channels)
            case .routingProfile(let id):
                pieces.append("""
                    routing profile \(name(user.routingProfileID, in: reference.routingProfiles)) -> \(name(id, in: reference.routingProfiles))
                    """)
            case .securityProfiles(let ids):
                pieces.append("security profiles \(names(user.securityProfileIDs)) -> \(names(ids))")
            case .hierarchy(let groupID):
                pieces.append("hierarchy \(path(user.hierarchyGroupID)) -> \(path(groupID))")
            case .tag(let added):
                tags += added.sorted { $0.key < $1.key }.map { "+\($0.key)=\($0.value)" }
            case .untag(let keys):
                tags += keys.sorted().map { "-\($0)" }
            case .disassociateProficiencies(let removed):
                proficiencies += removed.map { "-\($0.attributeName):\($0.attributeValue)" }
            case .associateProficiencies(let added):
                proficiencies += added.map { "+\($0.attributeName):\($0.attributeValue):\(Self.level($0.level))" }
            case .updateProficiencies(let changed):
                proficiencies += changed.map { """
                    \($0.attributeName):\($0.attributeValue) level \(Self.level(level(of: $0))) -> \(Self.level($0.level))
                    """ }
            }
        }
        if !tags.isEmpty { pieces.append("tags " + tags.joined(separator: " ")) }
        if !proficiencies.isEmpty { pieces.append("proficiencies " + proficiencies.joined(separator: " ")) }
        return pieces
    }

    private func identityChanges(_ identity: ConnectIdentityInfo) -> [String] {
        let now = user.identityInfo
        var pieces: [String] = []
        func change(_ what: String, _ old: String?, _ new: String?) {
            if old != new { pieces.append("\(what) \(Self.quoted(old)) -> \(Self.quoted(new))") }
        }
        change("first name", now.firstName, identity.firstName)
        change("last name", now.lastName, identity.lastName)
        change("email address", now.email, identity.email)
        change("secondary email address", now.secondaryEmail, identity.secondaryEmail)
        change("mobile", now.mobile, identity.mobile)
        return pieces
    }

    private func channelChanges(_ channels: ConnectChannelConfigs) -> [String] {
        var pieces: [String] = []
        for channel in ConnectChannel.allCases {
            guard let new = channels[channel] else { continue }
            let old = UserDiff.currentChannel(user, channel)
            let label = channel.rawValue.lowercased()
            func change<T: Equatable>(_ what: String, _ old: T?, _ new: T?, _ show: (T) -> String) {
                guard let new, new != old else { return }
                pieces.append("\(label) \(what) \(old.map(show) ?? "(none)") -> \(show(new))")
            }
            change("auto accept", old.autoAccept, new.autoAccept, Self.yesNo)
            change("callback auto accept", old.agentFirstCallbackAutoAccept, new.agentFirstCallbackAutoAccept, Self.yesNo)
            change("ACW timeout", old.afterContactWorkSeconds, new.afterContactWorkSeconds) { "\($0) s" }
            change("callback ACW timeout", old.agentFirstCallbackAfterContactWorkSeconds, new.agentFirstCallbackAfterContactWorkSeconds) { "\($0) s" }
            change("phone type", old.phoneType, new.phoneType) { $0 == .deskPhone ? "desk" : "soft" }
            change("phone number", old.phoneNumber, new.phoneNumber) { $0 }
            change("persistent connection", old.persistentConnection, new.persistentConnection, Self.yesNo)
            change("voice enhancement", old.voiceEnhancement, new.voiceEnhancement) { $0.rawValue.lowercased().replacing("_", with: " ") }
        }
        return pieces
    }

    private func level(of proficiency: ConnectUserProficiency) -> Double {
        proficiencies.first { ProficiencyKey($0) == ProficiencyKey(proficiency) }?.level ?? 0
    }

    private func name(_ id: String?, in resources: [ConnectNamedResource]) -> String {
        guard let id else { return "(none)" }
        return Self.quoted(resources.first { $0.id == id }?.name ?? id)
    }

    private func names(_ ids: [String]) -> String {
        Self.quoted(ids.map { id in reference.securityProfiles.first { $0.id == id }?.name ?? id }.sorted().joined(separator: "|"))
    }

    private func path(_ groupID: String?) -> String {
        guard let groupID else { return "(none)" }
        return Self.quoted(reference.hierarchyGroups.first { $0.id == groupID }?.path.joined(separator: "/") ?? groupID)
    }

    static func quoted(_ text: String?) -> String { text.map(SheetText.quoted) ?? "(none)" }

    static func yesNo(_ value: Bool) -> String { value ? "yes" : "no" }

    /// `5`, `2.5`: as the proficiencies cell writes a level.
    static func level(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
