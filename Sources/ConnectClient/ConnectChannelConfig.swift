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
