import ConnectClient

/// The per-channel settings a row gives (AutoAcceptConfigs, AfterContactWorkConfigs,
/// PersistentConnectionConfigs, VoiceEnhancementConfigs in the API), in the sheet's own terms:
/// a missing entry or a nil member is a setting the row does not name.
package struct ChannelSettings: Sendable, Equatable {
    /// Amazon Connect's channels, under the API's names.
    package enum Channel: String, Sendable, CaseIterable, Hashable {
        case voice = "VOICE", chat = "CHAT", task = "TASK", email = "EMAIL"
    }

    /// VoiceEnhancementConfigs' mode.
    package enum VoiceEnhancement: String, Sendable, Equatable {
        case none = "NONE", noiseSuppression = "NOISE_SUPPRESSION", voiceIsolation = "VOICE_ISOLATION"
    }

    package var autoAccept: [Channel: Bool]
    /// Seconds.
    package var afterContactWork: [Channel: Int]
    /// Voice's AgentFirstCallbackAutoAccept.
    package var callbackAutoAccept: Bool?
    /// Voice's AgentFirstCallbackAfterContactWorkConfig, seconds.
    package var callbackAfterContactWork: Int?
    /// Voice's PersistentConnectionConfigs.
    package var persistentConnection: Bool?
    /// Voice's VoiceEnhancementConfigs.
    package var voiceEnhancement: VoiceEnhancement?

    package init(autoAccept: [Channel: Bool] = [:], afterContactWork: [Channel: Int] = [:], callbackAutoAccept: Bool? = nil,
                callbackAfterContactWork: Int? = nil, persistentConnection: Bool? = nil, voiceEnhancement: VoiceEnhancement? = nil) {
        self.autoAccept = autoAccept
        self.afterContactWork = afterContactWork
        self.callbackAutoAccept = callbackAutoAccept
        self.callbackAfterContactWork = callbackAfterContactWork
        self.persistentConnection = persistentConnection
        self.voiceEnhancement = voiceEnhancement
    }

    /// No setting named.
    package var isEmpty: Bool { self == ChannelSettings() }

    /// For create: every channel's auto accept and ACW set (a channel's own cell, else the
    /// legacy column's value, which is voice's auto accept and every channel's ACW).
    func filledForCreate(voiceAutoAccept: Bool, afterContactWork seconds: Int) -> ChannelSettings {
        var filled = self
        for channel in Channel.allCases {
            filled.autoAccept[channel] = autoAccept[channel] ?? (channel == .voice ? voiceAutoAccept : false)
            filled.afterContactWork[channel] = afterContactWork[channel] ?? seconds
        }
        return filled
    }

    /// For update: the row's own cells with the legacy columns folded in (`soft phone auto
    /// accept` is voice's; `ACW timeout` sets each channel that has no ACW cell of its own).
    func resolved(voiceAutoAccept: Bool?, afterContactWork seconds: Int?) -> ChannelSettings {
        var resolved = self
        if let voiceAutoAccept, resolved.autoAccept[.voice] == nil { resolved.autoAccept[.voice] = voiceAutoAccept }
        if let seconds {
            for channel in Channel.allCases where resolved.afterContactWork[channel] == nil {
                resolved.afterContactWork[channel] = seconds
            }
        }
        return resolved
    }

    /// The columns that give each channel its own auto accept and ACW cells.
    static let autoAcceptColumns: [(Channel, AgentColumn)] = [(.chat, .chatAutoAccept), (.task, .taskAutoAccept), (.email, .emailAutoAccept)]
    static let acwColumns: [(Channel, AgentColumn)] = [(.voice, .voiceACW), (.chat, .chatACW), (.task, .taskACW), (.email, .emailACW)]

    /// The columns of this struct (not the legacy `soft phone auto accept` and `ACW timeout`).
    static let columns: [AgentColumn] = autoAcceptColumns.map(\.1) + acwColumns.map(\.1)
        + [.callbackAutoAccept, .callbackACW, .persistentConnection, .voiceEnhancement]
}

extension ChannelSettings.Channel {
    var connect: ConnectChannel {
        switch self {
        case .voice: .voice
        case .chat: .chat
        case .task: .task
        case .email: .email
        }
    }
}

extension ChannelSettings.VoiceEnhancement {
    var connect: ConnectVoiceEnhancement {
        switch self {
        case .none: .none
        case .noiseSuppression: .noiseSuppression
        case .voiceIsolation: .voiceIsolation
        }
    }
}

extension ChannelSettings {
    /// The per-channel lists' items for these settings, and voice's phone (for create, where
    /// CreateUser's lists replace its PhoneConfig).
    func connectConfigs(phoneType: ConnectPhoneConfig.PhoneType?, phoneNumber: String?) -> ConnectChannelConfigs {
        var configs: ConnectChannelConfigs = [:]
        for channel in Channel.allCases {
            var config = ConnectChannelConfig(autoAccept: autoAccept[channel], afterContactWorkSeconds: afterContactWork[channel])
            if channel == .voice {
                config.agentFirstCallbackAutoAccept = callbackAutoAccept
                config.agentFirstCallbackAfterContactWorkSeconds = callbackAfterContactWork
                config.phoneType = phoneType
                config.phoneNumber = phoneNumber
                config.persistentConnection = persistentConnection
                config.voiceEnhancement = voiceEnhancement?.connect
            }
            if config != ConnectChannelConfig() { configs[channel.connect] = config }
        }
        return configs
    }
}
