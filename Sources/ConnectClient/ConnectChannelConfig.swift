/// Amazon Connect's channels (the model's `Channel`). A coding key, so that a dictionary by
/// channel encodes as a JSON object whose keys sort: the same users, the same bytes (an export's
/// stored list of users is named by its digest).
package enum ConnectChannel: String, Sendable, CaseIterable, Hashable, Codable, CodingKeyRepresentable {
    case voice = "VOICE", chat = "CHAT", task = "TASK", email = "EMAIL"
}

/// The model's `VoiceEnhancementMode`.
package enum ConnectVoiceEnhancement: String, Sendable, Equatable, Codable {
    case none = "NONE", noiseSuppression = "NOISE_SUPPRESSION", voiceIsolation = "VOICE_ISOLATION"
}

/// One channel's settings, as the per-channel lists (`AutoAcceptConfigs`,
/// `AfterContactWorkConfigs`, `PhoneNumberConfigs`, `PersistentConnectionConfigs`,
/// `VoiceEnhancementConfigs`) carry them.
///
/// A nil member is not reported / not sent. When sent (CreateUser, UpdateUserConfig), each list
/// gets an item for a channel whose members for that list are set: `AutoAcceptConfigs` needs
/// `autoAccept`, `AfterContactWorkConfigs` needs `afterContactWorkSeconds`, `PhoneNumberConfigs`
/// needs `phoneType`, `PersistentConnectionConfigs` needs `persistentConnection`,
/// `VoiceEnhancementConfigs` needs `voiceEnhancement` (the model's required members).
package struct ConnectChannelConfig: Sendable, Equatable, Codable {
    package var autoAccept: Bool?
    /// VOICE only (`AgentFirstCallbackAutoAccept`).
    package var agentFirstCallbackAutoAccept: Bool?
    /// Seconds, always (a searched user's values wait in `ConnectUser.reportedAfterContactWork`
    /// until their unit is known).
    package var afterContactWorkSeconds: Int?
    /// VOICE only (`AgentFirstCallbackAfterContactWorkConfig`), seconds.
    package var agentFirstCallbackAfterContactWorkSeconds: Int?
    /// VOICE only (`PhoneNumberConfigs`).
    package var phoneType: ConnectPhoneConfig.PhoneType?
    /// VOICE only (`PhoneNumberConfigs`).
    package var phoneNumber: String?
    /// VOICE only.
    package var persistentConnection: Bool?
    /// VOICE only.
    package var voiceEnhancement: ConnectVoiceEnhancement?

    package init(autoAccept: Bool? = nil, agentFirstCallbackAutoAccept: Bool? = nil, afterContactWorkSeconds: Int? = nil,
                agentFirstCallbackAfterContactWorkSeconds: Int? = nil, phoneType: ConnectPhoneConfig.PhoneType? = nil,
                phoneNumber: String? = nil, persistentConnection: Bool? = nil, voiceEnhancement: ConnectVoiceEnhancement? = nil) {
        self.autoAccept = autoAccept
        self.agentFirstCallbackAutoAccept = agentFirstCallbackAutoAccept
        self.afterContactWorkSeconds = afterContactWorkSeconds
        self.agentFirstCallbackAfterContactWorkSeconds = agentFirstCallbackAfterContactWorkSeconds
        self.phoneType = phoneType
        self.phoneNumber = phoneNumber
        self.persistentConnection = persistentConnection
        self.voiceEnhancement = voiceEnhancement
    }
}

package typealias ConnectChannelConfigs = [ConnectChannel: ConnectChannelConfig]

/// The model's `UserProficiency`.
package struct ConnectUserProficiency: Sendable, Hashable {
    package var attributeName: String
    package var attributeValue: String
    /// 1.0 ... 5.0 (`ProficiencyLevel`).
    package var level: Double

    package init(attributeName: String, attributeValue: String, level: Double) {
        self.attributeName = attributeName
        self.attributeValue = attributeValue
        self.level = level
    }
}

/// A predefined attribute of the instance and its values (SearchPredefinedAttributes).
package struct ConnectPredefinedAttribute: Sendable, Equatable {
    package var name: String
    package var values: [String]

    package init(name: String, values: [String]) {
        self.name = name
        self.values = values
    }
}
