import Foundation

/// One user as the Connect stand-in holds it: what DescribeUser reports, flattened, plus
/// whether a password was set (the password itself is not kept).
///
/// The VOICE channel's settings are the phone members (`phoneType`, `autoAccept`,
/// `afterContactWorkTimeLimit`, `deskPhoneNumber`, `persistentConnection`), which PhoneConfig and
/// the VOICE items of the per-channel lists both report; the other channels are in `channels`.
public struct ConnectUserState: Codable, Sendable, Equatable {
    public var id: String
    public var arn: String
    public var username: String
    public var firstName: String?
    public var lastName: String?
    public var email: String?
    public var secondaryEmail: String?
    public var mobile: String?
    /// `SOFT_PHONE` or `DESK_PHONE`.
    public var phoneType: String
    public var autoAccept: Bool
    /// Seconds, as DescribeUser reports it (SearchUsers reports milliseconds).
    public var afterContactWorkTimeLimit: Int
    public var deskPhoneNumber: String?
    public var directoryUserID: String?
    public var securityProfileIDs: [String]
    public var routingProfileID: String
    public var hierarchyGroupID: String?
    public var tags: [String: String]
    public var lastModifiedTime: Date
    public var lastModifiedRegion: String
    public var hasPassword: Bool
    /// VOICE: `PersistentConnectionConfigs` (and PhoneConfig's `PersistentConnection`).
    public var persistentConnection: Bool = false
    /// VOICE: `VoiceEnhancementMode`.
    public var voiceEnhancementMode: String = "NONE"
    /// VOICE: agent-first callbacks; `nil` until set (then not reported).
    public var agentFirstCallbackAutoAccept: Bool?
    public var agentFirstCallbackAfterContactWorkTimeLimit: Int?
    /// CHAT, TASK and EMAIL, always all three.
    public var channels: [String: ConnectChannelState] = ConnectUserState.defaultChannels(afterContactWorkTimeLimit: 0)
    /// In association order.
    public var proficiencies: [ConnectProficiencyState] = []
    public var proficienciesModifiedTime: Date?

    /// The channels besides VOICE, in the model's order.
    public static let otherChannels = ["CHAT", "TASK", "EMAIL"]

    public static func defaultChannels(afterContactWorkTimeLimit: Int) -> [String: ConnectChannelState] {
        Dictionary(uniqueKeysWithValues: otherChannels.map { ($0, ConnectChannelState(afterContactWorkTimeLimit: afterContactWorkTimeLimit)) })
    }
}
