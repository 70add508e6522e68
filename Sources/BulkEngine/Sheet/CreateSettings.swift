import ConnectClient

/// A create row's settings beyond the identity, profiles, phone and hierarchy.
package struct CreateSettings: Sendable, Equatable {
    /// Every channel's auto accept and ACW (the row's own cells, else the legacy columns, else
    /// their defaults) and the voice settings the row gives; empty when the row gives no
    /// per-channel cell (the legacy columns then go as PhoneConfig).
    package var channels = ChannelSettings()
    package var tags: [String: String] = [:]
    /// AssociateUserProficiencies after the create, when not empty.
    package var proficiencies: [SheetProficiency] = []
    package var directoryUserID: String?

    package init(channels: ChannelSettings = ChannelSettings(), tags: [String: String] = [:],
                proficiencies: [SheetProficiency] = [], directoryUserID: String? = nil) {
        self.channels = channels
        self.tags = tags
        self.proficiencies = proficiencies
        self.directoryUserID = directoryUserID
    }
}
