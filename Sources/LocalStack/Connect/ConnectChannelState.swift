import Foundation

/// One non-voice channel's settings (CHAT, TASK, EMAIL): what `AutoAcceptConfigs` and
/// `AfterContactWorkConfigs` carry for it.
public struct ConnectChannelState: Codable, Sendable, Equatable {
    public var autoAccept: Bool
    /// Seconds.
    public var afterContactWorkTimeLimit: Int

    public init(autoAccept: Bool = false, afterContactWorkTimeLimit: Int = 0) {
        self.autoAccept = autoAccept
        self.afterContactWorkTimeLimit = afterContactWorkTimeLimit
    }
}
