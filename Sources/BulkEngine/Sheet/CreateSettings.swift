import ConnectClient

/// A create row's settings beyond the identity, profiles, phone and hierarchy.
public struct CreateSettings: Sendable, Equatable {
    /// Every channel's auto accept and ACW (the row's own cells, else the legacy columns, else
    /// their defaults) and the voice settings the row gives; empty when the row gives no
    /// per-channel cell (the legacy columns then go as PhoneConfig).
    public var channels = ChannelSettings()
    public var tags: [String: String] = [:]
    /// AssociateUserProficiencies after the create, when not empty.
    public var proficiencies: [SheetProficiency] = []
    public var directoryUserID: String?

    public init(channels: ChannelSettings = ChannelSettings(), tags: [String: String] = [:],
                proficiencies: [SheetProficiency] = [], directoryUserID: String? = nil) {
        self.channels = channels
        self.tags = tags
        self.proficiencies = proficiencies
        self.directoryUserID = directoryUserID
    }
}
